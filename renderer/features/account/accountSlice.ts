import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Account, ErrorCode, RequestOf, ResponseOf } from '../../../preload/contract';

/** The account as main shows it: no password, only whether one is stored. */
export type PublicAccount = Account & { hasPassword: boolean };
export type AccountSaveRequest = RequestOf<'account:save'>;
export type SignOutResult = ResponseOf<'account:signOut'>;

export interface AccountState {
  status: 'loading' | 'loaded' | 'failed';
  /** null before first set-up. */
  account: PublicAccount | null;
  saving: boolean;
  saveError: ErrorCode | null;
  loadError: ErrorCode | null;
  signingOut: boolean;
  signOutError: ErrorCode | null;
  /** What the last sign-out removed and kept, for the message on the first-run form. */
  lastSignOut: SignOutResult | null;
}

const initialState: AccountState = {
  status: 'loading',
  account: null,
  saving: false,
  saveError: null,
  loadError: null,
  signingOut: false,
  signOutError: null,
  lastSignOut: null,
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
      state.lastSignOut = null;
    },
    accountSaveFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.saving = false;
      state.saveError = action.payload.code;
    },
    /** The agent confirmed 로그아웃; `purge` asks to delete this PC's customer data too. */
    signOutRequested(state, _action: PayloadAction<{ purge: boolean }>) {
      state.signingOut = true;
      state.signOutError = null;
    },
    /** Main forgot the account (and purged, if asked or required): the first-run form follows. */
    signedOut(state, action: PayloadAction<SignOutResult>) {
      state.signingOut = false;
      state.account = null;
      state.status = 'loaded';
      state.lastSignOut = action.payload;
    },
    signOutFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.signingOut = false;
      state.signOutError = action.payload.code;
    },
  },
});

export const {
  accountLoaded,
  accountLoadFailed,
  accountSaveRequested,
  accountSaved,
  accountSaveFailed,
  signOutRequested,
  signedOut,
  signOutFailed,
} = accountSlice.actions;
