import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { noticesLoaded } from './noticesSlice';

export function addNoticesListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.app.getNotices({}));
      if (result.ok) dispatch(noticesLoaded(result.value));
      else logToMain(extra.sori, 'warn', 'notices', `notices unavailable: ${result.error.code}`);
    },
  });
}
