import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { agentStatusReceived } from '../agentState/agentStateSlice';
import { syncStatusReceived } from '../sync/syncSlice';
import { centerNoticeAcknowledged, centerNoticesLoaded } from './centerNoticesSlice';

export function addCenterNoticesListeners(startListening: AppStartListening): void {
  // Loaded at start, again whenever main answers about the agent's state (a refused Ready
  // points at the notices to read), and when a CRM pull refreshed the cache (new notices).
  startListening({
    predicate: (action, current, previous) =>
      appStarted.match(action) ||
      agentStatusReceived.match(action) ||
      (syncStatusReceived.match(action) &&
        current.sync.status?.cacheUpdatedAt !== previous.sync.status?.cacheUpdatedAt),
    effect: async (_action, { dispatch, extra, cancelActiveListeners }) => {
      cancelActiveListeners();
      const result = await settle(() => extra.sori.centerNotices.list({}));
      if (result.ok) dispatch(centerNoticesLoaded(result.value));
    },
  });
  startListening({
    actionCreator: centerNoticeAcknowledged,
    effect: async ({ payload }, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.centerNotices.acknowledge({ id: payload.id }));
      if (result.ok) dispatch(centerNoticesLoaded(result.value));
    },
  });
}
