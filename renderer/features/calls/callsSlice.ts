import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { CallDirection, CallEndReason, RemoteParty } from '../../../preload/contract';
import { callEndReason, type SipOriginator } from '../../sip/causes';
import type { CallerHints } from '../../sip/sipTypes';
import { callEndMessageKey, type CallEndMessageKey } from './callEndMessage';
import { accountSaved } from '../account/accountSlice';
import { registered } from '../registration/registrationSlice';
import type { DialError } from './dialTarget';

/**
 * ringing: an incoming call waits for the agent. answering: the agent pressed 받기, media is being
 * set up. dialling: our INVITE is out. alerting: the far end rings (1xx). talking: answered.
 */
export type CallPhase = 'ringing' | 'answering' | 'dialling' | 'alerting' | 'talking';

export interface Call {
  callId: string;
  direction: CallDirection;
  /** Already cleaned of control characters and cut to the stored length by renderer/sip. */
  remote: RemoteParty;
  phase: CallPhase;
  startedAt: number;
  answeredAt: number | null;
}

export interface EndedCall extends Omit<Call, 'phase'> {
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
  /** The call that ended last, for the card's "call ended" line; cleared by the next call. */
  lastEnded: EndedCall | null;
  dialInput: string;
  dialProblem: DialProblem | null;
}

const initialState: CallsState = {
  byId: {},
  order: [],
  lastEnded: null,
  dialInput: '',
  dialProblem: null,
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
      };
      state.order.push(callId);
      state.lastEnded = null;
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
    declineClicked(_state, _action: PayloadAction<{ callId: string }>) {},
    hangupClicked(_state, _action: PayloadAction<{ callId: string }>) {},
    /** A key of the in-call keypad (DTMF to an IVR or a PBX menu). */
    dtmfPressed(_state, _action: PayloadAction<{ callId: string; tone: string }>) {},
    callConfirmed(state, action: PayloadAction<{ callId: string; at: number }>) {
      const call = state.byId[action.payload.callId];
      if (!call) return;
      call.phase = 'talking';
      call.answeredAt ??= action.payload.at;
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
      const { phase: _phase, ...rest } = call;
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
  callStarted,
  callProgressed,
  answerClicked,
  declineClicked,
  hangupClicked,
  dtmfPressed,
  callConfirmed,
  callEnded,
} = callsSlice.actions;
