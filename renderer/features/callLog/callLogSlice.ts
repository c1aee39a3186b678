import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CallLogEntry, ErrorCode } from '../../../preload/contract';

export const CALL_LOG_LIMIT = 50;

export interface CallLogState {
  entries: CallLogEntry[];
  status: 'idle' | 'loading' | 'loaded' | 'failed';
  loadError: ErrorCode | null;
  /** Writes (open/markAnswered/close) sent to main and not yet answered. */
  pendingWrites: number;
  /** The last write main refused: the history may be missing a call. */
  writeError: ErrorCode | null;
}

const initialState: CallLogState = {
  entries: [],
  status: 'idle',
  loadError: null,
  pendingWrites: 0,
  writeError: null,
};

export const callLogSlice = createSlice({
  name: 'callLog',
  initialState,
  reducers: {
    callLogRequested(state) {
      if (state.status !== 'loaded') state.status = 'loading';
    },
    callLogLoaded(state, action: PayloadAction<CallLogEntry[]>) {
      state.entries = action.payload;
      state.status = 'loaded';
      state.loadError = null;
    },
    callLogLoadFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.status = 'failed';
      state.loadError = action.payload.code;
    },
    callLogWriteStarted(state) {
      state.pendingWrites += 1;
    },
    callLogWriteFinished(state) {
      state.pendingWrites = Math.max(0, state.pendingWrites - 1);
    },
    callLogWriteFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.pendingWrites = Math.max(0, state.pendingWrites - 1);
      state.writeError = action.payload.code;
    },
  },
});

export const {
  callLogRequested,
  callLogLoaded,
  callLogLoadFailed,
  callLogWriteStarted,
  callLogWriteFinished,
  callLogWriteFailed,
} = callLogSlice.actions;
