import { isAnyOf } from '@reduxjs/toolkit';
import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import type { RootState } from '../../app/rootReducer';
import { logToMain } from '../../platform/log';
import { errorCodeOf, settle } from '../../platform/ipc';
import { accountLoaded, accountSaved } from '../account/accountSlice';
import {
  agentStarted,
  agentStartFailed,
  agentStopped,
  registered,
  registrationFailed,
  socketConnected,
  socketConnecting,
  socketLost,
} from './registrationSlice';

/** How long the SIP start waits for app info and settings (version, mic processing). */
const SETTINGS_WAIT_MS = 5_000;

export function addRegistrationListeners(startListening: AppStartListening): void {
  // The agent's registration events become actions.
  startListening({
    actionCreator: appStarted,
    effect: (_action, { dispatch, extra }) => {
      const { sip } = extra;
      sip.on('transportConnecting', ({ attempts }) => dispatch(socketConnecting({ attempts })));
      sip.on('transportConnected', () => dispatch(socketConnected()));
      sip.on('transportDisconnected', (e) => dispatch(socketLost(e)));
      sip.on('registered', () => dispatch(registered()));
      sip.on('registrationFailed', (e) => {
        dispatch(registrationFailed(e));
        logToMain(
          extra.sori,
          'warn',
          'sip',
          `registration failed: ${e.cause} ${e.statusCode ?? ''}`,
        );
      });
      sip.on('startFailed', ({ reason }) => {
        dispatch(
          agentStartFailed({ reason: reason === 'configuration' ? 'configuration' : 'unknown' }),
        );
        logToMain(extra.sori, 'error', 'sip', `agent could not start: ${reason}`);
      });
      sip.on('stopped', () => dispatch(agentStopped()));
      sip.on('keepaliveFailed', ({ reason, intervalMs }) =>
        logToMain(
          extra.sori,
          'warn',
          'sip',
          reason === 'noAnswer'
            ? `signalling keepalive: the server did not answer two pings (interval ${intervalMs / 1000} s), reconnecting`
            : `signalling keepalive: a connection attempt hung for two intervals (${intervalMs / 1000} s), trying again`,
        ),
      );
    },
  });

  // An account at start-up, or a newly saved one: (re)start the agent with its credentials.
  startListening({
    matcher: isAnyOf(accountLoaded, accountSaved),
    effect: async (action, { dispatch, extra, getState, condition, cancelActiveListeners }) => {
      cancelActiveListeners();
      const account =
        accountLoaded.match(action) || accountSaved.match(action) ? action.payload : null;
      if (!account) return;
      await extra.sip.stop();
      if (!account.hasPassword) {
        dispatch(agentStartFailed({ reason: 'noCredentials' }));
        return;
      }
      const settingsKnown = (state: RootState) =>
        state.settings.appVersion !== null && state.settings.preference !== null;
      if (!settingsKnown(getState())) {
        await condition((_action, state) => settingsKnown(state), SETTINGS_WAIT_MS);
      }
      const credentials = await settle(() => extra.sori.account.getCredentials({}));
      if (!credentials.ok) {
        const policyInvalid = errorCodeOf(credentials.error) === 'POLICY_INVALID';
        dispatch(agentStartFailed({ reason: policyInvalid ? 'policyInvalid' : 'noCredentials' }));
        logToMain(extra.sori, 'error', 'sip', `no credentials: ${errorCodeOf(credentials.error)}`);
        return;
      }
      const { settings } = getState();
      dispatch(agentStarted());
      extra.sip.start(credentials.value, {
        micProcessing: settings.micProcessing,
        appVersion: settings.appVersion ?? '0.0.0',
      });
    },
  });
}
