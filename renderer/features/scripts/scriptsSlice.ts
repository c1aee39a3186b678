import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CallScript } from '../../../preload/contract';

export interface ScriptsSliceState {
  /** The call the scripts were chosen for (by direction and the customer's type). */
  callId: string | null;
  scripts: CallScript[];
}

const initialState: ScriptsSliceState = { callId: null, scripts: [] };

export const scriptsSlice = createSlice({
  name: 'scripts',
  initialState,
  reducers: {
    scriptsLoaded(state, action: PayloadAction<{ callId: string; scripts: CallScript[] }>) {
      state.callId = action.payload.callId;
      state.scripts = action.payload.scripts;
    },
  },
});

export const { scriptsLoaded } = scriptsSlice.actions;
