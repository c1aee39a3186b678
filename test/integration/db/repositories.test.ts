import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database as Connection } from 'better-sqlite3';
import Database from '../../../main/db/driver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAccount, saveAccount, type AccountInput } from '../../../main/db/repositories/accounts';
import {
  GENESIS_HASH,
  appendAudit,
  canonicalJson,
  verifyAuditChain,
} from '../../../main/db/repositories/audit';
import {
  closeCall,
  listCalls,
  markAnswered,
  openCall,
} from '../../../main/db/repositories/callLog';
import { getSetting, setSetting } from '../../../main/db/repositories/settings';
import { openStore, type Store } from '../../../main/db/store';

let dir: string;
let store: Store;
let db: Connection;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-repo-'));
  store = openStore(dir);
  db = store.db;
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('settings', () => {
  it('round-trips JSON values and reports unset keys as undefined', () => {
    expect(getSetting(db, 'language')).toBeUndefined();
    setSetting(db, 'language', 'ko');
    setSetting(db, 'micProcessing', false);
    setSetting(db, 'window', { width: 800, height: 600, pinned: [1, 2] });
    expect(getSetting<string>(db, 'language')).toBe('ko');
    expect(getSetting<boolean>(db, 'micProcessing')).toBe(false);
    expect(getSetting(db, 'window')).toEqual({ width: 800, height: 600, pinned: [1, 2] });
    setSetting(db, 'language', 'en', 42);
    expect(getSetting(db, 'language')).toBe('en');
    expect(db.prepare("SELECT updated_at FROM settings WHERE key = 'language'").pluck().get()).toBe(
      42,
    );
  });

  it('stores null but refuses values JSON cannot represent', () => {
    setSetting(db, 'nothing', null);
    expect(getSetting(db, 'nothing')).toBeNull();
    expect(() => setSetting(db, 'bad', undefined)).toThrow(TypeError);
  });
});

