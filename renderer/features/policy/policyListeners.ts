import { isAnyOf } from '@reduxjs/toolkit';
import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import type { RootState } from '../../app/rootReducer';
import { logToMain } from '../../platform/log';
import { settle } from '../../platform/ipc';
import { accountLoaded } from '../account/accountSlice';
import { languageApplied, settingsLoaded } from '../settings/settingsSlice';
import { policyChanged, policyLoaded, type WindowPolicy } from './policySlice';

/** What makes the SIP agent start again: validity, and the servers and DTMF method IT pins. */
const registrationKey = (policy: WindowPolicy | null) =>
  JSON.stringify([policy?.status.valid, policy?.pinned.wsServers, policy?.pinned.dtmfMode]);
const noCalls = (state: RootState) => Object.keys(state.calls.byId).length === 0;

export function addPolicyListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: (_action, { dispatch, extra }) => {
      extra.sori.on('policy:changed', () => dispatch(policyChanged()));
    },
  });

  startListening({
    matcher: isAnyOf(appStarted, policyChanged),
    effect: async (action, { dispatch, extra, getState, condition, cancelActiveListeners }) => {
      cancelActiveListeners();
      const before = getState().policy.current;
      const result = await settle(() => extra.sori.policy.get({}));
      if (!result.ok) {
        logToMain(extra.sori, 'error', 'policy', `policy:get failed: ${result.error.code}`);
        return;
      }
      dispatch(policyLoaded(result.value));
      if (!result.value.status.valid) {
        logToMain(
          extra.sori,
          'error',
          'policy',
          `machine policy invalid (${result.value.status.problems.length} problems): calling disabled`,
        );
      }
      if (appStarted.match(action)) return;

      // IT changed the file while the app runs: the pinned settings apply at once...
      const [settings, info] = await Promise.all([
        settle(() => extra.sori.settings.get({})),
        settle(() => extra.sori.app.getInfo({})),
      ]);
      if (settings.ok) dispatch(settingsLoaded(settings.value));
      if (info.ok) dispatch(languageApplied({ language: info.value.language }));
      // ...and registration restarts with the new servers (or stops, for an invalid file), but
      // never under a live call: that waits for the calls to end.
      if (registrationKey(before) === registrationKey(result.value)) return;
      if (!noCalls(getState())) await condition((_a, state) => noCalls(state));
      const account = await settle(() => extra.sori.account.get({}));
      if (account.ok) dispatch(accountLoaded(account.value));
    },
  });
}
