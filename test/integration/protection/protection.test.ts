import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type MachinePolicy } from '../../../main/policy/machinePolicy';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;

const step = (bed: Bed, callId: string, name: string) =>
  bed.dispatch(
    'protection:recordStep',
    { callId, step: name, language: 'ko', startedAt: 10, endedAt: 20 },
    sender,
  );

function bedWithCall(policy: MachinePolicy = DEFAULT_POLICY): Bed {
  const bed = createIpcTestbed(SHIPPED_NOTICES, policy);
  bed.db
    .prepare(
      "INSERT INTO call_log (call_id, direction, remote_uri, started_at) VALUES ('c1', 'inbound', 'sip:2001@x', 1)",
    )
    .run();
  return bed;
}

describe('agent protection in main (real SQLite)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  it('hands out each verified message', async () => {
    bed = createIpcTestbed();
    for (const name of ['warning1', 'warning2', 'terminate', 'harassment']) {
      const result = await bed.dispatch(
        'protection:loadMessage',
        { language: 'en', step: name },
        sender,
      );
      expect(result.ok, name).toBe(true);
      if (!result.ok) continue;
      const value = result.value as { audio: string; sha256: string };
      expect(
        crypto.createHash('sha256').update(Buffer.from(value.audio, 'base64')).digest('hex'),
      ).toBe(value.sha256);
    }
  });

  it('enforces the staged order: termination only after the warnings the policy asks for', async () => {
    bed = bedWithCall();
    expect(await step(bed, 'c1', 'terminate')).toMatchObject({
      ok: false,
      error: { code: 'STEP_NOT_ALLOWED' },
    });
    expect(await step(bed, 'c1', 'warning2')).toMatchObject({
      ok: false,
      error: { code: 'STEP_NOT_ALLOWED' },
    });
    expect((await step(bed, 'c1', 'warning1')).ok).toBe(true);
    expect(await step(bed, 'c1', 'warning1')).toMatchObject({
      ok: false,
      error: { code: 'STEP_NOT_ALLOWED' },
    });
    expect(await step(bed, 'c1', 'terminate')).toMatchObject({
      ok: false,
      error: { code: 'STEP_NOT_ALLOWED' },
    });
    expect((await step(bed, 'c1', 'warning2')).ok).toBe(true);
    const before = Date.now();
    const ended = await step(bed, 'c1', 'terminate');
    expect(ended.ok).toBe(true);
    if (!ended.ok) return;
    const state = ended.value as {
      recoveryUntil: number;
      abusiveCalls: number;
      recoveryMinutes: number;
    };
    expect(state.recoveryMinutes).toBe(10);
    expect(state.recoveryUntil).toBeGreaterThanOrEqual(before + 10 * 60_000);
    expect(state.abusiveCalls).toBe(1);
    // After the end, nothing more on this call.
    expect(await step(bed, 'c1', 'harassment')).toMatchObject({
      ok: false,
      error: { code: 'STEP_NOT_ALLOWED' },
    });

    const actions = bed.db
      .prepare("SELECT action FROM audit_log WHERE subject = 'c1' ORDER BY id")
      .pluck()
      .all();
    expect(actions).toEqual([
      'protection.warning1',
      'protection.warning2',
      'protection.terminate',
      'protection.recovery_started',
    ]);
    expect(bed.db.prepare("SELECT abusive FROM call_log WHERE call_id = 'c1'").get()).toEqual({
      abusive: 1,
    });
    const alert = bed.db.prepare('SELECT kind, payload FROM outbox').get() as {
      kind: string;
      payload: string;
    };
    expect(alert.kind).toBe('team_lead_alert');
    expect(JSON.parse(alert.payload)).toMatchObject({ callId: 'c1', reason: 'abuse', warnings: 2 });
  });

  it('ends at once for sexual harassment, and the rest survives a restart of the services', async () => {
    bed = bedWithCall();
    const result = await step(bed, 'c1', 'harassment');
    expect(result).toMatchObject({ ok: true, value: { abusiveCalls: 1 } });
    const state = await bed.dispatch('protection:getState', {}, sender);
    expect(
      (state as { value: { recoveryUntil: number | null } }).value.recoveryUntil,
    ).toBeGreaterThan(Date.now());
    expect(
      JSON.parse(
        (bed.db.prepare('SELECT payload FROM outbox').get() as { payload: string }).payload,
      ),
    ).toMatchObject({
      reason: 'sexual_harassment',
      warnings: 0,
    });
  });

  it('lets the agent end the rest early only where the policy allows it', async () => {
    bed = bedWithCall();
    await step(bed, 'c1', 'harassment');
    expect(await bed.dispatch('protection:endRecovery', {}, sender)).toMatchObject({
      ok: false,
      error: { code: 'STEP_NOT_ALLOWED' },
    });
    bed.close();
    bed = bedWithCall({
      ...DEFAULT_POLICY,
      protection: { warningsBeforeTermination: 0, recoveryMinutes: 5, canLeaveRecoveryEarly: true },
    });
    expect((await step(bed, 'c1', 'terminate')).ok).toBe(true);
    expect(await bed.dispatch('protection:endRecovery', {}, sender)).toMatchObject({
      ok: true,
      value: { recoveryUntil: null },
    });
  });

  it('a refused step writes nothing', async () => {
    bed = bedWithCall();
    const changes = bed.totalChanges();
    await step(bed, 'c1', 'terminate');
    expect(bed.totalChanges()).toBe(changes);
    expect(bed.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
  });
});
