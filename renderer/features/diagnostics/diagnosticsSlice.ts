import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode } from '../../../preload/contract';

/** The last diagnostics export: where the file went, or why it failed. */
export interface DiagnosticsSliceState {
  exporting: boolean;
  file: string | null;
  error: ErrorCode | null;
}

const initialState: DiagnosticsSliceState = { exporting: false, file: null, error: null };

export const diagnosticsSlice = createSlice({
  name: 'diagnostics',
  initialState,
  reducers: {
    diagnosticsExportClicked(state) {
      state.exporting = true;
      state.file = null;
      state.error = null;
    },
    diagnosticsExported(state, action: PayloadAction<{ file: string }>) {
      state.exporting = false;
      state.file = action.payload.file;
    },
    diagnosticsExportFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.exporting = false;
      state.error = action.payload.code;
    },
  },
});

export const { diagnosticsExportClicked, diagnosticsExported, diagnosticsExportFailed } =
  diagnosticsSlice.actions;
