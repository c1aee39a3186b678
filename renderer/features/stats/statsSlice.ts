import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ResponseOf } from '../../../preload/contract';

export type PersonalStats = ResponseOf<'stats:personal'>;

export interface StatsSliceState {
  personal: PersonalStats | null;
}

const initialState: StatsSliceState = { personal: null };

export const statsSlice = createSlice({
  name: 'stats',
  initialState,
  reducers: {
    personalStatsLoaded(state, action: PayloadAction<PersonalStats>) {
      state.personal = action.payload;
    },
  },
});

export const { personalStatsLoaded } = statsSlice.actions;
