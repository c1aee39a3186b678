import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode } from '../../../preload/contract';

/** The last evidence export: which call, and where the package went or why it failed. */
export interface EvidenceSliceState {
  exporting: string | null;
  result: { callId: string; folder: string } | null;
  error: { callId: string; code: ErrorCode } | null;
}

const initialState: EvidenceSliceState = { exporting: null, result: null, error: null };

export const evidenceSlice = createSlice({
  name: 'evidence',
  initialState,
  reducers: {
    evidenceExportClicked(state, action: PayloadAction<{ callId: string }>) {
      state.exporting = action.payload.callId;
      state.result = null;
      state.error = null;
    },
    evidenceExported(state, action: PayloadAction<{ callId: string; folder: string }>) {
      state.exporting = null;
      state.result = action.payload;
    },
    evidenceExportFailed(state, action: PayloadAction<{ callId: string; code: ErrorCode }>) {
      state.exporting = null;
      state.error = action.payload;
    },
  },
});

export const { evidenceExportClicked, evidenceExported, evidenceExportFailed } =
  evidenceSlice.actions;
