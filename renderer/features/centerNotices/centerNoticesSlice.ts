import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CenterNotice } from '../../../preload/contract';

export interface CenterNoticesSliceState {
  notices: CenterNotice[];
}

const initialState: CenterNoticesSliceState = { notices: [] };

export const centerNoticesSlice = createSlice({
  name: 'centerNotices',
  initialState,
  reducers: {
    centerNoticesLoaded(state, action: PayloadAction<CenterNotice[]>) {
      state.notices = action.payload;
    },
    centerNoticeAcknowledged(_state, _action: PayloadAction<{ id: string }>) {},
  },
});

export const { centerNoticesLoaded, centerNoticeAcknowledged } = centerNoticesSlice.actions;
