import type { HealthCheckItem } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { mediaRelayItem, microphoneItem, registrationItem, serverItem } from './healthCheckRules';
import {
  healthCheckFailed,
  healthCheckFinished,
  healthCheckProgressed,
  healthCheckRequested,
  lastHealthCheckLoaded,
} from './healthCheckSlice';

/** A server whose WebSocket has not opened by then counts as unreachable. */
const SERVER_TIMEOUT_MS = 3_000;
/** How long the microphone is listened to: long enough for a speaking agent or room noise. */
const MICROPHONE_LISTEN_MS = 1_000;
/** The whole test call: set-up, ICE and a few seconds of audio. */
const RELAY_TIMEOUT_MS = 10_000;

export function addHealthCheckListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.healthCheck.last({}));
      if (result.ok) dispatch(lastHealthCheckLoaded(result.value));
    },
  });

  // The checks run one after the other, each shown as it finishes: servers (a fresh socket to
  // every configured one), registration, microphone, then the media relay by a test call.
  startListening({
    actionCreator: healthCheckRequested,
    effect: async (_action, { dispatch, getState, extra, cancelActiveListeners }) => {
      cancelActiveListeners();
      const startedAt = extra.now();
      const items: HealthCheckItem[] = [];
      const done = (item: HealthCheckItem) => {
        items.push(item);
        dispatch(healthCheckProgressed(item));
      };
      for (const url of getState().account.account?.wsServers ?? []) {
        done(serverItem(url, await extra.sip.probeServer(url, SERVER_TIMEOUT_MS)));
      }
      done(registrationItem(getState().registration));
      done(microphoneItem(await extra.sip.probeMicrophone(MICROPHONE_LISTEN_MS)));
      const policy = await settle(() => extra.sori.policy.get({}));
      const testUri = policy.ok ? policy.value.healthCheck.mediaTestUri : null;
      const registered = getState().registration.status === 'registered';
      done(
        mediaRelayItem(
          testUri,
          testUri !== null && registered
            ? await extra.sip.probeMediaRelay(testUri, RELAY_TIMEOUT_MS)
            : 'not_registered',
        ),
      );
      const recorded = await settle(() =>
        extra.sori.healthCheck.record({ startedAt, finishedAt: extra.now(), items }),
      );
      if (recorded.ok) {
        dispatch(healthCheckFinished(recorded.value));
        return;
      }
      dispatch(healthCheckFailed({ code: errorCodeOf(recorded.error) }));
      logToMain(extra.sori, 'error', 'healthCheck', `result not kept: ${recorded.error.code}`);
    },
  });
}
