import { afterEach, describe, expect, it } from 'vitest';
import { APP_URL, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };

describe('personal stats (real SQLite)', () => {
  let bed: ReturnType<typeof createIpcTestbed> | undefined;
  afterEach(() => bed?.close());

  it("counts today's calls, averages handle time of answered calls, counts notes to sync and callbacks due today", async () => {
    bed = createIpcTestbed();
    const b = bed;
    const call = (channel: string, request: unknown) => b.dispatch(channel, request, sender);
    const day = 1_800_000_000_000;
    const calls = [
      // [id, started, answered, ended]
      ['yesterday', day - 3_600_000, day - 3_590_000, day - 3_500_000],
      ['a', day + 1_000, day + 2_000, day + 62_000], // 60 s
      ['b', day + 100_000, day + 101_000, day + 221_000], // 120 s
      ['missed', day + 300_000, null, day + 310_000],
      ['live', day + 400_000, day + 401_000, null],
    ] as const;
    for (const [callId, startedAt, answeredAt, endedAt] of calls) {
      await call('callLog:open', {
        callId,
        direction: 'inbound',
        remote: { uri: 'sip:2001@example.test', displayName: null },
        startedAt,
      });
      if (answeredAt !== null) await call('callLog:markAnswered', { callId, answeredAt });
      if (endedAt !== null)
        await call('callLog:close', {
          callId,
          endedAt,
          endReason: answeredAt === null ? 'canceled' : 'remote_hangup',
        });
    }
    await call('notes:submit', {
      callId: 'a',
      customerId: null,
      intentCode: null,
      body: '요금 문의',
      override: null,
    });
    const callback = b.db.prepare(
      `INSERT INTO callbacks (id, number, reason, due_by, scheduled_at, status, created_at)
       VALUES (?, '010-1234-5678', '', ?, ?, ?, 1)`,
    );
    callback.run('today', day + 5 * 86_400_000, day + 3_600_000, 'open');
    callback.run('overdue', day - 86_400_000, null, 'open');
    callback.run('tomorrow', day + 5 * 86_400_000, day + 86_400_000 + 1, 'open');
    callback.run('done', day + 86_400_000, day + 3_600_000, 'done');
    expect(await call('stats:personal', { since: day })).toEqual({
      ok: true,
      value: { calls: 4, answered: 3, averageHandleSeconds: 90, notesPending: 1, callbacksDue: 2 },
    });
    expect(await call('stats:personal', { since: day + 500_000 })).toEqual({
      ok: true,
      value: {
        calls: 0,
        answered: 0,
        averageHandleSeconds: null,
        notesPending: 1,
        // A day counted from later reaches the callback planned just after midnight.
        callbacksDue: 3,
      },
    });
  });
});
