import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyAuditChain } from '../../../main/db/repositories/audit';
import { machinePolicySchema, type MachinePolicy } from '../../../main/policy/machinePolicy';
import { tamperedNotices } from '../../harness/notices';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;

const status = async (bed: Bed, request?: unknown) => {
  const result = request
    ? await bed.dispatch('agentState:set', request, sender)
    : await bed.dispatch('agentState:get', {}, sender);
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return (result as { value: Record<string, unknown> }).value;
};

const stateAudit = (bed: Bed) =>
  (
    bed.db
      .prepare("select action, detail from audit_log where action like 'agent_state.%' order by id")
      .all() as Array<{ action: string; detail: string }>
  ).map((row) => ({ action: row.action, ...(JSON.parse(row.detail) as object) }));

describe('agent state in main (real SQLite, real notice files)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  it('starts in 이석 (login), goes Ready and Not Ready with a reason, each change audited', async () => {
    bed = createIpcTestbed();
    expect(await status(bed)).toMatchObject({ state: 'notReady', reason: 'login' });
    expect(await status(bed, { state: 'ready' })).toMatchObject({
      state: 'ready',
      reason: null,
      readyBlockedBy: null,
    });
    expect(await status(bed, { state: 'notReady', reason: 'meal' })).toMatchObject({
      state: 'notReady',
      reason: 'meal',
    });
    expect(stateAudit(bed)).toEqual([
      expect.objectContaining({ from: 'notReady', fromReason: 'login', to: 'ready' }),
      expect.objectContaining({ from: 'ready', to: 'notReady', reason: 'meal' }),
    ]);
    // Each change is pushed, for the tray and for changes main makes by itself.
    expect(bed.pushed.filter((event) => event === 'agentState:changed')).toHaveLength(2);
    expect(verifyAuditChain(bed.db)).toEqual({ ok: true });
  });

  it('refuses Ready while a recording notice fails its checksum, and audits the refusal', async () => {
    bed = createIpcTestbed(tamperedNotices('en'));
    expect(await status(bed, { state: 'ready' })).toMatchObject({
      state: 'notReady',
      readyBlockedBy: 'notice_invalid',
    });
    expect(await status(bed)).toMatchObject({
      state: 'notReady',
      readyBlockedBy: 'notice_invalid',
    });
    expect(stateAudit(bed)).toEqual([
      { action: 'agent_state.ready_refused', blocker: 'notice_invalid' },
    ]);
    // Choosing a reason clears the refusal shown to the agent.
    expect(await status(bed, { state: 'notReady', reason: 'admin' })).toMatchObject({
      readyBlockedBy: null,
    });
  });

  it('refuses Ready until every mandatory centre notice is acknowledged; the ack is queued and audited', async () => {
    bed = createIpcTestbed();
    const notice = bed.db.prepare(
      'INSERT INTO center_notices (id, title, body, mandatory, published_at) VALUES (?, ?, ?, ?, 1)',
    );
    notice.run('n-price', '요금제 개편 안내', '12월 1일부터 요금제가 바뀝니다.', 1);
    notice.run('n-info', '주차 안내', '지하 2층', 0);
    expect(await status(bed, { state: 'ready' })).toMatchObject({
      state: 'notReady',
      readyBlockedBy: 'center_notice',
    });
    const acked = await bed.dispatch('centerNotices:acknowledge', { id: 'n-price' }, sender);
    expect(acked).toMatchObject({ ok: true });
    expect(await status(bed, { state: 'ready' })).toMatchObject({ state: 'ready' });
    expect(
      bed.db.prepare("select payload, entity from outbox where kind = 'notice.ack'").all(),
    ).toEqual([
      { payload: expect.stringContaining('"noticeId":"n-price"'), entity: 'notice:n-price' },
    ]);
    expect(
      bed.db
        .prepare("select subject from audit_log where action = 'center_notice.acknowledged'")
        .pluck()
        .all(),
    ).toEqual(['n-price']);
    // Acknowledging twice changes nothing; an unknown notice is NOT_FOUND.
    await bed.dispatch('centerNotices:acknowledge', { id: 'n-price' }, sender);
    expect(
      bed.db.prepare("select count(*) from outbox where kind = 'notice.ack'").pluck().get(),
    ).toBe(1);
    expect(await bed.dispatch('centerNotices:acknowledge', { id: 'nope' }, sender)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('moves to recovery when an abusive call is ended, and refuses Ready until the rest is over', async () => {
    const policy: MachinePolicy = machinePolicySchema.parse({
      version: 1,
      protection: { canLeaveRecoveryEarly: true },
    });
    bed = createIpcTestbed(SHIPPED_NOTICES, policy);
    bed.db
      .prepare(
        "INSERT INTO call_log (call_id, direction, remote_uri, started_at) VALUES ('c1', 'inbound', 'sip:2001@x', 1)",
      )
      .run();
    await status(bed, { state: 'ready' });
    const harassment = await bed.dispatch(
      'protection:recordStep',
      { callId: 'c1', step: 'harassment', language: 'ko', startedAt: 1, endedAt: 2 },
      sender,
    );
    expect(harassment.ok).toBe(true);
    expect(await status(bed)).toMatchObject({ state: 'recovery' });
    expect(await status(bed, { state: 'ready' })).toMatchObject({
      state: 'recovery',
      readyBlockedBy: 'recovery',
    });
    expect(await status(bed, { state: 'notReady', reason: 'break' })).toMatchObject({
      state: 'recovery',
    });
    expect((await bed.dispatch('protection:endRecovery', {}, sender)).ok).toBe(true);
    // Over: back to 이석, never straight to Ready.
    expect(await status(bed)).toMatchObject({ state: 'notReady', reason: 'break' });
    expect(await status(bed, { state: 'ready' })).toMatchObject({ state: 'ready' });
    const audit = stateAudit(bed);
    expect(audit.map((row) => [row.action, (row as { to?: string }).to])).toEqual([
      ['agent_state.changed', 'ready'],
      ['agent_state.changed', 'recovery'],
      ['agent_state.ready_refused', undefined],
      ['agent_state.changed', 'notReady'],
      ['agent_state.changed', 'ready'],
    ]);
  });

  describe('after-call work (후처리) by policy', () => {
    afterEach(() => vi.useRealTimers());
    const answeredCall = (b: Bed, callId: string, answered: boolean) => {
      b.db
        .prepare(
          `INSERT INTO call_log (call_id, direction, remote_uri, started_at, answered_at)
           VALUES (?, 'inbound', 'sip:2001@x', 1, ?)`,
        )
        .run(callId, answered ? 2 : null);
      return b.dispatch(
        'callLog:close',
        { callId, endedAt: 3, endReason: 'remote_hangup' },
        sender,
      );
    };

    it('mandatory: 후처리 for its time after an answered call, no early exit, then 대기 by itself', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(1_800_000_000_000);
      bed = createIpcTestbed(
        SHIPPED_NOTICES,
        machinePolicySchema.parse({
          version: 1,
          afterCallWork: { mode: 'mandatory', seconds: 20 },
        }),
      );
      await status(bed, { state: 'ready' });
      // A call that was never answered needs no after-call work.
      expect((await answeredCall(bed, 'missed', false)).ok).toBe(true);
      expect(await status(bed)).toMatchObject({ state: 'ready', wrapUpUntil: null });

      expect((await answeredCall(bed, 'c1', true)).ok).toBe(true);
      expect(await status(bed)).toMatchObject({
        state: 'wrapUp',
        wrapUpUntil: 1_800_000_020_000,
      });
      vi.setSystemTime(1_800_000_019_000);
      expect(await status(bed, { state: 'ready' })).toMatchObject({
        state: 'wrapUp',
        readyBlockedBy: 'acw_time',
      });
      vi.setSystemTime(1_800_000_020_001);
      expect(await status(bed)).toMatchObject({
        state: 'ready',
        wrapUpUntil: null,
        readyBlockedBy: null,
      });
      const audit = stateAudit(bed);
      expect(audit.map((row) => [row.action, (row as { to?: string }).to])).toEqual([
        ['agent_state.changed', 'ready'],
        ['agent_state.changed', 'wrapUp'],
        ['agent_state.ready_refused', undefined],
        ['agent_state.changed', 'ready'],
      ]);
      expect(audit.at(-2)).toMatchObject({ blocker: 'acw_time' });
      expect(audit.at(-1)).toMatchObject({ from: 'wrapUp', secondsInPrevious: 20 });
      expect(verifyAuditChain(bed.db)).toEqual({ ok: true });
    });

    it('optional (the default): an answered call without a required disposition leaves the agent 대기', async () => {
      bed = createIpcTestbed();
      await status(bed, { state: 'ready' });
      expect((await answeredCall(bed, 'c1', true)).ok).toBe(true);
      expect(await status(bed)).toMatchObject({ state: 'ready', wrapUpUntil: null });
    });
  });
});
