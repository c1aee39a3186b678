import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCrmClient } from '../../../main/crm/crmClient';
import { createOutboxSender } from '../../../main/crm/outboxSender';
import { enqueueOutbox } from '../../../main/db/repositories/outbox';
import { startReferenceCrm, type ReferenceCrm } from '../../crmReference/referenceCrm';
import { APP_URL, createIpcTestbed } from '../ipc/ipcTestbed';

const TOKEN = 'test-token-0123456789';
type Bed = ReturnType<typeof createIpcTestbed>;

/** A clock the test moves, so backoff waits take no real time. */
function testClock(start = 1_800_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function saveNotes(bed: Bed, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = await bed.dispatch(
      'notes:submit',
      {
        callId: `call-${i}`,
        customerId: null,
        intentCode: 'billing.inquiry',
        body: `메모 ${i}: 요금 문의`,
        override: null,
      },
      { url: APP_URL },
    );
    ids.push((result as { value: { noteId: string } }).value.noteId);
  }
  return ids;
}

const outbox = (bed: Bed) =>
  bed.db.prepare('select * from outbox order by id').all() as Array<Record<string, unknown>>;

describe('outbox to the CRM (real SQLite, real HTTP on 127.0.0.1)', () => {
  let bed: Bed | undefined;
  let crm: ReferenceCrm | undefined;
  afterEach(async () => {
    bed?.close();
    await crm?.close();
  });

  async function setUp() {
    bed = createIpcTestbed();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-crm-'));
    crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token: TOKEN });
    const clock = testClock();
    const sender = createOutboxSender({
      db: bed.db,
      client: createCrmClient({ baseUrl: crm.url, token: () => TOKEN, timeoutMs: 2_000 }),
      now: clock.now,
      random: () => 1,
    });
    /** Drains, moving the clock past every backoff, until nothing is left or `rounds` ran out. */
    const drainAll = async (rounds = 20) => {
      for (let i = 0; i < rounds && outbox(bed!).length > 0; i++) {
        await sender.drain();
        clock.advance(10 * 60_000);
      }
    };
    return { bed, crm, clock, sender, drainAll };
  }

  it('queues while the CRM is down, then delivers every note exactly once, in order, even when an answer was lost after commit', async () => {
    const { bed, crm, clock, sender, drainAll } = await setUp();
    await crm.stop();
    const ids = await saveNotes(bed, 5);

    const offline = await sender.drain();
    expect(offline).toMatchObject({ sent: 0, offline: true });
    expect(outbox(bed)).toHaveLength(5);
    expect(outbox(bed)[0]).toMatchObject({ attempts: 1 });
    expect(outbox(bed)[0]!['last_error']).toMatch(/cannot be reached/);

    await crm.start();
    crm.setFault({ mode: 'dropAfterCommit', count: 2 });
    clock.advance(10 * 60_000);
    await drainAll();

    expect(outbox(bed)).toEqual([]);
    const received = crm.received();
    expect(received.map((r) => r.id)).toEqual(ids);
    expect(new Set(received.map((r) => r.idempotencyKey)).size).toBe(5);
    // The two lost answers were retried with the same key: more requests than writes.
    expect(crm.requests()).toBe(7);
    expect(bed.db.prepare('select sync_state, crm_version from notes').all()).toEqual(
      Array(5).fill({ sync_state: 'synced', crm_version: 1 }),
    );
  });

  it('delivers a centre-notice acknowledgement', async () => {
    const { bed, crm, drainAll } = await setUp();
    bed.db
      .prepare(
        "INSERT INTO center_notices (id, title, body, mandatory, published_at) VALUES ('n-1', 't', 'b', 1, 1)",
      )
      .run();
    await bed.dispatch('centerNotices:acknowledge', { id: 'n-1' }, { url: APP_URL });
    await drainAll();
    expect(crm.received()).toEqual([
      { kind: 'notice_ack', id: 'n-1', idempotencyKey: expect.any(String) },
    ]);
  });

  it('keeps writes to one entity in order: the second waits while the first is retried', async () => {
    const { bed, crm, sender, drainAll } = await setUp();
    const note = (id: string) => ({
      id,
      customerId: null,
      callId: 'c1',
      intentCode: null,
      body: id,
      createdAt: 1,
    });
    const first = '11111111-1111-4111-8111-111111111111';
    const second = '22222222-2222-4222-8222-222222222222';
    const other = '33333333-3333-4333-8333-333333333333';
    enqueueOutbox(bed.db, 'note.create', note(first), 1, 'customer:A');
    enqueueOutbox(bed.db, 'note.create', note(second), 1, 'customer:A');
    enqueueOutbox(bed.db, 'note.create', note(other), 1, 'customer:B');
    crm.setFault({ mode: 'status5xx', count: 1 });

    const round = await sender.drain();
    // The first write to A failed (503); the second to A must not overtake it; B is independent.
    expect(round).toMatchObject({ sent: 1, retryLater: 1, offline: false });
    expect(crm.received().map((r) => r.id)).toEqual([other]);
    await drainAll();
    expect(crm.received().map((r) => r.id)).toEqual([other, first, second]);
  });

  it('retries an answer that is not JSON or breaks the contract, and never applies twice', async () => {
    const { bed, crm, drainAll } = await setUp();
    const ids = await saveNotes(bed, 2);
    crm.setFault({ mode: 'malformedJson', count: 1 });
    await drainAll(1);
    crm.setFault({ mode: 'schemaViolation', count: 1 });
    await drainAll();
    expect(crm.received().map((r) => r.id)).toEqual(ids);
    expect(outbox(bed)).toEqual([]);
  });

  it('keeps everything while the CRM refuses the token, and delivers once it is accepted', async () => {
    const { bed, crm, clock } = await setUp();
    let token = 'expired-token-000000';
    const sender = createOutboxSender({
      db: bed.db,
      client: createCrmClient({ baseUrl: crm.url, token: () => token }),
      now: clock.now,
      random: () => 1,
    });
    const ids = await saveNotes(bed, 2);
    expect(await sender.drain()).toMatchObject({ sent: 0, offline: true });
    expect(outbox(bed)).toHaveLength(2);
    expect(outbox(bed)[0]!['last_error']).toMatch(/token was refused/);
    token = TOKEN;
    clock.advance(10 * 60_000);
    expect(await sender.drain()).toMatchObject({ sent: 2 });
    expect(crm.received().map((r) => r.id)).toEqual(ids);
  });

  it('backs off exponentially with jitter, capped at five minutes', async () => {
    const { bed, crm, clock, sender } = await setUp();
    await crm.stop();
    await saveNotes(bed, 1);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      await sender.drain();
      const next = outbox(bed)[0]!['next_attempt_at'] as number;
      waits.push(next - clock.now());
      clock.advance(next - clock.now());
    }
    // random() = 1: the ceiling of each jitter range, plus the 250 ms floor.
    expect(waits.slice(0, 4)).toEqual([1_250, 2_250, 4_250, 8_250]);
    expect(Math.max(...waits)).toBe(5 * 60_000 + 250);
  });

  it('drops a queued write this version cannot send, audits it, and goes on with the rest', async () => {
    const { bed, crm, drainAll } = await setUp();
    enqueueOutbox(bed.db, 'note.create', { id: 'not-a-uuid' }, 1, 'note:bad');
    const ids = await saveNotes(bed, 1);
    await drainAll();
    expect(crm.received().map((r) => r.id)).toEqual(ids);
    expect(outbox(bed)).toEqual([]);
    expect(
      bed.db.prepare("select action from audit_log where action like 'sync.%'").pluck().all(),
    ).toEqual(['sync.dropped']);
  });
});
