import type { RootState } from '../../app/rootReducer';
import type { CallNotice } from './recordingNoticeSlice';

/** The recording notice of a call (null before the call is answered). */
export const selectCallNotice = (state: RootState, callId: string | null): CallNotice | null =>
  callId ? (state.recordingNotice.byCallId[callId] ?? null) : null;

export const selectNoticeLibrary = (state: RootState) => state.recordingNotice.library;
