import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Account, ErrorCode, RequestOf } from '../../../preload/contract';

/** The account as main shows it: no password, only whether one is stored. */
export type PublicAccount = Account & { hasPassword: boolean };
export type AccountSaveRequest = RequestOf<'account:save'>;

export interface AccountState {
  status: 'loading' | 'loaded' | 'failed';
  /** null before first set-up. */
  account: PublicAccount | null;
  saving: boolean;
  saveError: ErrorCode | null;
  loadError: ErrorCode | null;
}

const initialState: AccountState = {
  status: 'loading',
  account: null,
  saving: false,
  saveError: null,
  loadError: null,
};

export const accountSlice = createSlice({
  name: 'account',
  initialState,
  reducers: {
    accountLoaded(state, action: PayloadAction<PublicAccount | null>) {
      state.status = 'loaded';
      state.account = action.payload;
      state.loadError = null;
    },
    accountLoadFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.status = 'failed';
      state.loadError = action.payload.code;
    },
    /** The agent submitted a form that passed validation; the listener sends it to main. */
    accountSaveRequested: {
      reducer(state) {
        state.saving = true;
        state.saveError = null;
      },
      prepare(request: AccountSaveRequest) {
        return { payload: request };
      },
    },
    accountSaved(state, action: PayloadAction<PublicAccount>) {
      state.saving = false;
      state.status = 'loaded';
      state.account = action.payload;
    },
    accountSaveFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.saving = false;
      state.saveError = action.payload.code;
    },
  },
});

export const {
  accountLoaded,
  accountLoadFailed,
  accountSaveRequested,
  accountSaved,
  accountSaveFailed,
} = accountSlice.actions;
