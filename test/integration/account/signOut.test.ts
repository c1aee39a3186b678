import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelName, RequestOf, ResponseOf } from '../../../preload/contract';
import { appendAudit, verifyAuditChain } from '../../../main/db/repositories/audit';
import { insertCallback } from '../../../main/db/repositories/callbacks';
import { saveDraft, submitNote } from '../../../main/db/repositories/notes';
import { enqueueOutbox } from '../../../main/db/repositories/outbox';
import { getSetting, setSetting } from '../../../main/db/repositories/settings';
import { DATABASE_FILE_NAME } from '../../../main/db/store';
import { DEFAULT_POLICY, type MachinePolicy } from '../../../main/policy/machinePolicy';
import {
  createFileSecretStore,
  developmentPlaintextCipher,
} from '../../../main/secrets/secretStore';
import { APP_URL, createIpcTestbed } from '../ipc/ipcTestbed';

type Bed = ReturnType<typeof createIpcTestbed>;
const beds: Bed[] = [];
afterEach(() => {
  for (const bed of beds.splice(0)) bed.close();
});

const T0 = 1_700_000_000_000;
/** A name only the purged customers carry, to look for in the file's bytes afterwards. */
const CACHED_NAME = 'PURGE-ME-홍길동';

function bedWith(purgeOnSignOut: boolean): Bed {
  const policy: MachinePolicy = { ...DEFAULT_POLICY, dataAtRest: { purgeOnSignOut } };
  const bed = createIpcTestbed(undefined, policy);
  beds.push(bed);
  return bed;
}

async function call<C extends ChannelName>(
  bed: Bed,
  channel: C,
  request: RequestOf<C>,
): Promise<ResponseOf<C>> {
  const result = await bed.dispatch(channel, request, { url: APP_URL });
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as ResponseOf<C>;
}

/**
 * A signed-in agent after a shift: an account with its password, a CRM token, 200 cached
 * customers with phones and history, a synced note, an unsynced note, a draft, a callback the
 * CRM has and one still queued, a customer created here and not yet sent, the outbox.
 */
async function seedShift(bed: Bed) {
  const db = bed.db;
  await call(bed, 'account:save', {
    displayName: '상담원 1001',
    sipUri: 'sip:1001@127.0.0.1',
    wsServers: ['ws://127.0.0.1:8080'],
    password: 'sip-secret',
  });
  const secrets = createFileSecretStore(
    path.join(bed.profileDir, 'secrets'),
    developmentPlaintextCipher,
  );
  setSetting(db, 'crmTokenRef', secrets.put('crm-token-of-agent-1001'));
  setSetting(db, 'crmCursor', { scope: 'recent:90', cursor: 'c-42' });

  const customer = db.prepare(
    `INSERT INTO customers (id, display_name, updated_at, crm_version, profile, preferred_language)
     VALUES (?, ?, ?, 1, '{}', 'ko')`,
  );
  const phone = db.prepare(
    'INSERT INTO customer_phones (customer_id, number, normalized) VALUES (?, ?, ?)',
  );
  const interaction = db.prepare(
    "INSERT INTO interactions (id, customer_id, kind, at, summary) VALUES (?, ?, 'call', ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < 200; i++) {
      customer.run(`c${i}`, `${CACHED_NAME} ${i}`, T0);
      phone.run(
        `c${i}`,
        `010-5555-${String(i).padStart(4, '0')}`,
        `0105555${String(i).padStart(4, '0')}`,
      );
      interaction.run(`i${i}`, `c${i}`, T0 + i, `상담 이력 ${CACHED_NAME} ${i}`);
    }
    // Created on this desktop, its write not yet delivered.
    customer.run('c-local', '신규 고객', T0);
    phone.run('c-local', '010-7777-0000', '01077770000');
    enqueueOutbox(db, 'customer.create', { id: 'c-local' }, T0, 'customer:c-local');
  })();

  db.prepare(
    `INSERT INTO notes (id, customer_id, call_id, body, created_at, updated_at, sync_state)
     VALUES ('n-synced', 'c1', 'call-0', ?, ?, ?, 'synced')`,
  ).run(`이미 CRM에 있는 메모 ${CACHED_NAME}`, T0, T0);
  const pendingNote = submitNote(
    db,
    {
      callId: 'call-1',
      customerId: 'c2',
      intentCode: null,
      body: '아직 안 보낸 메모',
      updatedAt: T0,
    },
    T0,
  );
  saveDraft(db, {
    callId: 'call-2',
    customerId: 'c3',
    intentCode: null,
    body: '쓰던 메모',
    updatedAt: T0,
  });
  const delivered = insertCallback(
    db,
    {
      customerId: 'c4',
      number: '010-5555-0004',
      reason: '배송 확인',
      dueBy: T0 + 9e6,
      scheduledAt: T0 + 1e6,
      customerHours: null,
    },
    T0,
  );
  const queued = insertCallback(
    db,
    {
      customerId: 'c5',
      number: '010-5555-0005',
      reason: '환불 안내',
      dueBy: T0 + 9e6,
      scheduledAt: T0 + 1e6,
      customerHours: null,
    },
    T0,
  );
  enqueueOutbox(db, 'callback.create', { id: queued.id }, T0, `callback:${queued.id}`);
  appendAudit(db, { at: T0, actor: 'agent', action: 'test.shift', subject: null, detail: {} });
  bed.db.pragma('wal_checkpoint(TRUNCATE)');
  return { pendingNote, delivered, queued };
}

