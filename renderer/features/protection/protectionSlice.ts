import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ProtectionState, ProtectionStep } from '../../../preload/contract';
import { callEnded, callStarted } from '../calls/callsSlice';
import { DEFAULT_WARNINGS_BEFORE_TERMINATION } from './protectionRules';

/**
 * Why a protection step did not complete: its message could not be loaded or played, main
 * refused it (out of order), or main could not record it.
 */
export type ProtectionError = 'unavailable' | 'notAllowed' | 'recordFailed';

/** The protection flow of one call. */
export interface CallProtection {
  callId: string;
  /** Steps whose message played to the customer, in order. */
  stepsPlayed: ProtectionStep[];
  /** The step whose message is being played (microphone closed), if any. */
  playing: ProtectionStep | null;
  error: ProtectionError | null;
  callOver: boolean;
}

/** The agent's side: policy, the rest after an abusive call, and the stats counter. */
export interface AgentProtection {
  /** protection:getState has answered at least once. */
  loaded: boolean;
  warningsBeforeTermination: number;
  recoveryMinutes: number | null;
  canLeaveRecoveryEarly: boolean;
  /** End of the rest (epoch ms), null when not resting. Cleared by a timer when the time is up. */
  recoveryUntil: number | null;
  abusiveCalls: number;
  /** 휴식 종료 was refused or failed. */
  endRecoveryFailed: boolean;
}

export interface ProtectionSliceState {
  byCallId: Record<string, CallProtection>;
  agent: AgentProtection;
}

const initialState: ProtectionSliceState = {
  byCallId: {},
  agent: {
    loaded: false,
    warningsBeforeTermination: DEFAULT_WARNINGS_BEFORE_TERMINATION,
    recoveryMinutes: null,
    canLeaveRecoveryEarly: false,
    recoveryUntil: null,
    abusiveCalls: 0,
    endRecoveryFailed: false,
  },
};

const blank = (callId: string): CallProtection => ({
  callId,
  stepsPlayed: [],
  playing: null,
  error: null,
  callOver: false,
});

export const protectionSlice = createSlice({
  name: 'protection',
  initialState,
  reducers: {
    /** The agent pressed a protection button; the listener checks the rules and plays it. */
    protectionStepClicked(
      _state,
      _action: PayloadAction<{ callId: string; step: ProtectionStep }>,
    ) {},
    /** The message is being loaded/played: the microphone is closed, every button disabled. */
    protectionStepStarted(state, action: PayloadAction<{ callId: string; step: ProtectionStep }>) {
      const { callId, step } = action.payload;
      const entry = (state.byCallId[callId] ??= blank(callId));
      if (entry.callOver || entry.playing) return;
      entry.playing = step;
      entry.error = null;
    },
    /** The message played to its end (the call goes on after a warning; ends after the others). */
    protectionStepPlayed(state, action: PayloadAction<{ callId: string; step: ProtectionStep }>) {
      const { callId, step } = action.payload;
      const entry = (state.byCallId[callId] ??= blank(callId));
      if (entry.playing === step) entry.playing = null;
      if (!entry.stepsPlayed.includes(step)) entry.stepsPlayed.push(step);
    },
    protectionStepFailed(
      state,
      action: PayloadAction<{
        callId: string;
        step: ProtectionStep;
        error: ProtectionError | null;
      }>,
    ) {
      const { callId, step, error } = action.payload;
      const entry = state.byCallId[callId];
      if (!entry) return;
      if (entry.playing === step) entry.playing = null;
      entry.error = error;
    },
    /** Main's answer to protection:getState / recordStep / endRecovery. */
    protectionStateReceived(state, action: PayloadAction<ProtectionState>) {
      const s = action.payload;
      state.agent = {
        loaded: true,
        warningsBeforeTermination: s.warningsBeforeTermination,
        recoveryMinutes: s.recoveryMinutes,
        canLeaveRecoveryEarly: s.canLeaveRecoveryEarly,
        recoveryUntil: s.recoveryUntil,
        abusiveCalls: s.abusiveCalls,
        endRecoveryFailed: false,
      };
    },
    /** The rest's timer ran out (main is asked again right after). */
    recoveryTimeUp(state) {
      state.agent.recoveryUntil = null;
    },
    endRecoveryClicked(state) {
      state.agent.endRecoveryFailed = false;
    },
    endRecoveryFailed(state) {
      state.agent.endRecoveryFailed = true;
    },
  },
  extraReducers: (builder) => {
    builder.addCase(callStarted, (state, action) => {
      for (const [id, entry] of Object.entries(state.byCallId)) {
        if (entry.callOver && id !== action.payload.callId) delete state.byCallId[id];
      }
    });
    builder.addCase(callEnded, (state, action) => {
      const entry = state.byCallId[action.payload.callId];
      if (entry) entry.callOver = true;
    });
  },
});

export const {
  protectionStepClicked,
  protectionStepStarted,
  protectionStepPlayed,
  protectionStepFailed,
  protectionStateReceived,
  recoveryTimeUp,
  endRecoveryClicked,
  endRecoveryFailed,
} = protectionSlice.actions;
