import { isAnyOf, type ListenerEffectAPI } from '@reduxjs/toolkit';
import { events } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import { policyLoaded } from '../policy/policySlice';
import { selectFeatures } from '../policy/policySelectors';
import type { AppDispatch, AppExtra, AppStartListening } from '../../app/listenerTypes';
import type { RootState } from '../../app/rootReducer';
import { logToMain } from '../../platform/log';
import { MicrophoneUnavailableError, type TransferOutcome } from '../../sip/sipTypes';
import {
  answerClicked,
  answerAborted,
  autoAnswerPolicyReceived,
  callConfirmed,
  callQualitySampled,
  callEnded,
  callProgressed,
  callStarted,
  declineClicked,
  dialLinkReceived,
  dialRefused,
  dialSubmitted,
  hangupClicked,
  dtmfPressed,
  holdClicked,
  holdSettled,
  muteToggled,
  resumeClicked,
  transferRefused,
  transferSettled,
  transferStarted,
  transferSubmitted,
  consultCancelled,
  consultCompleted,
  consultStarted,
  consultSubmitted,
  swapClicked,
  lineFocused,
} from './callsSlice';
import { parseDialTarget } from './dialTarget';
import { selectRingingCall } from './callsSelectors';

/** A dial link that arrives while the agent is still (re)registering waits this long. */
const REGISTRATION_WAIT_MS = 10_000;
/** …and while the account is still being read from main. */
const ACCOUNT_WAIT_MS = 5_000;

const isRegistered = (state: RootState) => state.registration.status === 'registered';

type LinesApi = ListenerEffectAPI<RootState, AppDispatch, AppExtra>;

/** How long putting the other line on hold may take (a 491 retry included). */
const HOLD_WAIT_MS = 20_000;

/**
 * Puts every talking line other than `callId` on hold and waits for the far ends' answers.
 * Resolves true when none is left talking to the agent.
 */
async function holdOtherLines(
  callId: string,
  { dispatch, getState, take }: Pick<LinesApi, 'dispatch' | 'getState' | 'take'>,
): Promise<boolean> {
  const { calls } = getState();
  for (const id of calls.order) {
    const other = calls.byId[id];
    if (id === callId || other?.phase !== 'talking' || other.hold === 'held') continue;
    if (other.hold !== 'none') return false;
    dispatch(holdClicked({ callId: id }));
    const settled = await take(
      (action): action is ReturnType<typeof holdSettled> =>
        holdSettled.match(action) && action.payload.callId === id,
      HOLD_WAIT_MS,
    );
    if (!settled || !settled[0].payload.outcome.ok) return false;
  }
  return true;
}

/**
 * The transfer target the agent typed on a talking call with the field open, read like a dialled
 * number; null (and the reason on the card) when it cannot be.
 */
function readTransferTarget(
  callId: string,
  target: string,
  { dispatch, getState }: Pick<LinesApi, 'dispatch' | 'getState'>,
): string | null {
  const state = getState();
  const call = state.calls.byId[callId];
  if (call?.phase !== 'talking' || call.transfer?.phase !== 'open') return null;
  const parsed = parseDialTarget(target, state.account.account?.sipUri ?? null);
  if (parsed.ok) return parsed.uri;
  dispatch(transferRefused({ callId, problem: { kind: 'target', error: parsed.error } }));
  return null;
}

/** Logs how a transfer ended (never the target: a phone number) and tells the card. */
function settleTransfer(
  kind: 'blind' | 'attended',
  callId: string,
  outcome: TransferOutcome,
  { dispatch, extra }: Pick<LinesApi, 'dispatch' | 'extra'>,
): void {
  logToMain(
    extra.sori,
    outcome.ok ? 'info' : 'warn',
    'calls',
    outcome.ok
      ? `${kind} transfer completed`
      : `${kind} transfer failed: ${outcome.failure} (${outcome.statusCode ?? '-'})`,
  );
  dispatch(transferSettled({ callId, outcome }));
}

/** The calls waiting for 받기, in order. */
const ringingCalls = (state: RootState) =>
  state.calls.order.flatMap((id) => {
    const call = state.calls.byId[id];
    return call?.phase === 'ringing' ? [call] : [];
  });
const ringingIds = (state: RootState) =>
  ringingCalls(state)
    .map((call) => call.callId)
    .join(' ');

