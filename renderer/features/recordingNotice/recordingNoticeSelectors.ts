import type { RootState } from '../../app/rootReducer';
import type { CallNotice } from './recordingNoticeSlice';

/** The recording notice of a call (null before the call is answered). */
export const selectCallNotice = (state: RootState, callId: string | null): CallNotice | null =>
  callId ? (state.recordingNotice.byCallId[callId] ?? null) : null;

export const selectNoticeLibrary = (state: RootState) => state.recordingNotice.library;

/**
 * Whether the agent's microphone is open on this call: it is answered and its recording notice
 * is over (played by the app or by the PBX). Controls that act on the talking call (protection,
 * keypad) appear only then, so nothing on the card can cut into the notice.
 */
export function selectMicrophoneOpen(state: RootState, callId: string): boolean {
  const call = state.calls.byId[callId];
  const notice = selectCallNotice(state, callId);
  return call?.phase === 'talking' && notice?.phase === 'done' && !notice.callOver;
}
