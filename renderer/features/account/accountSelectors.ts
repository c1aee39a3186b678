import type { RootState } from '../../app/rootReducer';

export const selectAccount = (state: RootState) => state.account.account;
export const selectAccountStatus = (state: RootState) => state.account.status;
export const selectAccountSaving = (state: RootState) => state.account.saving;
export const selectAccountSaveError = (state: RootState) => state.account.saveError;

/** The extension is the user part of the account's SIP URI (sip:1001@… -> 1001). */
export const selectExtension = (state: RootState): string | null => {
  const uri = state.account.account?.sipUri;
  const match = uri ? /^sips?:([^@]+)@/.exec(uri) : null;
  return match?.[1] ?? null;
};
