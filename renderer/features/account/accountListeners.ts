import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import {
  accountLoaded,
  accountLoadFailed,
  accountSaved,
  accountSaveFailed,
  accountSaveRequested,
  signedOut,
  signOutFailed,
  signOutRequested,
} from './accountSlice';

export function addAccountListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.account.get({}));
      if (result.ok) dispatch(accountLoaded(result.value));
      else dispatch(accountLoadFailed({ code: errorCodeOf(result.error) }));
    },
  });

  startListening({
    actionCreator: accountSaveRequested,
    effect: async (action, { dispatch, extra, cancelActiveListeners }) => {
      cancelActiveListeners();
      const result = await settle(() => extra.sori.account.save(action.payload));
      if (result.ok) dispatch(accountSaved(result.value));
      else dispatch(accountSaveFailed({ code: errorCodeOf(result.error) }));
    },
  });

  // Unregister first (no call can ring for an agent who left), then main forgets the account.
  startListening({
    actionCreator: signOutRequested,
    effect: async (action, { dispatch, extra }) => {
      await extra.sip.stop();
      const result = await settle(() => extra.sori.account.signOut(action.payload));
      if (result.ok) dispatch(signedOut(result.value));
      else dispatch(signOutFailed({ code: errorCodeOf(result.error) }));
    },
  });
}
