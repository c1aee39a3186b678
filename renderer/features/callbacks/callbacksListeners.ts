import { appStarted } from '../../app/appActions';
import type { AppExtra, AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { callLogLoaded } from '../callLog/callLogSlice';
import {
  attemptRecorded,
  callbackCreated,
  callbackFailed,
  callbackRefused,
  callbackScheduled,
  callbacksLoaded,
} from './callbacksSlice';

export function addCallbacksListeners(startListening: AppStartListening): void {
  const reload = (extra: AppExtra) => settle(() => extra.sori.callbacks.list({}));

  // At start and after every call (a callback may just have been reached).
  startListening({
    predicate: (action) => appStarted.match(action) || callLogLoaded.match(action),
    effect: async (_action, { dispatch, extra, cancelActiveListeners }) => {
      cancelActiveListeners();
      const result = await reload(extra);
      if (result.ok) dispatch(callbacksLoaded(result.value));
    },
  });

  startListening({
    actionCreator: callbackScheduled,
    effect: async ({ payload }, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.callbacks.create(payload));
      if (!result.ok) {
        dispatch(callbackFailed({ code: errorCodeOf(result.error) }));
        return;
      }
      if (result.value.status === 'refused') {
        const { reason, suggestion } = result.value;
        dispatch(callbackRefused({ reason, suggestion }));
        return;
      }
      dispatch(callbackCreated());
      const list = await reload(extra);
      if (list.ok) dispatch(callbacksLoaded(list.value));
    },
  });

  startListening({
    actionCreator: attemptRecorded,
    effect: async ({ payload }, { dispatch, extra }) => {
      const result = await settle(() =>
        extra.sori.callbacks.recordAttempt({ id: payload.id, outcome: payload.outcome }),
      );
      if (!result.ok) dispatch(callbackFailed({ code: errorCodeOf(result.error) }));
      const list = await reload(extra);
      if (list.ok) dispatch(callbacksLoaded(list.value));
    },
  });
}
