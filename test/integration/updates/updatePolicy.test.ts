import { describe, expect, it } from 'vitest';
import { fixedPolicySource } from '../../../main/policy/policySource';
import { DEFAULT_POLICY } from '../../../main/policy/machinePolicy';
import {
  checkDecision,
  downloadDecision,
  effectiveUpdateSettings,
  HOUR_MS,
  installDecision,
  type UpdateSettings,
  type WorkState,
} from '../../../main/updates/updatePolicy';

// The decisions alone (pure); updates.test.ts runs them against a real feed and real SQLite.
const settings: UpdateSettings = {
  enabled: true,
  channel: 'latest',
  feedUrl: 'https://updates.example.com/sori-desk',
  checkIntervalHours: 6,
};
const idle: WorkState = { callsInProgress: 0, unsyncedNotes: 0, agentState: null };

describe('update decisions', () => {
  it('checks at start and then every interval; never with the kill switch on', () => {
    expect(checkDecision(settings, null, 0)).toEqual({ check: true });
    expect(checkDecision(settings, 0, 6 * HOUR_MS - 1)).toEqual({
      check: false,
      reason: 'not_due',
      dueAt: 6 * HOUR_MS,
    });
    expect(checkDecision(settings, 0, 6 * HOUR_MS)).toEqual({ check: true });
    expect(checkDecision({ ...settings, enabled: false }, null, 0)).toEqual({
      check: false,
      reason: 'disabled',
    });
  });

  it('downloads only between calls', () => {
    expect(downloadDecision(settings, idle)).toEqual({ allowed: true });
    expect(downloadDecision(settings, { ...idle, callsInProgress: 1 })).toEqual({
      allowed: false,
      reason: 'call_in_progress',
    });
    // Notes and the agent's state do not hold a download back: only the install.
    expect(downloadDecision(settings, { ...idle, unsyncedNotes: 3, agentState: 'ready' })).toEqual({
      allowed: true,
    });
  });

  it.each([
    [{ callsInProgress: 1 }, 'call_in_progress'],
    [{ unsyncedNotes: 1 }, 'notes_unsynced'],
    [{ agentState: 'wrapUp' }, 'wrap_up'],
    [{ agentState: 'ready' }, 'agent_ready'],
    [{ callsInProgress: 1, unsyncedNotes: 2, agentState: 'wrapUp' }, 'call_in_progress'],
    [{ unsyncedNotes: 2, agentState: 'ready' }, 'notes_unsynced'],
  ] as const)('install deferred by %o: %s', (work, reason) => {
    expect(installDecision(settings, { ...idle, ...work })).toEqual({ allowed: false, reason });
  });

  it.each([null, 'notReady', 'recovery'] as const)('install allowed in state %s', (agentState) => {
    expect(installDecision(settings, { ...idle, agentState })).toEqual({ allowed: true });
  });

  it('the kill switch also holds back an install', () => {
    expect(installDecision({ ...settings, enabled: false }, idle)).toEqual({
      allowed: false,
      reason: 'disabled',
    });
  });

  it('an invalid policy file turns updates off (fail closed)', () => {
    const valid = fixedPolicySource(DEFAULT_POLICY);
    expect(effectiveUpdateSettings(valid).enabled).toBe(true);
    const invalid = { ...valid, status: () => ({ file: 'p.json', valid: false, problems: ['x'] }) };
    expect(effectiveUpdateSettings(invalid)).toEqual({ ...DEFAULT_POLICY.updates, enabled: false });
  });
});
