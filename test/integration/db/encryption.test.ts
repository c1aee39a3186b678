import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DATABASE_KEY_REF,
  secretStoreKeyring,
  type DatabaseKeyring,
} from '../../../main/db/databaseKey';
import Database from '../../../main/db/driver';
import { StoreError } from '../../../main/db/errors';
import { openProfileDatabase } from '../../../main/db/profileDatabase';
import { appendAudit, verifyAuditChain } from '../../../main/db/repositories/audit';
import { saveDraft, submitNote } from '../../../main/db/repositories/notes';
import { enqueueOutbox } from '../../../main/db/repositories/outbox';
import { DATABASE_FILE_NAME, openStore, type Store } from '../../../main/db/store';
import { storeErrorMessage } from '../../../main/db/storeErrorMessage';
import { verifyProfile } from '../../../main/audit/verifyCommand';
import {
  createFileSecretStore,
  developmentPlaintextCipher,
  type SecretStore,
} from '../../../main/secrets/secretStore';

const NOTE = '고객 요청: 요금제 변경 SECRET-NOTE-7731';
const MAGIC = 'SQLite format 3';

let dir: string;
let file: string;
let secrets: SecretStore;
const stores: Store[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-encryption-'));
  file = path.join(dir, DATABASE_FILE_NAME);
  secrets = createFileSecretStore(path.join(dir, 'secrets'), developmentPlaintextCipher);
});

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The profile's keyring, counting how often a key is created. */
function keyring(store: SecretStore = secrets): DatabaseKeyring & { created: number } {
  const inner = secretStoreKeyring(store);
  const counted = {
    created: 0,
    load: () => inner.load(),
    create: () => {
      counted.created += 1;
      return inner.create();
    },
  };
  return counted;
}

const open = (ring?: DatabaseKeyring): Store => {
  const store = openStore(dir, ring ? { keyring: ring } : {});
  stores.push(store);
  return store;
};
const closeAll = () => {
  for (const store of stores.splice(0)) store.close();
};
const sha256 = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
const listing = () => fs.readdirSync(dir).sort();

/** A note, a draft, an audit row and an outbox write, as an agent's shift leaves them. */
function writeShift(store: Store): void {
  saveDraft(store.db, {
    callId: 'call-2',
    customerId: null,
    intentCode: null,
    body: `초안 ${NOTE}`,
    updatedAt: 1_700_000_000_000,
  });
  submitNote(
    store.db,
    { callId: 'call-1', customerId: null, intentCode: null, body: NOTE, updatedAt: 1 },
    1_700_000_000_000,
  );
  enqueueOutbox(store.db, 'team_lead_alert', { callId: 'call-1' }, 1_700_000_000_000);
  appendAudit(store.db, {
    at: 1_700_000_000_000,
    actor: 'agent',
    action: 'test.shift',
    subject: null,
    detail: { n: 1 },
  });
}

function snapshot(store: Store) {
  const all = (sql: string) => store.db.prepare(sql).all();
  return {
    notes: all('SELECT id, body, sync_state FROM notes ORDER BY id'),
    drafts: all('SELECT call_id, body FROM note_drafts ORDER BY call_id'),
    outbox: all('SELECT id, kind, payload, idempotency_key FROM outbox ORDER BY id'),
    audit: all('SELECT id, action, hash FROM audit_log ORDER BY id'),
  };
}

