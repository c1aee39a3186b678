import type { Result } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { callEndReason } from '../../sip/causes';
import { callConfirmed, callEnded, callStarted } from '../calls/callsSlice';
import {
  CALL_LOG_LIMIT,
  callLogLoaded,
  callLogLoadFailed,
  callLogRequested,
  callLogWriteFailed,
  callLogWriteFinished,
  callLogWriteStarted,
} from './callLogSlice';

/**
 * Writes the call history as calls happen: open when a call starts, markAnswered when it is
 * answered, close when it ends, then reload the list. Writes for one call are chained so that
 * main always sees open before markAnswered before close, however fast the call is.
 */
export function addCallLogListeners(startListening: AppStartListening): void {
  const chains = new Map<string, Promise<unknown>>();

  const enqueue = (
    callId: string,
    api: { dispatch: (action: { type: string }) => unknown },
    sori: Parameters<typeof logToMain>[0],
    write: () => Promise<Result<unknown>>,
  ): Promise<unknown> => {
    api.dispatch(callLogWriteStarted());
    const previous = chains.get(callId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const result = await settle(write);
      if (result.ok) {
        api.dispatch(callLogWriteFinished());
      } else {
        api.dispatch(callLogWriteFailed({ code: errorCodeOf(result.error) }));
        logToMain(sori, 'warn', 'callLog', `write failed: ${result.error.code}`);
      }
    });
    chains.set(callId, next);
    return next;
  };

  const refresh = async (
    dispatch: (action: { type: string }) => unknown,
    sori: Parameters<typeof logToMain>[0],
  ) => {
    dispatch(callLogRequested());
    const result = await settle(() => sori.callLog.list({ limit: CALL_LOG_LIMIT }));
    if (result.ok) dispatch(callLogLoaded(result.value));
    else dispatch(callLogLoadFailed({ code: errorCodeOf(result.error) }));
  };

  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => refresh(dispatch, extra.sori),
  });

  startListening({
    actionCreator: callStarted,
    effect: async (action, { dispatch, extra }) => {
      const { callId, direction, remote, at } = action.payload;
      await enqueue(callId, { dispatch }, extra.sori, () =>
        extra.sori.callLog.open({ callId, direction, remote, startedAt: at }),
      );
    },
  });

  startListening({
    actionCreator: callConfirmed,
    effect: async (action, { dispatch, extra }) => {
      const { callId, at } = action.payload;
      await enqueue(callId, { dispatch }, extra.sori, () =>
        extra.sori.callLog.markAnswered({ callId, answeredAt: at }),
      );
    },
  });

  startListening({
    actionCreator: callEnded,
    effect: async (action, { dispatch, extra }) => {
      const { callId, cause, originator, at } = action.payload;
      await enqueue(callId, { dispatch }, extra.sori, () =>
        extra.sori.callLog.close({
          callId,
          endedAt: at,
          endReason: callEndReason(cause, originator),
        }),
      );
      chains.delete(callId);
      await refresh(dispatch, extra.sori);
    },
  });
}
