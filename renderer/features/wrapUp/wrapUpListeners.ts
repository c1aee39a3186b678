import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { agentStatusReceived } from '../agentState/agentStateSlice';
import { callLogLoaded } from '../callLog/callLogSlice';
import { syncStatusReceived } from '../sync/syncSlice';
import { dispositionChosen, dispositionFailed, wrapUpLoaded } from './wrapUpSlice';

export function addWrapUpListeners(startListening: AppStartListening): void {
  // At start, after every call is closed in the log (main may have moved the agent to 후처리),
  // and when a CRM pull may have brought new dispositions.
  startListening({
    predicate: (action, current, previous) =>
      appStarted.match(action) ||
      callLogLoaded.match(action) ||
      (syncStatusReceived.match(action) &&
        current.sync.status?.cacheUpdatedAt !== previous.sync.status?.cacheUpdatedAt),
    effect: async (action, { dispatch, extra, cancelActiveListeners }) => {
      cancelActiveListeners();
      const result = await settle(() => extra.sori.wrapUp.get({}));
      if (result.ok) dispatch(wrapUpLoaded(result.value));
      if (callLogLoaded.match(action)) {
        const status = await settle(() => extra.sori.agentState.get({}));
        if (status.ok) dispatch(agentStatusReceived(status.value));
      }
    },
  });

  startListening({
    actionCreator: dispositionChosen,
    effect: async ({ payload }, { dispatch, extra, getState }) => {
      // The customer the screen pop settled on for this call, if any.
      const pop = getState().customer.pop;
      const customerId = pop?.callId === payload.callId ? (pop.selectedId ?? null) : null;
      const result = await settle(() =>
        extra.sori.wrapUp.setDisposition({ ...payload, customerId }),
      );
      if (!result.ok) {
        dispatch(dispositionFailed({ code: errorCodeOf(result.error) }));
        return;
      }
      dispatch(wrapUpLoaded(result.value));
    },
  });
}