function storeErrorOf(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('database encryption at rest (real SQLite3 Multiple Ciphers files)', () => {
  it('creates the database encrypted: no SQLite header, no note text on disk, unreadable without the key', () => {
    const ring = keyring();
    const store = open(ring);
    expect(store.encryption).toBe('encrypted');
    expect(ring.created).toBe(1);
    writeShift(store);
    // While open, the WAL holds the newest pages: encrypted as well.
    const wal = fs.readFileSync(`${file}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    expect(wal.includes('SECRET-NOTE-7731')).toBe(false);
    closeAll();

    const bytes = fs.readFileSync(file);
    expect(bytes.includes(MAGIC)).toBe(false);
    expect(bytes.includes('SECRET-NOTE-7731')).toBe(false);
    expect(bytes.includes(Buffer.from(NOTE, 'utf8'))).toBe(false);

    // The key is a 256-bit random value in the secret store, not in the profile's database.
    const stored = secrets.get(DATABASE_KEY_REF);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(bytes.includes(stored!)).toBe(false);

    const plain = new Database(file, { readonly: true });
    try {
      expect(() => plain.prepare('SELECT count(*) FROM notes').get()).toThrow(
        'file is not a database',
      );
    } finally {
      plain.close();
    }
  });

  it('opens again with the stored key (no new key), in WAL mode, with everything in it', () => {
    const first = open(keyring());
    writeShift(first);
    const before = snapshot(first);
    closeAll();

    const ring = keyring();
    const again = open(ring);
    expect(ring.created).toBe(0);
    expect(again.encryption).toBe('encrypted');
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.db.pragma('cipher', { simple: true })).toBe('chacha20');
    expect(snapshot(again)).toEqual(before);

    // Outside the app (tests, audit:verify): the key from the profile's development store.
    const outside = openProfileDatabase(dir, { readonly: true });
    try {
      expect(outside.prepare('SELECT body FROM notes').pluck().get()).toBe(NOTE);
    } finally {
      outside.close();
    }
  });

  it('encrypts a plaintext database of an earlier version in place, keeping every row', () => {
    const old = open(); // no keyring: the plaintext store of earlier versions
    expect(old.encryption).toBe('plaintext');
    writeShift(old);
    for (let i = 0; i < 2000; i++) {
      // Enough pages that a partial rewrite could not go unnoticed.
      enqueueOutbox(old.db, 'team_lead_alert', { i, pad: 'x'.repeat(200) }, 1_700_000_000_000 + i);
    }
    const before = snapshot(old);
    closeAll();
    expect(fs.readFileSync(file).includes(MAGIC)).toBe(true);
    expect(fs.readFileSync(file).includes('SECRET-NOTE-7731')).toBe(true);

    const migrated = open(keyring());
    expect(migrated.encryption).toBe('migrated');
    expect(snapshot(migrated)).toEqual(before);
    expect(verifyAuditChain(migrated.db)).toEqual({ ok: true });
    expect(migrated.db.pragma('journal_mode', { simple: true })).toBe('wal');
    closeAll();

    const bytes = fs.readFileSync(file);
    expect(bytes.includes(MAGIC)).toBe(false);
    expect(bytes.includes('SECRET-NOTE-7731')).toBe(false);
    // Nothing plaintext left beside it (no journal, no WAL, nothing moved aside).
    expect(listing()).toEqual(['secrets', DATABASE_FILE_NAME]);

    const reopened = open(keyring());
    expect(reopened.encryption).toBe('encrypted');
    expect(snapshot(reopened)).toEqual(before);
  });

  it('recovers from an encryption cut short by a kill -9 at any point: every row, then encrypted', async () => {
    // A plaintext database big enough that the rekey takes a while (~90 MiB).
    const old = open();
    const insert = old.db.prepare(
      'INSERT INTO note_drafts (call_id, body, updated_at) VALUES (?, ?, 1)',
    );
    old.db.transaction(() => {
      for (let i = 0; i < 300_000; i++) insert.run(`call-${i}`, `DRAFT-${i} ${'x'.repeat(250)}`);
    })();
    closeAll();
    const pristine = path.join(dir, 'pristine.sqlite');
    fs.copyFileSync(file, pristine);
    const ring = keyring();
    const key = ring.create();

    // What encryptInPlace does, in a child process this test can kill.
    const child = path.join(dir, 'rekey.cjs');
    fs.writeFileSync(
      child,
      `const Database = require(${JSON.stringify(require.resolve('better-sqlite3-multiple-ciphers'))});
       const db = new Database(process.argv[2]);
       db.pragma('wal_checkpoint(TRUNCATE)');
       db.pragma('journal_mode = DELETE');
       db.pragma("cipher = 'chacha20'");
       process.stdout.write('rekeying\\n');
       db.pragma(\`rekey = "x'${key.toString('hex')}'"\`);
       db.close();`,
    );
    const rekey = (killAfterMs: number | null) =>
      new Promise<{ killed: boolean; ms: number }>((resolve, reject) => {
        const proc = spawn(process.execPath, [child, file], { stdio: ['ignore', 'pipe', 'pipe'] });
        let started = 0;
        proc.stdout.on('data', () => {
          started = performance.now();
          if (killAfterMs !== null) setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
        });
        proc.on('error', reject);
        proc.on('exit', (_code, signal) =>
          resolve({ killed: signal === 'SIGKILL', ms: performance.now() - started }),
        );
      });
    const full = await rekey(null);
    expect(full.killed).toBe(false);

    let hotJournals = 0;
    for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      for (const suffix of ['', '-journal', '-wal', '-shm'])
        fs.rmSync(file + suffix, { force: true });
      fs.copyFileSync(pristine, file);
      const run = await rekey(Math.round(full.ms * fraction));
      if (!run.killed) continue;
      if (fs.existsSync(`${file}-journal`)) hotJournals += 1;
      const store = open(ring);
      // Killed after the rekey committed (before the process ended): already encrypted.
      expect(['migrated', 'encrypted'], `killed after ${fraction}`).toContain(store.encryption);
      expect(store.db.prepare('SELECT count(*) FROM note_drafts').pluck().get()).toBe(300_000);
      expect(store.db.pragma('quick_check', { simple: true })).toBe('ok');
      closeAll();
      expect(fs.readFileSync(file).subarray(0, 16).includes('SQLite format 3')).toBe(false);
      expect(fs.existsSync(`${file}-journal`)).toBe(false);
    }
    // At least one kill landed inside the rekey's transaction.
    expect(hotJournals).toBeGreaterThan(0);
  }, 120_000);

  it('refuses an encrypted database whose key is gone (DB_KEY_MISSING) and leaves the file as it is', () => {
    writeShift(open(keyring()));
    closeAll();
    const hash = sha256(file);
    const files = listing();

    const lostStore = createFileSecretStore(
      fs.mkdtempSync(path.join(os.tmpdir(), 'sori-lost-secrets-')),
      developmentPlaintextCipher,
    );
    const ring = keyring(lostStore);
    const error = storeErrorOf(() => open(ring));
    expect(error.code).toBe('DB_KEY_MISSING');
    expect(ring.created).toBe(0); // a new key would never open the file
    expect(sha256(file)).toBe(hash);
    expect(listing()).toEqual(files);
    expect(storeErrorMessage(error, 'ko')).toContain('보안 저장소에 그 키가 없습니다');
    expect(storeErrorMessage(error, 'ko')).toContain('삭제하지 않음');
    expect(storeErrorMessage(error, 'en')).toContain('not deleted');

    // Without any keyring (a plaintext-only caller) the same refusal.
    expect(storeErrorOf(() => open()).code).toBe('DB_KEY_MISSING');
    expect(sha256(file)).toBe(hash);
  });

  it('refuses a wrong key (DB_KEY_REJECTED) without moving or changing the file', () => {
    writeShift(open(keyring()));
    closeAll();
    const hash = sha256(file);
    const files = listing();

    const otherStore = createFileSecretStore(
      fs.mkdtempSync(path.join(os.tmpdir(), 'sori-other-secrets-')),
      developmentPlaintextCipher,
    );
    secretStoreKeyring(otherStore).create();
    const error = storeErrorOf(() => open(keyring(otherStore)));
    expect(error.code).toBe('DB_KEY_REJECTED');
    expect(sha256(file)).toBe(hash);
    expect(listing().filter((f) => f.includes('.corrupt-'))).toEqual([]);
    expect(listing()).toEqual(files);
    expect(storeErrorMessage(error, 'ko')).toContain('암호화 키가 맞지 않습니다');

    // The right key still opens it afterwards.
    expect(snapshot(open(keyring())).notes).toHaveLength(1);
  });

  it('audit:verify still checks an encrypted profile with its development key', () => {
    writeShift(open(keyring()));
    closeAll();
    expect(verifyProfile(dir)).toMatchObject({
      code: 0,
      message: expect.stringContaining('1 entries'),
    });
  });

  it('audit:verify says why when the key is sealed by the OS store (an Electron profile)', () => {
    const sealed = createFileSecretStore(path.join(dir, 'secrets'), {
      kind: 'test: sealed like safeStorage',
      encrypt: (plain) => Buffer.concat([Buffer.from('v11'), Buffer.from(plain).reverse()]),
      decrypt: (data) => Buffer.from(data.subarray(3)).reverse().toString('utf8'),
    });
    writeShift(open(secretStoreKeyring(sealed)));
    closeAll();
    const result = verifyProfile(dir);
    expect(result.code).toBe(2);
    expect(result.message).toContain('감사 기록 검증');
  });
});

describe('one SQLite driver', () => {
  it('nothing imports plain better-sqlite3 at run time (only its types)', () => {
    const root = path.resolve(__dirname, '../../..');
    const offenders: string[] = [];
    const walk = (rel: string) => {
      for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
        const child = path.join(rel, entry.name);
        if (entry.isDirectory()) walk(child);
        else if (/\.(ts|tsx|mts|mjs|cjs|js)$/.test(entry.name)) {
          const text = fs.readFileSync(path.join(root, child), 'utf8');
          const valueImport = /^import\s+(?!type\b)[^;]*from\s+'better-sqlite3'/m;
          const required = /(require|import)\(\s*'better-sqlite3'\s*\)/;
          if (valueImport.test(text) || required.test(text)) offenders.push(child);
        }
      }
    };
    for (const rel of ['main', 'test', 'scripts', 'preload']) walk(rel);
    expect(offenders).toEqual([]);
  });
});
