import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { StartupNotice } from '../../../preload/contract';

export interface NoticesState {
  items: StartupNotice[];
  /** Indexes into `items` the agent has dismissed. */
  dismissed: number[];
}

const initialState: NoticesState = { items: [], dismissed: [] };

export const noticesSlice = createSlice({
  name: 'notices',
  initialState,
  reducers: {
    noticesLoaded(state, action: PayloadAction<StartupNotice[]>) {
      state.items = action.payload;
      state.dismissed = [];
    },
    noticeDismissed(state, action: PayloadAction<{ index: number }>) {
      if (!state.dismissed.includes(action.payload.index))
        state.dismissed.push(action.payload.index);
    },
  },
});

export const { noticesLoaded, noticeDismissed } = noticesSlice.actions;
