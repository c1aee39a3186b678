import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../main/db/repositories/audit';
import { HEALTH_CHECKS_KEPT } from '../../../main/db/repositories/healthChecks';
import { machinePolicySchema } from '../../../main/policy/machinePolicy';
import type { HealthCheckItem } from '../../../preload/contract';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;

const item = (overrides: Partial<HealthCheckItem>): HealthCheckItem => ({
  check: 'server',
  status: 'ok',
  code: 'ok',
  target: 'wss://sip.example.test',
  ms: 12,
  levelDb: null,
  ...overrides,
});

const PASSING: HealthCheckItem[] = [
  item({}),
  item({ check: 'registration', target: null, ms: null }),
  item({ check: 'microphone', target: null, ms: null, levelDb: -23.5 }),
  item({
    check: 'mediaRelay',
    status: 'skipped',
    code: 'relay_not_configured',
    target: null,
    ms: null,
  }),
];
const NO_MICROPHONE: HealthCheckItem[] = PASSING.map((entry) =>
  entry.check === 'microphone'
    ? { ...entry, status: 'failed', code: 'mic_missing', levelDb: null }
    : entry,
);

async function record(bed: Bed, items: HealthCheckItem[], at = 1_000) {
  const result = await bed.dispatch(
    'healthCheck:record',
    { startedAt: at, finishedAt: at + 1_500, items },
    sender,
  );
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return (result as { value: { id: number; passed: boolean } }).value;
}

describe('health check results kept for IT (real SQLite)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  it('stores each run, says whether it passed, audits and logs it without targets', async () => {
    bed = createIpcTestbed();
    expect(await bed.dispatch('healthCheck:last', {}, sender)).toEqual({ ok: true, value: null });

    expect(await record(bed, NO_MICROPHONE)).toMatchObject({ passed: false });
    const last = await bed.dispatch('healthCheck:last', {}, sender);
    expect(last).toMatchObject({ ok: true, value: { passed: false, items: NO_MICROPHONE } });

    // Skipped and warning items do not fail a run.
    const warned = PASSING.map((entry) =>
      entry.check === 'mediaRelay'
        ? { ...entry, status: 'warning' as const, code: 'relay_slow' as const, ms: 420 }
        : entry,
    );
    expect(await record(bed, warned, 5_000)).toMatchObject({ passed: true });

    const audit = bed.db
      .prepare("select detail from audit_log where action = 'health_check.run' order by id")
      .all() as Array<{ detail: string }>;
    expect(audit.map((row) => JSON.parse(row.detail))).toEqual([
      { passed: false, problems: ['microphone:mic_missing'] },
      { passed: true, problems: ['mediaRelay:relay_slow'] },
    ]);
    expect(verifyAuditChain(bed.db)).toEqual({ ok: true });
    const logged = bed.logLines.filter((line) => line.includes('health check'));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain('microphone failed (mic_missing)');
    expect(logged.join('\n')).not.toContain('sip.example.test');
  });

  it('refuses a malformed run and stores nothing', async () => {
    bed = createIpcTestbed();
    const bad = await bed.dispatch(
      'healthCheck:record',
      { startedAt: 1, finishedAt: 2, items: [{ ...PASSING[0], code: 'all_good' }] },
      sender,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(bed.db.prepare('select count(*) from health_checks').pluck().get()).toBe(0);
  });

  it(`keeps the newest ${HEALTH_CHECKS_KEPT} runs`, async () => {
    bed = createIpcTestbed();
    for (let i = 0; i < HEALTH_CHECKS_KEPT + 3; i += 1) await record(bed, PASSING, i * 10_000);
    expect(bed.db.prepare('select count(*) from health_checks').pluck().get()).toBe(
      HEALTH_CHECKS_KEPT,
    );
  });

  it('with requiredBeforeReady, the first 대기 waits for a passing check of this shift', async () => {
    const policy = machinePolicySchema.parse({
      version: 1,
      healthCheck: { requiredBeforeReady: true },
    });
    bed = createIpcTestbed(SHIPPED_NOTICES, policy);
    const ready = async () =>
      (
        (await bed!.dispatch('agentState:set', { state: 'ready' }, sender)) as {
          value: { state: string; readyBlockedBy: string | null };
        }
      ).value;

    expect(await ready()).toMatchObject({ state: 'notReady', readyBlockedBy: 'health_check' });
    // A failed run, or one from before this shift began, does not count.
    await record(bed, NO_MICROPHONE, Date.now());
    await record(bed, PASSING, 1_000);
    expect(await ready()).toMatchObject({ state: 'notReady', readyBlockedBy: 'health_check' });
    await record(bed, PASSING, Date.now());
    expect(await ready()).toMatchObject({ state: 'ready', readyBlockedBy: null });
  });

  it('without the policy, Ready does not wait for a check', async () => {
    bed = createIpcTestbed();
    expect(await bed.dispatch('agentState:set', { state: 'ready' }, sender)).toMatchObject({
      ok: true,
      value: { state: 'ready' },
    });
  });
});
