import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode, Disposition, WrapUpCall } from '../../../preload/contract';

export interface WrapUpSliceState {
  /** Answered calls still waiting for their disposition, oldest first. */
  due: WrapUpCall[];
  dispositions: Disposition[];
  /** The call whose disposition is being saved. */
  saving: string | null;
  error: ErrorCode | null;
}

const initialState: WrapUpSliceState = { due: [], dispositions: [], saving: null, error: null };

export const wrapUpSlice = createSlice({
  name: 'wrapUp',
  initialState,
  reducers: {
    wrapUpLoaded(state, action: PayloadAction<Pick<WrapUpSliceState, 'due' | 'dispositions'>>) {
      state.due = action.payload.due;
      state.dispositions = action.payload.dispositions;
      state.saving = null;
      state.error = null;
    },
    dispositionChosen(state, action: PayloadAction<{ callId: string; code: string }>) {
      state.saving = action.payload.callId;
      state.error = null;
    },
    dispositionFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.saving = null;
      state.error = action.payload.code;
    },
  },
});

export const { wrapUpLoaded, dispositionChosen, dispositionFailed } = wrapUpSlice.actions;
