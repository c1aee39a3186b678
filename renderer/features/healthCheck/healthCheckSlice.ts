import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode, HealthCheckItem, HealthCheckResult } from '../../../preload/contract';

export interface HealthCheckState {
  /** The last run kept by main (this shift's or an earlier one), or null: never run here. */
  last: HealthCheckResult | null;
  running: boolean;
  /** The checks done so far while running, in order. */
  progress: HealthCheckItem[];
  /** Main could not keep the result. */
  error: ErrorCode | null;
  /** Whether a check was run since the app started (a shift starts with one). */
  ranThisShift: boolean;
}

const initialState: HealthCheckState = {
  last: null,
  running: false,
  progress: [],
  error: null,
  ranThisShift: false,
};

export const healthCheckSlice = createSlice({
  name: 'healthCheck',
  initialState,
  reducers: {
    lastHealthCheckLoaded(state, action: PayloadAction<HealthCheckResult | null>) {
      if (!state.running) state.last = action.payload;
    },
    healthCheckRequested(state) {
      state.running = true;
      state.progress = [];
      state.error = null;
    },
    healthCheckProgressed(state, action: PayloadAction<HealthCheckItem>) {
      state.progress.push(action.payload);
    },
    healthCheckFinished(state, action: PayloadAction<HealthCheckResult>) {
      state.running = false;
      state.last = action.payload;
      state.progress = [];
      state.ranThisShift = true;
    },
    healthCheckFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.running = false;
      state.error = action.payload.code;
    },
  },
});

export const {
  lastHealthCheckLoaded,
  healthCheckRequested,
  healthCheckProgressed,
  healthCheckFinished,
  healthCheckFailed,
} = healthCheckSlice.actions;
