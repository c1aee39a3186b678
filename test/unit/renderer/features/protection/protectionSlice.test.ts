import { describe, expect, it } from 'vitest';
import { callEnded, callStarted } from '../../../../../renderer/features/calls/callsSlice';
import {
  protectionSlice,
  protectionStateReceived,
  protectionStepFailed,
  protectionStepPlayed,
  protectionStepStarted,
  recoveryTimeUp,
} from '../../../../../renderer/features/protection/protectionSlice';

const reduce = protectionSlice.reducer;
const initial = reduce(undefined, { type: 'init' });
const state = {
  warningsBeforeTermination: 1,
  recoveryMinutes: 15,
  canLeaveRecoveryEarly: true,
  recoveryUntil: 1_700_000_900_000,
  abusiveCalls: 2,
};

describe('protectionSlice', () => {
  it('starts with two warnings required, not resting', () => {
    expect(initial.agent).toMatchObject({
      loaded: false,
      warningsBeforeTermination: 2,
      recoveryUntil: null,
      abusiveCalls: 0,
    });
  });

  it('tracks one message at a time and the steps played in order', () => {
    let s = reduce(initial, protectionStepStarted({ callId: 'c', step: 'warning1' }));
    expect(s.byCallId['c']).toMatchObject({ playing: 'warning1', stepsPlayed: [] });
    // A second message cannot start while one plays.
    s = reduce(s, protectionStepStarted({ callId: 'c', step: 'harassment' }));
    expect(s.byCallId['c']?.playing).toBe('warning1');
    s = reduce(s, protectionStepPlayed({ callId: 'c', step: 'warning1' }));
    expect(s.byCallId['c']).toMatchObject({ playing: null, stepsPlayed: ['warning1'] });
    s = reduce(s, protectionStepStarted({ callId: 'c', step: 'warning2' }));
    s = reduce(s, protectionStepFailed({ callId: 'c', step: 'warning2', error: 'unavailable' }));
    expect(s.byCallId['c']).toMatchObject({
      playing: null,
      stepsPlayed: ['warning1'],
      error: 'unavailable',
    });
  });

  it("takes main's state (policy, rest, stats) and clears the rest when the time is up", () => {
    let s = reduce(initial, protectionStateReceived(state));
    expect(s.agent).toMatchObject({ ...state, loaded: true });
    s = reduce(s, recoveryTimeUp());
    expect(s.agent.recoveryUntil).toBeNull();
    expect(s.agent.abusiveCalls).toBe(2);
  });

  it('marks a call over when it ends and forgets it at the next call', () => {
    let s = reduce(initial, protectionStepStarted({ callId: 'c', step: 'harassment' }));
    s = reduce(s, callEnded({ callId: 'c', cause: 'Terminated', originator: 'local', at: 1 }));
    expect(s.byCallId['c']?.callOver).toBe(true);
    s = reduce(s, protectionStepStarted({ callId: 'c', step: 'warning1' }));
    expect(s.byCallId['c']?.playing).toBe('harassment');
    s = reduce(
      s,
      callStarted({
        callId: 'd',
        direction: 'inbound',
        remote: { uri: 'sip:2001@x', displayName: null },
        at: 2,
      }),
    );
    expect(s.byCallId['c']).toBeUndefined();
  });
});
