import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../main/db/repositories/crmCache';
import { machinePolicySchema } from '../../../main/policy/machinePolicy';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;

const policy = machinePolicySchema.parse({
  version: 1,
  crm: { baseUrl: 'http://127.0.0.1:9', queue: 'billing' },
});

const call = (callId: string) => ({
  callId,
  direction: 'inbound' as const,
  remote: { uri: 'sip:01012345678@pbx.example', displayName: null },
});

async function ok<T = Record<string, unknown>>(bed: Bed, channel: string, request: unknown) {
  const result = await bed.dispatch(channel as never, request, sender);
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return (result as { value: T }).value;
}

/** A call the agent answered and that has now ended (as the renderer logs it). */
async function answeredCall(bed: Bed, callId: string) {
  await ok(bed, 'callLog:open', { ...call(callId), startedAt: 1_000 });
  await ok(bed, 'callLog:markAnswered', { callId, answeredAt: 2_000 });
  await ok(bed, 'callLog:close', { callId, endedAt: 3_000, endReason: 'remote_hangup' });
}

function seedDispositions(bed: Bed) {
  const label = (ko: string) => ({ ko, en: ko });
  applyChanges(bed.db, [
    {
      entity: 'disposition',
      id: 'resolved',
      data: { code: 'resolved', label: label('처리 완료'), queues: [] },
    },
    {
      entity: 'disposition',
      id: 'billing.adjusted',
      data: { code: 'billing.adjusted', label: label('요금 조정'), queues: ['billing'] },
    },
    {
      entity: 'disposition',
      id: 'sales.won',
      data: { code: 'sales.won', label: label('판매 성공'), queues: ['sales'] },
    },
  ]);
}

describe('후처리 with a mandatory disposition (real SQLite)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  it('an answered call ends in 후처리; Ready is refused until its disposition is chosen, which is queued for the CRM', async () => {
    bed = createIpcTestbed(SHIPPED_NOTICES, policy);
    seedDispositions(bed);
    await ok(bed, 'agentState:set', { state: 'ready' });
    await answeredCall(bed, 'call-1');
    expect(await ok(bed, 'agentState:get', {})).toMatchObject({ state: 'wrapUp' });

    const pending = await ok<{
      due: Array<{ callId: string }>;
      dispositions: Array<{ code: string }>;
    }>(bed, 'wrapUp:get', {});
    expect(pending.due.map((d) => d.callId)).toEqual(['call-1']);
    // This desktop's queue (billing) and every-queue dispositions; not another campaign's.
    expect(pending.dispositions.map((d) => d.code)).toEqual(['billing.adjusted', 'resolved']);

    expect(await ok(bed, 'agentState:set', { state: 'ready' })).toMatchObject({
      state: 'wrapUp',
      readyBlockedBy: 'wrap_up',
    });
    expect(
      await bed.dispatch(
        'wrapUp:setDisposition',
        { callId: 'call-1', code: 'sales.won', customerId: null },
        sender,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });

    const after = await ok<{ due: unknown[] }>(bed, 'wrapUp:setDisposition', {
      callId: 'call-1',
      code: 'resolved',
      customerId: 'C00000777',
    });
    expect(after.due).toEqual([]);
    const queued = bed.db
      .prepare("SELECT kind, payload, entity FROM outbox WHERE kind = 'disposition.create'")
      .all() as Array<{ payload: string; entity: string }>;
    expect(queued).toHaveLength(1);
    expect(queued[0]!.entity).toBe('call:call-1');
    expect(JSON.parse(queued[0]!.payload)).toMatchObject({
      callId: 'call-1',
      code: 'resolved',
      customerId: 'C00000777',
    });
    // One disposition per call.
    expect(
      await bed.dispatch(
        'wrapUp:setDisposition',
        { callId: 'call-1', code: 'resolved', customerId: null },
        sender,
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ok(bed, 'agentState:set', { state: 'ready' })).toMatchObject({ state: 'ready' });
  });

  it('an agent who went 이석 stays 이석, but still owes the disposition before Ready', async () => {
    bed = createIpcTestbed(SHIPPED_NOTICES, policy);
    seedDispositions(bed);
    await ok(bed, 'agentState:set', { state: 'notReady', reason: 'admin' });
    await answeredCall(bed, 'call-2');
    expect(await ok(bed, 'agentState:get', {})).toMatchObject({
      state: 'notReady',
      reason: 'admin',
    });
    expect(await ok(bed, 'agentState:set', { state: 'ready' })).toMatchObject({
      readyBlockedBy: 'wrap_up',
    });
  });

  it('an unanswered call, or a queue without dispositions, needs no wrap-up', async () => {
    bed = createIpcTestbed(SHIPPED_NOTICES, policy);
    await ok(bed, 'agentState:set', { state: 'ready' });
    await answeredCall(bed, 'no-dispositions-yet');
    expect(await ok(bed, 'agentState:get', {})).toMatchObject({ state: 'ready' });

    seedDispositions(bed);
    await ok(bed, 'callLog:open', { ...call('missed'), startedAt: 5_000 });
    await ok(bed, 'callLog:close', { callId: 'missed', endedAt: 6_000, endReason: 'canceled' });
    expect(await ok(bed, 'agentState:get', {})).toMatchObject({ state: 'ready' });
    expect(await ok(bed, 'wrapUp:get', {})).toMatchObject({ due: [] });
  });
});
