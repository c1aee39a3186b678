import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallbackHandlers } from '../../../main/callbacks/callbackHandlers';
import { openStore, type Store } from '../../../main/db/store';
import { DEFAULT_POLICY } from '../../../main/policy/machinePolicy';

/** Epoch ms of a Korean wall-clock time ('2026-11-23' is a Monday). */
const kst = (text: string) => {
  const [date, time] = text.split(' ') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm) - 9 * 3_600_000;
};

describe('callbacks (real SQLite, the default outbound window Mon-Fri 09-20, Sat 09-13)', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  function handlers(now: number) {
    store = openStore(fs.mkdtempSync(path.join(os.tmpdir(), 'sori-callbacks-')));
    return createCallbackHandlers(store.db, DEFAULT_POLICY, undefined, () => now);
  }
  const request = {
    customerId: null,
    number: '010-1234-5678',
    reason: '계약 재녹취 (4일 이내)',
    dueBy: kst('2026-11-27 10:00'),
    customerHours: { from: '18:00', to: '21:00' },
  };
  const call = <T>(fn: unknown, arg: unknown) => (fn as (a: unknown, s: unknown) => T)(arg, null);

  it('refuses a time outside either window with the reason and proposes one that fits', () => {
    const h = handlers(kst('2026-11-23 10:00'));
    expect(call(h['callbacks:create'], { ...request, at: kst('2026-11-23 11:00') })).toEqual({
      status: 'refused',
      reason: 'outside_customer_hours',
      suggestion: kst('2026-11-23 18:00'),
    });
    expect(call(h['callbacks:create'], { ...request, at: kst('2026-11-23 20:30') })).toEqual({
      status: 'refused',
      reason: 'outside_center_window',
      suggestion: kst('2026-11-24 18:00'),
    });
    expect(call(h['callbacks:create'], { ...request, at: kst('2026-11-28 18:30') })).toMatchObject({
      status: 'refused',
      reason: 'after_deadline',
      suggestion: null,
    });
    expect(call(h['callbacks:list'], {})).toEqual([]);
  });

  it('schedules inside both windows, logs attempts and proposes the next try, closes when reached', () => {
    const h = handlers(kst('2026-11-23 18:10'));
    const created = call<{ status: string; callback: { id: string } }>(h['callbacks:create'], {
      ...request,
      at: kst('2026-11-23 18:10'),
    });
    expect(created.status).toBe('created');
    const id = created.callback.id;
    const afterBusy = call<{ scheduledAt: number; attempts: number }>(
      h['callbacks:recordAttempt'],
      { id, outcome: 'busy' },
    );
    expect(afterBusy).toMatchObject({ scheduledAt: kst('2026-11-23 18:25'), attempts: 1 });
    const afterOff = call(h['callbacks:recordAttempt'], { id, outcome: 'phone_off' });
    expect(afterOff).toMatchObject({ scheduledAt: kst('2026-11-24 18:00'), attempts: 2 });
    expect(call(h['callbacks:recordAttempt'], { id, outcome: 'reached' })).toMatchObject({
      status: 'done',
      scheduledAt: null,
      attempts: 3,
    });
    expect(() => call(h['callbacks:recordAttempt'], { id, outcome: 'busy' })).toThrow(/done/);
    expect(
      store!.db
        .prepare("select count(*) from audit_log where action = 'callback.created'")
        .pluck()
        .get(),
    ).toBe(1);
  });

  it('lists open callbacks by deadline, done ones last', () => {
    const h = handlers(kst('2026-11-23 18:10'));
    const make = (due: string) =>
      call<{ callback: { id: string } }>(h['callbacks:create'], {
        ...request,
        dueBy: kst(due),
        at: kst('2026-11-23 18:30'),
      }).callback.id;
    const late = make('2026-11-27 10:00');
    const soon = make('2026-11-24 10:00');
    const done = make('2026-11-25 10:00');
    call(h['callbacks:recordAttempt'], { id: done, outcome: 'reached' });
    expect(call<Array<{ id: string }>>(h['callbacks:list'], {}).map((c) => c.id)).toEqual([
      soon,
      late,
      done,
    ]);
  });

  it('queues the callback and each attempt for the CRM, in order per callback', () => {
    const h = handlers(kst('2026-11-23 18:10'));
    const created = call<{ callback: { id: string } }>(h['callbacks:create'], {
      ...request,
      at: kst('2026-11-23 18:10'),
    });
    expect(call(h['callbacks:create'], { ...request, at: kst('2026-11-23 11:00') })).toMatchObject({
      status: 'refused',
    });
    call(h['callbacks:recordAttempt'], { id: created.callback.id, outcome: 'busy' });
    const queued = store!.db
      .prepare('SELECT kind, entity, payload FROM outbox ORDER BY id')
      .all() as Array<{ kind: string; entity: string; payload: string }>;
    // A refused request queues nothing.
    expect(queued.map((q) => [q.kind, q.entity])).toEqual([
      ['callback.create', `callback:${created.callback.id}`],
      ['callback.attempt', `callback:${created.callback.id}`],
    ]);
    expect(JSON.parse(queued[1]!.payload)).toMatchObject({
      callbackId: created.callback.id,
      outcome: 'busy',
      nextAttemptAt: expect.any(Number),
    });
  });
});
