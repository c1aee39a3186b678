import { settle } from '../platform/ipc';
import { appQuitRequested, appReadyToQuit, appStarted } from './appActions';
import type { AppStartListening } from './listenerTypes';

/** How long quitting waits for call-log writes still on their way to main. */
const WRITES_WAIT_MS = 1_500;

export function addLifecycleListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: (_action, { dispatch, extra }) => {
      extra.sori.on('app:willQuit', () => dispatch(appQuitRequested()));
    },
  });

  // Unregister and end calls (their call-log rows get closed), let the writes land, then tell
  // main it may close the database.
  startListening({
    actionCreator: appQuitRequested,
    effect: async (_action, { dispatch, extra, getState, condition, cancelActiveListeners }) => {
      cancelActiveListeners();
      await extra.sip.stop();
      if (getState().callLog.pendingWrites > 0) {
        await condition((_a, state) => state.callLog.pendingWrites === 0, WRITES_WAIT_MS);
      }
      await settle(() => extra.sori.app.readyToQuit({}));
      dispatch(appReadyToQuit());
    },
  });
}
