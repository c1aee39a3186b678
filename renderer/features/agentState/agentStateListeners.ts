import { agentStatusSchema, type AgentStatus, type RequestOf } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import type { AppExtra, AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { protectionStateReceived, recoveryTimeUp } from '../protection/protectionSlice';
import {
  agentStateFailed,
  agentStatusReceived,
  notReadyChosen,
  readyClicked,
} from './agentStateSlice';

type Dispatch = (action: ReturnType<typeof agentStatusReceived | typeof agentStateFailed>) => void;

/** Asks main (the authority on the agent's state) and shows what it answered. */
async function request(
  extra: AppExtra,
  dispatch: Dispatch,
  change: RequestOf<'agentState:set'> | null,
): Promise<void> {
  const result = await settle(() =>
    change ? extra.sori.agentState.set(change) : extra.sori.agentState.get({}),
  );
  if (result.ok) {
    dispatch(agentStatusReceived(result.value));
    return;
  }
  dispatch(agentStateFailed({ code: errorCodeOf(result.error) }));
  logToMain(extra.sori, 'error', 'agentState', `agent state request failed: ${result.error.code}`);
}

export function addAgentStateListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: (_action, { dispatch, extra }) => {
      // Main changes the state by itself too (a rest starts, mandatory 후처리 ends): follow it.
      extra.sori.on('agentState:changed', (payload) => {
        const status = agentStatusSchema.safeParse(payload);
        if (status.success) dispatch(agentStatusReceived(status.data));
      });
      return request(extra, dispatch, null);
    },
  });
  startListening({
    actionCreator: readyClicked,
    effect: (_action, { dispatch, extra }) => request(extra, dispatch, { state: 'ready' }),
  });
  startListening({
    actionCreator: notReadyChosen,
    effect: ({ payload }, { dispatch, extra }) =>
      request(extra, dispatch, { state: 'notReady', reason: payload.reason }),
  });
  // A rest started (abusive call) or ended: main has moved the state; fetch it.
  startListening({
    predicate: (action) => protectionStateReceived.match(action) || recoveryTimeUp.match(action),
    effect: (_action, { dispatch, extra }) => request(extra, dispatch, null),
  });

  // Mandatory after-call work ends on main's clock: ask again when it is due, and main moves
  // the agent back to 대기 (a newer status cancels the wait).
  startListening({
    actionCreator: agentStatusReceived,
    effect: async ({ payload }, { dispatch, extra, cancelActiveListeners, delay }) => {
      cancelActiveListeners();
      if (payload.wrapUpUntil === null) return;
      await delay(Math.min(Math.max(0, payload.wrapUpUntil - extra.now()) + 250, 2 ** 31 - 1));
      await request(extra, dispatch, null);
    },
  });

  // Calls ring only while Ready.
  startListening({
    actionCreator: agentStatusReceived,
    effect: ({ payload }: { payload: AgentStatus }, { extra }) => {
      extra.sip.setInboundOffered(payload.state === 'ready');
    },
  });
}
