import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { SyncStatus } from '../../../preload/contract';

export interface SyncSliceState {
  status: SyncStatus | null;
  tokenSaving: boolean;
}

const initialState: SyncSliceState = { status: null, tokenSaving: false };

export const syncSlice = createSlice({
  name: 'sync',
  initialState,
  reducers: {
    syncStatusReceived(state, action: PayloadAction<SyncStatus>) {
      state.status = action.payload;
      state.tokenSaving = false;
    },
    crmTokenSubmitted(state, _action: PayloadAction<{ token: string }>) {
      state.tokenSaving = true;
    },
  },
});

export const { syncStatusReceived, crmTokenSubmitted } = syncSlice.actions;
