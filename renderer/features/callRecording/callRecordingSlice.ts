import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { RecordingFailure } from '../../sip/sipTypes';
import { callStarted } from '../calls/callsSlice';

/** The client-side recording of one call, as the agent sees it. */
export interface CallRecordingState {
  phase: 'recording' | 'paused' | 'stopped' | 'failed';
  /** A pause or resume was asked and main has not confirmed it yet. */
  busy: boolean;
  failure: RecordingFailure | null;
}

export interface CallRecordingSliceState {
  /** Whether the machine policy records calls (from policy:get). */
  enabled: boolean;
  byCallId: Record<string, CallRecordingState>;
}

const initialState: CallRecordingSliceState = { enabled: false, byCallId: {} };

export const callRecordingSlice = createSlice({
  name: 'callRecording',
  initialState,
  reducers: {
    recordingPolicyReceived(state, action: PayloadAction<{ enabled: boolean }>) {
      state.enabled = action.payload.enabled;
    },
    recordingStarted(state, action: PayloadAction<{ callId: string }>) {
      state.byCallId[action.payload.callId] = { phase: 'recording', busy: false, failure: null };
    },
    recordingPauseClicked(state, action: PayloadAction<{ callId: string }>) {
      const entry = state.byCallId[action.payload.callId];
      if (entry?.phase === 'recording') entry.busy = true;
    },
    recordingResumeClicked(state, action: PayloadAction<{ callId: string }>) {
      const entry = state.byCallId[action.payload.callId];
      if (entry?.phase === 'paused') entry.busy = true;
    },
    recordingPaused(state, action: PayloadAction<{ callId: string }>) {
      const entry = state.byCallId[action.payload.callId];
      if (entry) Object.assign(entry, { phase: 'paused', busy: false });
    },
    recordingResumed(state, action: PayloadAction<{ callId: string }>) {
      const entry = state.byCallId[action.payload.callId];
      if (entry) Object.assign(entry, { phase: 'recording', busy: false });
    },
    recordingStopped(state, action: PayloadAction<{ callId: string }>) {
      const entry = state.byCallId[action.payload.callId];
      if (entry && entry.phase !== 'failed')
        Object.assign(entry, { phase: 'stopped', busy: false });
    },
    recordingFailed(state, action: PayloadAction<{ callId: string; reason: RecordingFailure }>) {
      state.byCallId[action.payload.callId] = {
        phase: 'failed',
        busy: false,
        failure: action.payload.reason,
      };
    },
  },
  extraReducers: (builder) => {
    // Only the calls on screen are kept: a new call clears the ones that are over.
    builder.addCase(callStarted, (state) => {
      for (const [callId, entry] of Object.entries(state.byCallId)) {
        if (entry.phase === 'stopped' || entry.phase === 'failed') delete state.byCallId[callId];
      }
    });
  },
});

export const {
  recordingPolicyReceived,
  recordingStarted,
  recordingPauseClicked,
  recordingResumeClicked,
  recordingPaused,
  recordingResumed,
  recordingStopped,
  recordingFailed,
} = callRecordingSlice.actions;
