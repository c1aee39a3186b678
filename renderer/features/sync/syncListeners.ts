import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import {
  crmTokenSubmitted,
  noteConflictResolved,
  noteConflictsLoaded,
  syncStatusReceived,
} from './syncSlice';

export function addSyncListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      extra.sori.on('sync:status', (status) => dispatch(syncStatusReceived(status)));
      const result = await settle(() => extra.sori.sync.getStatus({}));
      if (result.ok) dispatch(syncStatusReceived(result.value));
    },
  });
  startListening({
    actionCreator: crmTokenSubmitted,
    effect: async ({ payload }, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.sync.setToken({ token: payload.token }));
      if (result.ok) dispatch(syncStatusReceived(result.value));
      else logToMain(extra.sori, 'error', 'sync', `token not stored: ${result.error.code}`);
    },
  });

  // The conflicts with both versions, whenever the count the sync reports changes.
  startListening({
    predicate: (action, current, previous) =>
      syncStatusReceived.match(action) &&
      current.sync.status?.conflicts !== previous.sync.status?.conflicts,
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.notes.conflicts({}));
      if (result.ok) dispatch(noteConflictsLoaded(result.value));
    },
  });
  startListening({
    actionCreator: noteConflictResolved,
    effect: async ({ payload }, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.notes.resolveConflict(payload));
      if (result.ok) dispatch(noteConflictsLoaded(result.value));
      else logToMain(extra.sori, 'error', 'sync', `conflict not resolved: ${result.error.code}`);
      const status = await settle(() => extra.sori.sync.getStatus({}));
      if (status.ok) dispatch(syncStatusReceived(status.value));
    },
  });
}
