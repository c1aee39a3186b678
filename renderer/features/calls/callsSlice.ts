import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CallDirection, CallEndReason, RemoteParty } from '../../../preload/contract';
import { callEndReason, type SipOriginator } from '../../sip/causes';
import type {
  CallerHints,
  HoldFailure,
  HoldOutcome,
  TransferFailure,
  TransferOutcome,
} from '../../sip/sipTypes';
import { callEndMessageKey, type CallEndMessageKey } from './callEndMessage';
import { accountSaved } from '../account/accountSlice';
import { registered } from '../registration/registrationSlice';
import type { DialError } from './dialTarget';

/**
 * ringing: an incoming call waits for the agent. answering: the agent pressed 받기, media is being
 * set up. dialling: our INVITE is out. alerting: the far end rings (1xx). talking: answered.
 */
export type CallPhase = 'ringing' | 'answering' | 'dialling' | 'alerting' | 'talking';

/**
 * 보류 as the far end agreed to it: holding and resuming while the re-INVITE is out, held only
 * once it succeeded (a refused one goes back to what it was, with a {@link HoldProblem}).
 */
export type HoldState = 'none' | 'holding' | 'held' | 'resuming';

export interface HoldProblem {
  action: 'hold' | 'resume';
  failure: HoldFailure;
  statusCode: number | null;
}

/** Why 호전환 did not happen: the target could not be read, or the transfer failed. */
export type TransferProblem =
  | { kind: 'target'; error: DialError }
  | { kind: 'failed'; failure: TransferFailure; statusCode: number | null };

/**
 * 호전환 of a call: the form is open (`open`), the customer's phone is calling the target
 * (`transferring`), or it is done (the call then ends and says so).
 */
export interface CallTransfer {
  /**
   * open: the target field is shown; transferring: the customer's phone calls the target (blind,
   * or 고객연결 after a consult); consulting: 협의통화, the agent talks to the target on another
   * line while this customer is on hold; done: the customer went on to the target.
   */
  phase: 'open' | 'transferring' | 'consulting' | 'done';
  /** The SIP URI the customer is being sent to. */
  targetUri: string | null;
  /** The consult call (협의통화) with the target, for an attended transfer. */
  consultCallId: string | null;
  problem: TransferProblem | null;
}

/** The call's latest quality sample (see renderer/sip/callQuality.ts). */
export interface CallQuality {
  mos: number;
  /** 'poor'/'bad' only once a few samples in a row agree. */
  level: 'good' | 'poor' | 'bad';
  lossPercent: number;
  jitterMs: number;
  rttMs: number | null;
  receiving: boolean;
}

export interface Call {
  callId: string;
  direction: CallDirection;
  /** Already cleaned of control characters and cut to the stored length by renderer/sip. */
  remote: RemoteParty;
  phase: CallPhase;
  startedAt: number;
  answeredAt: number | null;
  hold: HoldState;
  holdProblem: HoldProblem | null;
  /** 음소거: the agent's microphone is muted on this call. */
  muted: boolean;
  transfer: CallTransfer | null;
  /** Null until the first sample, a few seconds after the call connected. */
  quality: CallQuality | null;
}

export interface EndedCall extends Omit<
  Call,
  'phase' | 'hold' | 'holdProblem' | 'muted' | 'transfer' | 'quality'
> {
  endedAt: number;
  endReason: CallEndReason;
  message: CallEndMessageKey;
}

/** Why nothing was dialled: the number is wrong, or the phone is not in a state to dial. */
export type DialProblem =
  | DialError
  | 'notRegistered'
  | 'callInProgress'
  | 'callFailedToStart'
  | 'micUnavailable'
  | 'resting';

export interface CallsState {
  byId: Record<string, Call>;
  /** Call ids, oldest first. */
  order: string[];
  /**
   * The line the agent is on (the card and the toolbar act on it). A second call rings as call
   * waiting without taking the focus; it gets it once answered, and 전환 swaps between lines.
   */
  focusedId: string | null;
  /** The call that ended last, for the card's "call ended" line; cleared by the next call. */
  lastEnded: EndedCall | null;
  dialInput: string;
  dialProblem: DialProblem | null;
  /** Machine policy: incoming calls answered without a click (see the calls listener). */
  autoAnswer: AutoAnswerPolicy;
}

export interface AutoAnswerPolicy {
  mode: 'off' | 'header' | 'always';
  delaySeconds: number;
}

const initialState: CallsState = {
  byId: {},
  order: [],
  focusedId: null,
  lastEnded: null,
  dialInput: '',
  dialProblem: null,
  autoAnswer: { mode: 'off', delaySeconds: 1 },
};

