import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { NoteConflict, SyncStatus } from '../../../preload/contract';

export interface SyncSliceState {
  status: SyncStatus | null;
  tokenSaving: boolean;
  /** Notes changed here and in the CRM, with both versions. */
  conflicts: NoteConflict[];
}

const initialState: SyncSliceState = { status: null, tokenSaving: false, conflicts: [] };

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
    noteConflictsLoaded(state, action: PayloadAction<NoteConflict[]>) {
      state.conflicts = action.payload;
    },
    noteConflictResolved(
      _state,
      _action: PayloadAction<{ noteId: string; keep: 'mine' | 'theirs' }>,
    ) {},
  },
});

export const { syncStatusReceived, crmTokenSubmitted, noteConflictsLoaded, noteConflictResolved } =
  syncSlice.actions;
