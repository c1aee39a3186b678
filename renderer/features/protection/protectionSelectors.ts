import type { ProtectionStep } from '../../../preload/contract';
import type { RootState } from '../../app/rootReducer';
import { selectActiveCall } from '../calls/callsSelectors';
import { selectMicrophoneOpen } from '../recordingNotice/recordingNoticeSelectors';
import { enabledSteps } from './protectionRules';
import type { CallProtection } from './protectionSlice';

export const selectAgentProtection = (state: RootState) => state.protection.agent;
export const selectAbusiveCalls = (state: RootState) => state.protection.agent.abusiveCalls;
/** The agent rests after an abusive call: no calls in or out until the timer clears it. */
export const selectResting = (state: RootState) => state.protection.agent.recoveryUntil !== null;

export const selectCallProtection = (
  state: RootState,
  callId: string | null,
): CallProtection | null => (callId ? (state.protection.byCallId[callId] ?? null) : null);

/** The protection controls belong on the call card once the microphone is the agent's. */
export const protectionAvailable = selectMicrophoneOpen;

/** Which protection buttons of the active call may be pressed now (all false when none apply). */
export function selectEnabledSteps(
  state: RootState,
  callId: string,
): Record<ProtectionStep, boolean> {
  const entry = selectCallProtection(state, callId);
  const enabled = enabledSteps(
    entry?.stepsPlayed ?? [],
    entry?.playing ?? null,
    state.protection.agent.warningsBeforeTermination,
  );
  if (!protectionAvailable(state, callId) || entry?.callOver) {
    return { warning1: false, warning2: false, terminate: false, harassment: false };
  }
  return enabled;
}

/** The active call, if the protection controls apply to it. */
export const selectProtectableCallId = (state: RootState): string | null => {
  const call = selectActiveCall(state);
  return call && protectionAvailable(state, call.callId) ? call.callId : null;
};
