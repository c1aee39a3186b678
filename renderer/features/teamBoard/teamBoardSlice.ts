import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { TeamBoard } from '../../../preload/contract';

/** The lead's team board (issue #8) as main last pushed it; main owns the feed. */
export type TeamBoardState = TeamBoard;

const initialState: TeamBoardState = { team: null, live: false, rows: [] };

export const teamBoardSlice = createSlice({
  name: 'teamBoard',
  initialState,
  reducers: {
    /** Main pushed the whole board ('team:board'), or the window read it at start. */
    teamBoardReceived: (_state, action: PayloadAction<TeamBoard>) => action.payload,
  },
});

export const { teamBoardReceived } = teamBoardSlice.actions;
