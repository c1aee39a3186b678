import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/rootReducer';
import { selectMicrophoneOpen } from '../recordingNotice/recordingNoticeSelectors';
import type { Call } from './callsSlice';

export const selectDialInput = (state: RootState) => state.calls.dialInput;
export const selectDialProblem = (state: RootState) => state.calls.dialProblem;
export const selectLastEnded = (state: RootState) => state.calls.lastEnded;

/** The call on the card: the line the agent is on (see CallsState.focusedId). */
export const selectActiveCall = (state: RootState): Call | null => {
  const id = state.calls.focusedId ?? state.calls.order[0];
  return id ? (state.calls.byId[id] ?? null) : null;
};

/** Every live call, oldest first (more than one: a call is waiting or on the other line). */
export const selectLines = createSelector(
  [(state: RootState) => state.calls.order, (state: RootState) => state.calls.byId],
  (order, byId) => order.flatMap((id) => (byId[id] ? [byId[id]] : [])),
);

/** The incoming call waiting for 받기/거절, if any. */
export const selectRingingCall = (state: RootState): Call | null => {
  for (const id of state.calls.order) {
    const call = state.calls.byId[id];
    if (call?.phase === 'ringing') return call;
  }
  return null;
};

export const selectHasLiveCall = (state: RootState) => state.calls.order.length > 0;

/** Which toolbar buttons may be pressed now. */
export const selectCallControls = createSelector(
  [
    selectActiveCall,
    selectRingingCall,
    (state: RootState) => state.registration.status,
    (state: RootState) => state.protection.agent.recoveryUntil !== null,
    (state: RootState) => {
      const id = state.calls.focusedId ?? state.calls.order[0];
      return id ? selectMicrophoneOpen(state, id) : false;
    },
  ],
  (active, ringing, registration, resting, microphoneOpen) => {
    const signalling = registration === 'registered';
    return {
      canDial: registration === 'registered' && active === null && !resting,
      canAnswer: ringing !== null,
      canDecline: ringing !== null,
      canHangUp: active !== null && active.phase !== 'ringing',
      // Hold, mute and transfer once the notice is over (nothing may cut into it); hold and
      // transfer also need the SIP server, so not while the connection to it is lost.
      canHold: signalling && microphoneOpen && active?.hold === 'none',
      canResume: signalling && active?.hold === 'held',
      canMute: microphoneOpen,
      canTransfer: signalling && microphoneOpen && active?.transfer?.phase !== 'transferring',
      transferOpen: active?.transfer != null,
      held: active !== null && active.hold !== 'none',
      muted: active?.muted ?? false,
      ringingCallId: ringing?.callId ?? null,
      activeCallId: active?.callId ?? null,
    };
  },
);

/**
 * The call is up but the connection to the SIP server is lost: the audio goes on (it does not
 * pass through the server), but nothing can be asked of the far end until it is back.
 */
export const selectSignallingLost = (state: RootState): boolean =>
  selectActiveCall(state) !== null && state.registration.status !== 'registered';
