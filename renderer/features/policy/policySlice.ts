import { createAction, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ResponseOf } from '../../../preload/contract';

/** What the machine policy (IT) asks of this window: policy:get's answer. */
export type WindowPolicy = ResponseOf<'policy:get'>;

export interface PolicyState {
  /** Null until main answered policy:get. */
  current: WindowPolicy | null;
}

const initialState: PolicyState = { current: null };

export const policySlice = createSlice({
  name: 'policy',
  initialState,
  reducers: {
    /** Main's policy, at start and after every change IT makes. */
    policyLoaded(state, action: PayloadAction<WindowPolicy>) {
      state.current = action.payload;
    },
  },
});

/** Main says IT changed the policy file (push policy:changed): read it again. */
export const policyChanged = createAction('policy/changed');

export const { policyLoaded } = policySlice.actions;