export function addCallsListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: (_action, { dispatch, extra }) => {
      const { sip, now } = extra;
      sip.on('callStarted', (e) => dispatch(callStarted({ ...e, at: now() })));
      sip.on('callProgress', ({ callId }) => dispatch(callProgressed({ callId })));
      sip.on('callConfirmed', ({ callId }) => dispatch(callConfirmed({ callId, at: now() })));
      sip.on('iceRestarted', ({ reason, ok, statusCode }) =>
        logToMain(
          extra.sori,
          ok ? 'info' : 'warn',
          'calls',
          `ICE restart (${reason}): ${ok ? 'ok' : `failed (${statusCode ?? '-'})`}`,
        ),
      );
      sip.on('iceGatheringCapped', ({ capMs }) =>
        logToMain(extra.sori, 'warn', 'calls', `ICE gathering capped at ${capMs} ms`),
      );
      sip.on('callQuality', (e) => {
        const quality = {
          mos: Math.round(e.mos * 10) / 10,
          level: e.level,
          lossPercent: Math.round(e.lossFraction * 1000) / 10,
          jitterMs: Math.round(e.jitterMs),
          rttMs: e.rttMs === null ? null : Math.round(e.rttMs),
          receiving: e.receiving,
        };
        dispatch(callQualitySampled({ callId: e.callId, quality }));
        if (e.levelChanged) {
          logToMain(
            extra.sori,
            e.level === 'good' ? 'info' : 'warn',
            'calls',
            `call quality ${e.level}: MOS ${quality.mos}, loss ${quality.lossPercent} %, ` +
              `jitter ${quality.jitterMs} ms, rtt ${quality.rttMs ?? '-'} ms`,
          );
        }
      });
      sip.on('callEnded', ({ callId, cause, originator }) =>
        dispatch(callEnded({ callId, cause, originator, at: now() })),
      );
      extra.sori.on('dial:requested', (payload) => {
        const parsed = events['dial:requested'].safeParse(payload);
        if (parsed.success) dispatch(dialLinkReceived({ target: parsed.data.target }));
      });
    },
  });

  startListening({
    actionCreator: policyLoaded,
    effect: ({ payload }, { dispatch }) => {
      dispatch(autoAnswerPolicyReceived(payload.autoAnswer));
    },
  });

  // Each call that starts ringing is also a desktop notification (shown when the window is not
  // in front); clicking it answers, as 받기 would. It goes once the call stops ringing.
  startListening({
    predicate: (_action, current, previous) => ringingIds(current) !== ringingIds(previous),
    effect: (_action, { getState, getOriginalState, dispatch, extra }) => {
      const notifier = extra.notifier;
      if (!notifier || !selectFeatures(getState()).desktopNotifications) return;
      const now = ringingCalls(getState());
      const before = ringingCalls(getOriginalState());
      for (const call of now) {
        if (before.some((other) => other.callId === call.callId)) continue;
        notifier.incomingCall(call, () => {
          const still = getState().calls.byId[call.callId];
          if (still?.phase === 'ringing') dispatch(answerClicked({ callId: call.callId }));
        });
      }
      for (const call of before) {
        if (!now.some((other) => other.callId === call.callId)) notifier.dismiss(call.callId);
      }
    },
  });

  // The ringer sounds while any call waits to be answered (수신 중), on the ringer device.
  startListening({
    predicate: (_action, current, previous) =>
      (selectRingingCall(current) !== null) !== (selectRingingCall(previous) !== null),
    effect: (_action, { getState, extra }) => {
      extra.sip.ring(selectRingingCall(getState()) !== null);
    },
  });

  // 걸기, Enter in the number field, or a tel:/sip: link: validate, then dial.
  startListening({
    matcher: isAnyOf(dialSubmitted, dialLinkReceived),
    effect: async (action, { dispatch, extra, getState, condition, cancelActiveListeners }) => {
      cancelActiveListeners();
      const fromLink = dialLinkReceived.match(action);
      // A link that launched the app arrives while the account is still being read.
      if (fromLink && getState().account.status === 'loading') {
        await condition((_a, s) => s.account.status !== 'loading', ACCOUNT_WAIT_MS);
      }
      const state = getState();
      if (state.calls.order.length > 0) {
        dispatch(dialRefused({ problem: 'callInProgress' }));
        return;
      }
      // The rest after an abusive call: no calls out either (the SIP agent refuses calls in).
      if (state.protection.agent.recoveryUntil !== null) {
        dispatch(dialRefused({ problem: 'resting' }));
        return;
      }
      const target = parseDialTarget(state.calls.dialInput, state.account.account?.sipUri ?? null);
      if (!target.ok) {
        dispatch(dialRefused({ problem: target.error }));
        return;
      }
      if (!isRegistered(state)) {
        // A link may come while the agent is still starting or reconnecting: give it a moment.
        const status = state.registration.status;
        const starting =
          state.account.account !== null &&
          (status === 'connecting' || status === 'reconnecting' || status === 'unconfigured');
        const registeredInTime =
          fromLink &&
          starting &&
          (await condition((_a, s) => isRegistered(s), REGISTRATION_WAIT_MS));
        if (!registeredInTime) {
          dispatch(dialRefused({ problem: 'notRegistered' }));
          return;
        }
        if (getState().calls.order.length > 0) {
          dispatch(dialRefused({ problem: 'callInProgress' }));
          return;
        }
      }
      try {
        await extra.sip.call(target.uri);
      } catch (error) {
        if (error instanceof MicrophoneUnavailableError) {
          dispatch(dialRefused({ problem: 'micUnavailable' }));
          logToMain(extra.sori, 'warn', 'calls', `microphone unavailable: ${error.reason}`);
          return;
        }
        dispatch(dialRefused({ problem: 'callFailedToStart' }));
        logToMain(
          extra.sori,
          'error',
          'calls',
          `call could not start: ${error instanceof Error ? error.name : 'unknown'}`,
        );
      }
    },
  });

  // Call waiting: a call that comes in while the agent talks on one line rings as a waiting
  // call. Anything more (a third call, or a call while the first is still being set up) gets
  // 486 Busy Here.
  startListening({
    actionCreator: callStarted,
    effect: (action, { extra, getOriginalState }) => {
      if (action.payload.direction !== 'inbound') return;
      const before = getOriginalState().calls;
      const existing = before.order.map((id) => before.byId[id]);
      const canWait = existing.length === 1 && existing[0]?.phase === 'talking';
      if (existing.length > 0 && !canWait) extra.sip.reject(action.payload.callId, 'busy');
    },
  });

  // Auto-answer (machine policy): every call, or the calls whose INVITE asks for it, after the
  // delay; only a call that rings alone (never a waiting call) and is still ringing by then.
  startListening({
    actionCreator: callStarted,
    effect: async ({ payload }, { dispatch, extra, getState, delay }) => {
      if (payload.direction !== 'inbound') return;
      const { autoAnswer, order } = getState().calls;
      const seconds =
        autoAnswer.mode === 'always'
          ? autoAnswer.delaySeconds
          : autoAnswer.mode === 'header'
            ? (payload.hints?.answerAfterSeconds ?? null)
            : null;
      if (seconds === null || order.length !== 1) return;
      await delay(seconds * 1000);
      const call = getState().calls.byId[payload.callId];
      if (call?.phase !== 'ringing' || getState().calls.order.length !== 1) return;
      logToMain(
        extra.sori,
        'info',
        'calls',
        `auto-answered (${autoAnswer.mode}) after ${seconds} s`,
      );
      dispatch(answerClicked({ callId: payload.callId }));
    },
  });

  // 받기: on a waiting call, the current line is put on hold first; if it cannot be, the waiting
  // call keeps ringing (the customer on hold must never hear the agent talk to someone else).
  startListening({
    actionCreator: answerClicked,
    effect: async ({ payload: { callId } }, { dispatch, extra, getState, take }) => {
      const { calls } = getState();
      const otherLine = calls.order.some(
        (id) => id !== callId && calls.byId[id]?.phase === 'talking',
      );
      if (!otherLine) {
        extra.sip.answer(callId);
        return;
      }
      const held = await holdOtherLines(callId, { dispatch, getState, take });
      if (!held) {
        dispatch(answerAborted({ callId }));
        return;
      }
      extra.sip.answer(callId);
    },
  });

  // 이 통화로 전환: hold the line the agent is on, then take the chosen one off hold.
  startListening({
    actionCreator: swapClicked,
    effect: async ({ payload: { callId } }, { dispatch, getState, take }) => {
      const target = getState().calls.byId[callId];
      if (target?.phase !== 'talking' || getState().calls.focusedId === callId) return;
      if (!(await holdOtherLines(callId, { dispatch, getState, take }))) return;
      dispatch(lineFocused({ callId }));
      if (getState().calls.byId[callId]?.hold === 'held') dispatch(resumeClicked({ callId }));
    },
  });
  startListening({
    actionCreator: declineClicked,
    effect: (action, { extra }) => extra.sip.reject(action.payload.callId, 'decline'),
  });
  startListening({
    actionCreator: hangupClicked,
    effect: (action, { extra }) => extra.sip.hangup(action.payload.callId),
  });
  startListening({
    actionCreator: dtmfPressed,
    effect: ({ payload }, { extra }) => {
      try {
        extra.sip.sendDtmf(payload.callId, payload.tone);
      } catch (error) {
        logToMain(extra.sori, 'warn', 'calls', `DTMF not sent: ${(error as Error).message}`);
      }
    },
  });
  // 보류 / 보류 해제: the card says held only when the far end agreed (see holdSettled).
  for (const [creator, holding] of [
    [holdClicked, true],
    [resumeClicked, false],
  ] as const) {
    startListening({
      actionCreator: creator,
      effect: async ({ payload: { callId } }, { dispatch, extra, getState }) => {
        if (getState().calls.byId[callId]?.hold !== (holding ? 'holding' : 'resuming')) return;
        const outcome = holding ? await extra.sip.hold(callId) : await extra.sip.resume(callId);
        if (!outcome.ok) {
          const what = holding ? 'hold' : 'resume';
          const code = outcome.statusCode ?? '-';
          logToMain(extra.sori, 'warn', 'calls', `${what} refused: ${outcome.failure} (${code})`);
        }
        dispatch(holdSettled({ callId, action: holding ? 'hold' : 'resume', outcome }));
      },
    });
  }
  startListening({
    actionCreator: muteToggled,
    effect: ({ payload }, { extra, getState }) => {
      const call = getState().calls.byId[payload.callId];
      if (call) extra.sip.setMuted(payload.callId, call.muted);
    },
  });
  // 호전환: read the target like a dialled number, then REFER the customer to it.
  startListening({
    actionCreator: transferSubmitted,
    effect: async ({ payload: { callId, target } }, api) => {
      const targetUri = readTransferTarget(callId, target, api);
      if (!targetUri) return;
      api.dispatch(transferStarted({ callId, targetUri }));
      settleTransfer('blind', callId, await api.extra.sip.transfer(callId, targetUri), api);
    },
  });
  // 협의통화: the customer goes on hold, then the target is called on a second line.
  startListening({
    actionCreator: consultSubmitted,
    effect: async ({ payload: { callId, target } }, api) => {
      const { dispatch, extra } = api;
      const targetUri = readTransferTarget(callId, target, api);
      // Every talking line goes on hold first (the customer must not hear the consult).
      if (!targetUri || !(await holdOtherLines('', api))) return;
      try {
        const consultCallId = await extra.sip.call(targetUri);
        dispatch(consultStarted({ callId, targetUri, consultCallId }));
      } catch {
        dispatch(
          transferRefused({
            callId,
            problem: { kind: 'failed', failure: 'notReady', statusCode: null },
          }),
        );
      }
    },
  });

  // 고객연결: REFER with Replaces; both of the agent's legs end when the customer is through.
  startListening({
    actionCreator: consultCompleted,
    effect: async ({ payload: { callId } }, { dispatch, extra, getState }) => {
      const transfer = getState().calls.byId[callId]?.transfer;
      if (transfer?.phase !== 'consulting' || !transfer.consultCallId || !transfer.targetUri)
        return;
      dispatch(transferStarted({ callId, targetUri: transfer.targetUri }));
      const outcome = await extra.sip.completeTransfer(callId, transfer.consultCallId);
      settleTransfer('attended', callId, outcome, { dispatch, extra });
    },
  });

  // 협의취소: end the consult call; the agent retrieves the customer.
  startListening({
    actionCreator: consultCancelled,
    effect: async ({ payload: { callId } }, { dispatch, getState, take }) => {
      const consultCallId = getState().calls.byId[callId]?.transfer?.consultCallId;
      if (!consultCallId) return;
      dispatch(hangupClicked({ callId: consultCallId }));
      // JsSIP may report the end while the BYE goes out, before take() could see it.
      if (getState().calls.byId[consultCallId])
        await take(
          (action): action is ReturnType<typeof callEnded> =>
            callEnded.match(action) && action.payload.callId === consultCallId,
          HOLD_WAIT_MS,
        );
      if (getState().calls.byId[callId]?.hold === 'held') dispatch(resumeClicked({ callId }));
    },
  });
}
