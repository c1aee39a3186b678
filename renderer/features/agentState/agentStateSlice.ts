import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { AgentStatus, ErrorCode, NotReadyReason } from '../../../preload/contract';

export interface AgentStateSliceState {
  /** What main says the agent's state is; null until it answered. */
  status: AgentStatus | null;
  /** A change was asked and main has not answered yet. */
  pending: boolean;
  error: ErrorCode | null;
}

const initialState: AgentStateSliceState = { status: null, pending: false, error: null };

export const agentStateSlice = createSlice({
  name: 'agentState',
  initialState,
  reducers: {
    readyClicked(state) {
      state.pending = true;
      state.error = null;
    },
    notReadyChosen(state, _action: PayloadAction<{ reason: NotReadyReason }>) {
      state.pending = true;
      state.error = null;
    },
    agentStatusReceived(state, action: PayloadAction<AgentStatus>) {
      state.status = action.payload;
      state.pending = false;
    },
    agentStateFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.pending = false;
      state.error = action.payload.code;
    },
  },
});

export const { readyClicked, notReadyChosen, agentStatusReceived, agentStateFailed } =
  agentStateSlice.actions;
