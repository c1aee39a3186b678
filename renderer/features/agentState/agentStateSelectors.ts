import type { RootState } from '../../app/rootReducer';

export const selectAgentStatus = (state: RootState) => state.agentState.status;
export const selectAgentStatePending = (state: RootState) => state.agentState.pending;
export const selectAgentStateError = (state: RootState) => state.agentState.error;
export const selectIsReady = (state: RootState) => state.agentState.status?.state === 'ready';