export const callsSlice = createSlice({
  name: 'calls',
  initialState,
  reducers: {
    dialInputEdited(state, action: PayloadAction<{ text: string }>) {
      state.dialInput = action.payload.text.slice(0, 512);
      state.dialProblem = null;
    },
    /** 걸기 pressed (or Enter in the number field): the listener validates and dials. */
    dialSubmitted(state) {
      state.dialProblem = null;
    },
    /** A tel:/sip: link was opened with the app (push event dial:requested). */
    dialLinkReceived(state, action: PayloadAction<{ target: string }>) {
      state.dialInput = action.payload.target.slice(0, 512);
      state.dialProblem = null;
    },
    autoAnswerPolicyReceived(state, action: PayloadAction<AutoAnswerPolicy>) {
      state.autoAnswer = action.payload;
    },
    dialRefused(state, action: PayloadAction<{ problem: DialProblem }>) {
      state.dialProblem = action.payload.problem;
    },
    callStarted(
      state,
      action: PayloadAction<{
        callId: string;
        direction: CallDirection;
        remote: RemoteParty;
        at: number;
        /** For the screen pop (see CallerHints); not kept in the call's state. */
        hints?: CallerHints;
      }>,
    ) {
      const { callId, direction, remote, at } = action.payload;
      if (state.byId[callId]) return;
      state.byId[callId] = {
        callId,
        direction,
        remote,
        phase: direction === 'inbound' ? 'ringing' : 'dialling',
        startedAt: at,
        answeredAt: null,
        hold: 'none',
        holdProblem: null,
        muted: false,
        transfer: null,
        quality: null,
      };
      state.order.push(callId);
      state.focusedId ??= callId;
      if (state.order.length === 1) state.lastEnded = null;
      if (direction === 'outbound') state.dialProblem = null;
    },
    callProgressed(state, action: PayloadAction<{ callId: string }>) {
      const call = state.byId[action.payload.callId];
      if (call && call.phase === 'dialling') call.phase = 'alerting';
    },
    answerClicked(state, action: PayloadAction<{ callId: string }>) {
      const call = state.byId[action.payload.callId];
      if (call && call.phase === 'ringing') call.phase = 'answering';
    },
    /** The waiting call was not answered because the current one could not be put on hold. */
    answerAborted(state, action: PayloadAction<{ callId: string }>) {
      const call = state.byId[action.payload.callId];
      if (call && call.phase === 'answering') call.phase = 'ringing';
    },
    /** 이 통화로 전환: the agent wants to talk on another line (the listener holds and resumes). */
    swapClicked(_state, _action: PayloadAction<{ callId: string }>) {},
    lineFocused(state, action: PayloadAction<{ callId: string }>) {
      if (state.byId[action.payload.callId]) state.focusedId = action.payload.callId;
    },
    declineClicked(_state, _action: PayloadAction<{ callId: string }>) {},
    hangupClicked(_state, _action: PayloadAction<{ callId: string }>) {},
    /** A key of the in-call keypad (DTMF to an IVR or a PBX menu). */
    dtmfPressed(_state, _action: PayloadAction<{ callId: string; tone: string }>) {},
    holdClicked(state, action: PayloadAction<{ callId: string }>) {
      const call = state.byId[action.payload.callId];
      if (call?.phase !== 'talking' || call.hold !== 'none') return;
      call.hold = 'holding';
      call.holdProblem = null;
    },
    resumeClicked(state, action: PayloadAction<{ callId: string }>) {
      const call = state.byId[action.payload.callId];
      if (call?.hold !== 'held') return;
      call.hold = 'resuming';
      call.holdProblem = null;
    },
    /** What the far end said to the hold or resume re-INVITE. */
    holdSettled(
      state,
      action: PayloadAction<{ callId: string; action: 'hold' | 'resume'; outcome: HoldOutcome }>,
    ) {
      const { callId, outcome } = action.payload;
      const call = state.byId[callId];
      if (!call) return;
      const holding = action.payload.action === 'hold';
      if (outcome.ok) {
        call.hold = holding ? 'held' : 'none';
        return;
      }
      call.hold = holding ? 'none' : 'held';
      call.holdProblem = {
        action: action.payload.action,
        failure: outcome.failure,
        statusCode: outcome.statusCode,
      };
    },
    /** 호전환 pressed: the target field opens on the card (pressed again: it closes). */
    transferToggled(state, action: PayloadAction<{ callId: string }>) {
      const call = state.byId[action.payload.callId];
      if (call?.phase !== 'talking' || call.transfer?.phase === 'transferring') return;
      call.transfer = call.transfer
        ? null
        : { phase: 'open', targetUri: null, consultCallId: null, problem: null };
    },
    /** 돌려주기 pressed with what the agent typed; the listener reads it and sends the REFER. */
    transferSubmitted(_state, _action: PayloadAction<{ callId: string; target: string }>) {},
    transferStarted(state, action: PayloadAction<{ callId: string; targetUri: string }>) {
      const call = state.byId[action.payload.callId];
      if (!call) return;
      call.transfer = {
        phase: 'transferring',
        targetUri: action.payload.targetUri,
        consultCallId: call.transfer?.consultCallId ?? null,
        problem: null,
      };
    },
    /** 협의통화 pressed with what the agent typed: hold this call, then call the target. */
    consultSubmitted(_state, _action: PayloadAction<{ callId: string; target: string }>) {},
    consultStarted(
      state,
      action: PayloadAction<{ callId: string; targetUri: string; consultCallId: string }>,
    ) {
      const { callId, targetUri, consultCallId } = action.payload;
      const call = state.byId[callId];
      if (!call) return;
      call.transfer = { phase: 'consulting', targetUri, consultCallId, problem: null };
      if (state.byId[consultCallId]) state.focusedId = consultCallId;
    },
    /** 고객연결: the customer goes to the consulted party (the listener sends REFER/Replaces). */
    consultCompleted(_state, _action: PayloadAction<{ callId: string }>) {},
    /** 협의취소: the consult call ends and the agent is back with the customer. */
    consultCancelled(_state, _action: PayloadAction<{ callId: string }>) {},
    transferRefused(state, action: PayloadAction<{ callId: string; problem: TransferProblem }>) {
      const call = state.byId[action.payload.callId];
      if (!call) return;
      call.transfer = {
        phase: 'open',
        targetUri: call.transfer?.targetUri ?? null,
        consultCallId: null,
        problem: action.payload.problem,
      };
    },
    transferSettled(state, action: PayloadAction<{ callId: string; outcome: TransferOutcome }>) {
      const call = state.byId[action.payload.callId];
      if (!call?.transfer) return;
      const { outcome } = action.payload;
      if (outcome.ok) {
        call.transfer.phase = 'done';
        return;
      }
      // A failed 고객연결 leaves the consult call up: the agent can try again or cancel.
      call.transfer.phase = call.transfer.consultCallId ? 'consulting' : 'open';
      call.transfer.problem = {
        kind: 'failed',
        failure: outcome.failure,
        statusCode: outcome.statusCode,
      };
    },
    muteToggled(state, action: PayloadAction<{ callId: string }>) {
      const call = state.byId[action.payload.callId];
      if (call?.phase === 'talking') call.muted = !call.muted;
    },
    callConfirmed(state, action: PayloadAction<{ callId: string; at: number }>) {
      const call = state.byId[action.payload.callId];
      if (!call) return;
      // An answered call waiting behind another takes the focus: the agent talks on it now.
      if (call.phase === 'answering') state.focusedId = call.callId;
      call.phase = 'talking';
      call.answeredAt ??= action.payload.at;
    },
    callQualitySampled(state, action: PayloadAction<{ callId: string; quality: CallQuality }>) {
      const call = state.byId[action.payload.callId];
      if (call) call.quality = action.payload.quality;
    },
    callEnded(
      state,
      action: PayloadAction<{
        callId: string;
        cause: string;
        originator: SipOriginator;
        at: number;
      }>,
    ) {
      const { callId, cause, originator, at } = action.payload;
      const call = state.byId[callId];
      if (!call) return;
      delete state.byId[callId];
      state.order = state.order.filter((id) => id !== callId);
      if (state.focusedId === callId) state.focusedId = state.order[0] ?? null;
      // The consult call ended (협의취소, or the other agent hung up): back to the target field.
      for (const id of state.order) {
        const other = state.byId[id];
        if (other?.transfer?.consultCallId === callId && other.transfer.phase !== 'done') {
          other.transfer = { ...other.transfer, phase: 'open', consultCallId: null };
          state.focusedId = id;
        }
      }
      const {
        phase: _phase,
        hold: _hold,
        holdProblem: _problem,
        muted: _muted,
        transfer: _transfer,
        quality: _quality,
        ...rest
      } = call;
      state.lastEnded = {
        ...rest,
        endedAt: at,
        endReason: callEndReason(cause, originator),
        message: callEndMessageKey(cause, originator, call.direction),
      };
    },
  },
  extraReducers: (builder) => {
    // A refusal whose reason has gone away should not linger under the number field.
    builder.addCase(registered, (state) => {
      if (state.dialProblem === 'notRegistered') state.dialProblem = null;
    });
    builder.addCase(accountSaved, (state) => {
      if (state.dialProblem === 'noAccount') state.dialProblem = null;
    });
    // (matched by type: the protection slice imports this one)
    builder.addMatcher(
      (action) => action.type === 'protection/recoveryTimeUp',
      (state) => {
        if (state.dialProblem === 'resting') state.dialProblem = null;
      },
    );
  },
});

export const {
  dialInputEdited,
  dialSubmitted,
  dialLinkReceived,
  dialRefused,
  autoAnswerPolicyReceived,
  callStarted,
  callProgressed,
  answerClicked,
  answerAborted,
  swapClicked,
  lineFocused,
  declineClicked,
  hangupClicked,
  dtmfPressed,
  holdClicked,
  resumeClicked,
  holdSettled,
  muteToggled,
  transferToggled,
  transferSubmitted,
  transferStarted,
  transferRefused,
  transferSettled,
  consultSubmitted,
  consultStarted,
  consultCompleted,
  consultCancelled,
  callConfirmed,
  callQualitySampled,
  callEnded,
} = callsSlice.actions;
