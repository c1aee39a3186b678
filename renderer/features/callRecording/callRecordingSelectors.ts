import type { RootState } from '../../app/rootReducer';

export const selectCallRecording = (state: RootState, callId: string) =>
  state.callRecording.byCallId[callId] ?? null;