const count = (bed: Bed, sql: string) => bed.db.prepare(sql).pluck().get() as number;
const outboxRows = (bed: Bed) =>
  bed.db.prepare('SELECT id, kind, payload, idempotency_key, entity FROM outbox ORDER BY id').all();
const fileBytes = (bed: Bed) => {
  const file = path.join(bed.profileDir, DATABASE_FILE_NAME);
  return Buffer.concat([
    fs.readFileSync(file),
    fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0),
  ]);
};

describe('account:signOut (real handlers, real SQLite)', () => {
  it('with purgeOnSignOut: forgets the account and token, deletes the cache, keeps every unsent write', async () => {
    const bed = bedWith(true);
    const { pendingNote, delivered, queued } = await seedShift(bed);
    const outboxBefore = outboxRows(bed);
    const secretsBefore = bed.secretFiles();
    expect(secretsBefore).toHaveLength(2); // SIP password, CRM token
    const tokenRef = getSetting<string>(bed.db, 'crmTokenRef')!;
    expect(fileBytes(bed).includes(CACHED_NAME)).toBe(true);

    // The agent did not ask: the policy requires the purge.
    const result = await call(bed, 'account:signOut', { purge: false });
    expect(result).toEqual({
      purged: true,
      removed: { customers: 200, interactions: 200, notes: 1, callbacks: 1 },
      kept: { notes: 1, drafts: 1, callbacks: 1, outbox: outboxBefore.length },
    });

    // Credentials: gone from SQLite and from the secret store; the first-run form follows. The
    // CRM token stays only for the agent's own queued writes (sent under their name).
    expect(await call(bed, 'account:get', {})).toBeNull();
    expect((await bed.dispatch('account:getCredentials', {}, { url: APP_URL })).ok).toBe(false);
    expect(bed.secretFiles()).toHaveLength(1);
    expect(getSetting(bed.db, 'crmTokenRef')).toBeNull();
    expect(bed.db.prepare('SELECT DISTINCT token_ref FROM outbox').pluck().all()).toEqual([
      tokenRef,
    ]);

    // The cache is gone, and the feed starts again from the top at the next sign-in.
    expect(count(bed, "SELECT count(*) FROM customers WHERE id <> 'c-local'")).toBe(0);
    expect(count(bed, 'SELECT count(*) FROM interactions')).toBe(0);
    expect(count(bed, "SELECT count(*) FROM customer_phones WHERE customer_id <> 'c-local'")).toBe(
      0,
    );
    expect(count(bed, "SELECT count(*) FROM notes WHERE id = 'n-synced'")).toBe(0);
    expect(count(bed, `SELECT count(*) FROM callbacks WHERE id = '${delivered.id}'`)).toBe(0);
    expect(getSetting(bed.db, 'crmCursor')).toBeNull();

    // Nothing the agent wrote that the CRM does not have yet is lost.
    expect(outboxRows(bed)).toEqual(outboxBefore);
    expect(
      bed.db.prepare('SELECT body, sync_state FROM notes WHERE id = ?').get(pendingNote),
    ).toEqual({
      body: '아직 안 보낸 메모',
      sync_state: 'pending',
    });
    expect(bed.db.prepare('SELECT body FROM note_drafts').pluck().all()).toEqual(['쓰던 메모']);
    expect(bed.db.prepare('SELECT reason FROM callbacks WHERE id = ?').pluck().get(queued.id)).toBe(
      '환불 안내',
    );
    expect(count(bed, "SELECT count(*) FROM customers WHERE id = 'c-local'")).toBe(1);

    // Audited with counts (never who), in the intact chain.
    const audit = bed.db
      .prepare("SELECT actor, detail FROM audit_log WHERE action = 'account.signedOut'")
      .get() as { actor: string; detail: string };
    expect(audit.actor).toBe('agent');
    expect(JSON.parse(audit.detail)).toMatchObject({ purged: true, removed: { customers: 200 } });
    expect(audit.detail).not.toContain(CACHED_NAME);
    expect(verifyAuditChain(bed.db)).toEqual({ ok: true });

    // VACUUM: no free pages holding the deleted rows, in the file or its WAL.
    expect(bed.db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(fileBytes(bed).includes(CACHED_NAME)).toBe(false);
  });

  it('without the policy: signs out and keeps the cache, unless the agent asks for the purge', async () => {
    const kept = bedWith(false);
    await seedShift(kept);
    const result = await call(kept, 'account:signOut', { purge: false });
    expect(result.purged).toBe(false);
    expect(result.removed).toEqual({ customers: 0, interactions: 0, notes: 0, callbacks: 0 });
    expect(await call(kept, 'account:get', {})).toBeNull();
    expect(kept.secretFiles()).toHaveLength(1); // the token of the queued writes
    expect(count(kept, 'SELECT count(*) FROM customers')).toBe(201);
    expect(getSetting(kept.db, 'crmCursor')).toEqual({ scope: 'recent:90', cursor: 'c-42' });

    const asked = bedWith(false);
    await seedShift(asked);
    expect((await call(asked, 'account:signOut', { purge: true })).purged).toBe(true);
    expect(count(asked, 'SELECT count(*) FROM customers')).toBe(1);
  });
});