describe('accounts', () => {
  const PASSWORD = 'correct horse battery staple 9!';
  const account: AccountInput = {
    displayName: 'Agent Kim',
    sipUri: 'sip:1001@pbx.example.com',
    wsServers: ['wss://pbx.example.com:8089/ws', 'wss://backup.example.com/ws'],
    passwordRef: '0123456789abcdef0123456789abcdef',
  };

  it('is null before set-up, then saves and reads back the single agent account', () => {
    expect(getAccount(db)).toBeNull();
    const saved = saveAccount(db, account, 1000);
    // DTMF as RFC 4733 unless the account says otherwise.
    expect(saved).toEqual({ id: 1, ...account, dtmfMode: 'rfc4733' });
    expect(getAccount(db)).toEqual(saved);

    const updated = saveAccount(
      db,
      { ...account, displayName: 'Agent Lee', passwordRef: null, dtmfMode: 'info' },
      2000,
    );
    expect(updated).toEqual({
      id: 1,
      ...account,
      displayName: 'Agent Lee',
      passwordRef: null,
      dtmfMode: 'info',
    });
    expect(db.prepare('SELECT created_at, updated_at FROM accounts').all()).toEqual([
      { created_at: 1000, updated_at: 2000 },
    ]);
  });

  it('has no place for a password: nothing in the database contains it', () => {
    // What the IPC request carries; a careless spread must not carry the password into SQLite.
    const request = { ...account, password: PASSWORD };
    // @ts-expect-error -- saveAccount's input type has no password field.
    const typed: AccountInput & { password?: never } = request;
    saveAccount(db, typed);
    setSetting(db, 'language', 'ko');

    const columns = db.pragma('table_xinfo(accounts)') as Array<{ name: string }>;
    expect(columns.map((c) => c.name).filter((n) => /pass|secret|pwd/i.test(n))).toEqual([
      'password_ref',
    ]);

    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM ${table}`).all() as Array<
        Record<string, unknown>
      >) {
        expect(JSON.stringify(row), table).not.toContain(PASSWORD);
      }
    }
    // And not in the bytes on disk either (database file and WAL).
    for (const suffix of ['', '-wal']) {
      const onDisk = path.join(dir, `sori-desk.sqlite${suffix}`);
      if (fs.existsSync(onDisk)) expect(fs.readFileSync(onDisk).includes(PASSWORD)).toBe(false);
    }
  });
});

describe('call log', () => {
  const remote = { uri: 'sip:+821012345678@pbx.example.com', displayName: 'Park' };

  it('opens a call once: a second open with the same id is a no-op', () => {
    expect(openCall(db, { callId: 'a', direction: 'inbound', remote, startedAt: 100 })).toBe(true);
    expect(
      openCall(db, {
        callId: 'a',
        direction: 'outbound',
        remote: { uri: 'sip:x@y', displayName: null },
        startedAt: 999,
      }),
    ).toBe(false);
    expect(listCalls(db, 10)).toEqual([
      {
        callId: 'a',
        direction: 'inbound',
        remote,
        startedAt: 100,
        answeredAt: null,
        endedAt: null,
        endReason: null,
      },
    ]);
  });

  it('links a call to the account when given, and refuses an unknown account', () => {
    const account = saveAccount(db, {
      displayName: 'A',
      sipUri: 'sip:1@pbx.example.com',
      wsServers: ['wss://pbx.example.com/ws'],
      passwordRef: null,
    });
    openCall(db, {
      callId: 'a',
      direction: 'inbound',
      remote,
      startedAt: 1,
      accountId: account.id,
    });
    expect(db.prepare("SELECT account_id FROM call_log WHERE call_id = 'a'").pluck().get()).toBe(1);
    expect(() =>
      openCall(db, { callId: 'b', direction: 'inbound', remote, startedAt: 1, accountId: 77 }),
    ).toThrow(/FOREIGN KEY/);
  });

  it('marks answered once, never after the end, and reports unknown calls', () => {
    openCall(db, { callId: 'a', direction: 'inbound', remote, startedAt: 100 });
    expect(markAnswered(db, 'a', 110)).toBe(true);
    expect(markAnswered(db, 'a', 120)).toBe(true); // found, but the first answer stands
    expect(listCalls(db, 1)[0]?.answeredAt).toBe(110);

    openCall(db, { callId: 'b', direction: 'outbound', remote, startedAt: 200 });
    expect(closeCall(db, 'b', 205, 'no_answer')).toBe(true);
    expect(markAnswered(db, 'b', 210)).toBe(true);
    expect(listCalls(db, 10).find((c) => c.callId === 'b')?.answeredAt).toBeNull();

    expect(markAnswered(db, 'nope', 1)).toBe(false);
  });

  it('closes once: the first close wins', () => {
    openCall(db, { callId: 'a', direction: 'inbound', remote, startedAt: 100 });
    expect(closeCall(db, 'a', 150, 'remote_hangup')).toBe(true);
    expect(closeCall(db, 'a', 151, 'local_hangup')).toBe(true);
    expect(listCalls(db, 1)[0]).toMatchObject({ endedAt: 150, endReason: 'remote_hangup' });
    expect(closeCall(db, 'nope', 1, 'failed')).toBe(false);
  });

  it('lists newest first, limited, with ties in insertion order reversed', () => {
    openCall(db, { callId: 'old', direction: 'inbound', remote, startedAt: 100 });
    openCall(db, { callId: 'new', direction: 'inbound', remote, startedAt: 300 });
    openCall(db, { callId: 'mid', direction: 'outbound', remote, startedAt: 200 });
    openCall(db, { callId: 'mid2', direction: 'outbound', remote, startedAt: 200 });
    expect(listCalls(db, 10).map((c) => c.callId)).toEqual(['new', 'mid2', 'mid', 'old']);
    expect(listCalls(db, 2).map((c) => c.callId)).toEqual(['new', 'mid2']);
    expect(() => listCalls(db, 0)).toThrow(RangeError);
    expect(() => listCalls(db, 1.5)).toThrow(RangeError);
  });
});

describe('audit log', () => {
  const entry = (n: number) => ({
    at: 1000 + n,
    actor: 'agent',
    action: 'note.saved',
    subject: `note-${n}`,
    detail: { n, nested: { z: 1, a: [true, null, 'x'] } },
  });

  it('chains each row to the previous one and verifies', () => {
    expect(verifyAuditChain(db)).toEqual({ ok: true });
    const first = appendAudit(db, entry(1));
    const second = appendAudit(db, { ...entry(2), subject: undefined, detail: {} });
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(second.subject).toBeNull();
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(db.prepare('SELECT detail FROM audit_log WHERE id = ?').pluck().get(first.id)).toBe(
      '{"n":1,"nested":{"a":[true,null,"x"],"z":1}}',
    );
    expect(verifyAuditChain(db)).toEqual({ ok: true });
  });

  it('works inside the caller transaction and rolls back with it', () => {
    const record = db.transaction((fail: boolean) => {
      setSetting(db, 'language', fail ? 'en' : 'ko');
      appendAudit(db, {
        at: 1,
        actor: 'agent',
        action: 'settings.changed',
        detail: { key: 'language' },
      });
      if (fail) throw new Error('rolled back');
    });
    record.immediate(false);
    expect(() => record.immediate(true)).toThrow('rolled back');
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(1);
    expect(getSetting(db, 'language')).toBe('ko');
    appendAudit(db, entry(3));
    expect(verifyAuditChain(db)).toEqual({ ok: true });
  });

  it('keeps one chain across connections', () => {
    appendAudit(db, entry(1));
    const other = new Database(store.file);
    try {
      appendAudit(other, entry(2));
    } finally {
      other.close();
    }
    appendAudit(db, entry(3));
    expect(verifyAuditChain(db)).toEqual({ ok: true });
  });

  it('cannot be edited through the application: UPDATE and DELETE are refused', () => {
    const row = appendAudit(db, entry(1));
    expect(() =>
      db.prepare("UPDATE audit_log SET actor = 'intruder' WHERE id = ?").run(row.id),
    ).toThrow('audit_log is append-only');
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = ?').run(row.id)).toThrow(
      'audit_log is append-only',
    );
  });

  describe('detects tampering', () => {
    // The triggers make tampering impossible through SQL, so to simulate someone editing the file
    // directly these tests drop the triggers first and then change rows.
    const dropTriggers = () =>
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');

    beforeEach(() => {
      for (let n = 1; n <= 5; n += 1) appendAudit(db, entry(n));
      expect(verifyAuditChain(db)).toEqual({ ok: true });
      dropTriggers();
    });

    it('an edited field', () => {
      db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE id = 3").run();
      expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 3 });
    });

    it('an edited detail', () => {
      db.prepare(`UPDATE audit_log SET detail = '{"n":99}' WHERE id = 2`).run();
      expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 2 });
    });

    it('a re-hashed row (its successor no longer links to it)', () => {
      const row = db.prepare('SELECT prev_hash FROM audit_log WHERE id = 4').get() as {
        prev_hash: string;
      };
      // Forge row 4 with a hash that matches its new content; row 5 still links to the old hash.
      db.prepare("UPDATE audit_log SET action = 'forged', hash = ? WHERE id = 4").run(
        forgeHash(row.prev_hash, 1004, 'agent', 'forged', 'note-4', entry(4).detail),
      );
      expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 5 });
    });

    it('a deleted middle row', () => {
      db.prepare('DELETE FROM audit_log WHERE id = 2').run();
      expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 3 });
    });

    it('a non-canonical detail', () => {
      db.prepare(`UPDATE audit_log SET detail = ' ' || detail WHERE id = 1`).run();
      expect(verifyAuditChain(db)).toEqual({ ok: false, brokenAt: 1 });
    });
  });
});

describe('canonicalJson', () => {
  it('sorts keys, drops undefined properties and refuses what JSON cannot say', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
  });
});

/** Recomputes a row hash the way appendAudit does, as a forger who knows the scheme would. */
function forgeHash(
  prevHash: string,
  at: number,
  actor: string,
  action: string,
  subject: string,
  detail: unknown,
): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson({ action, actor, at, detail, subject }))
    .digest('hex');
}
