import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { registrationFailureReason, type RegistrationFailureReason } from '../../sip/causes';

/**
 * What the agent is told about registration. `reconnecting` means the WebSocket was lost after
 * it had worked and JsSIP is reconnecting (it re-registers by itself once connected).
 */
export type RegistrationStatus =
  'unconfigured' | 'connecting' | 'registered' | 'failed' | 'reconnecting';

export interface RegistrationState {
  status: RegistrationStatus;
  failure: RegistrationFailureReason | null;
  socketConnected: boolean;
  /** Whether the socket ever connected since the last start: losing it then is a reconnect. */
  everConnected: boolean;
  /** Reconnection attempts since the socket was lost. */
  attempts: number;
}

const initialState: RegistrationState = {
  status: 'unconfigured',
  failure: null,
  socketConnected: false,
  everConnected: false,
  attempts: 0,
};

// WebSocket close codes by which a server says it does not speak what we sent.
const PROTOCOL_REFUSED = new Set([1002, 1003, 1007]);

export const registrationSlice = createSlice({
  name: 'registration',
  initialState,
  reducers: {
    /** The SIP agent was (re)started with an account. */
    agentStarted() {
      return { ...initialState, status: 'connecting' as const };
    },
    /** The SIP agent was stopped (account change, quit). */
    agentStopped() {
      return initialState;
    },
    /** The agent could not be started at all (bad configuration, no credentials). */
    agentStartFailed(_state, action: PayloadAction<{ reason: RegistrationFailureReason }>) {
      return { ...initialState, status: 'failed' as const, failure: action.payload.reason };
    },
    socketConnecting(state, action: PayloadAction<{ attempts: number }>) {
      state.attempts = action.payload.attempts;
    },
    socketConnected(state) {
      state.socketConnected = true;
      state.everConnected = true;
      if (state.status === 'failed' && state.failure === 'serverUnreachable') {
        state.status = 'connecting';
        state.failure = null;
      }
    },
    socketLost(state, action: PayloadAction<{ error: boolean; code: number | null }>) {
      const wasConnected = state.socketConnected;
      state.socketConnected = false;
      if (state.status === 'unconfigured') return;
      if (
        wasConnected &&
        action.payload.code !== null &&
        PROTOCOL_REFUSED.has(action.payload.code)
      ) {
        state.status = 'failed';
        state.failure = 'notSipServer';
      } else if (state.everConnected) {
        // It worked before: JsSIP reconnects and registers again by itself.
        if (state.status === 'failed' && state.failure !== 'serverUnreachable') return;
        state.status = 'reconnecting';
        state.failure = null;
      } else {
        state.status = 'failed';
        state.failure = 'serverUnreachable';
      }
    },
    registered(state) {
      state.status = 'registered';
      state.failure = null;
      state.attempts = 0;
    },
    registrationFailed(state, action: PayloadAction<{ cause: string; statusCode: number | null }>) {
      const reason = registrationFailureReason(action.payload.cause, action.payload.statusCode);
      // A REGISTER cut off by a dropping socket: the socketLost that follows says 'reconnecting'.
      if (reason === 'serverUnreachable' && state.everConnected) return;
      state.status = 'failed';
      state.failure = reason;
    },
  },
});

export const {
  agentStarted,
  agentStopped,
  agentStartFailed,
  socketConnecting,
  socketConnected,
  socketLost,
  registered,
  registrationFailed,
} = registrationSlice.actions;
