import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode } from '../../../preload/contract';
import type { MonitorMode } from '../../sip/sipTypes';

/** The agent's side: a team lead monitors this agent's call (shown when the policy says so). */
export interface MonitoredBy {
  monitorId: string;
  sessionId: string;
  leadName: string;
  mode: MonitorMode;
  /** Policy: whether the agent sees the indicator (transparency). */
  indicator: boolean;
}

/** The lead's side: the monitoring call this lead runs. */
export interface LeadMonitoring {
  agentUri: string;
  mode: MonitorMode;
  monitorId: string | null;
  status: 'requesting' | 'connecting' | 'active';
}

export interface MonitoringState {
  /** From the centre server: only a lead may monitor, and only their own team. */
  role: 'agent' | 'lead' | null;
  team: string | null;
  monitoredBy: MonitoredBy | null;
  lead: LeadMonitoring | null;
  /** The last monitoring request that failed (the lead's side). */
  error: ErrorCode | 'callFailed' | null;
}

const initialState: MonitoringState = {
  role: null,
  team: null,
  monitoredBy: null,
  lead: null,
  error: null,
};

export const monitoringSlice = createSlice({
  name: 'monitoring',
  initialState,
  reducers: {
    roleLoaded(
      state,
      action: PayloadAction<{ role: 'agent' | 'lead' | null; team: string | null }>,
    ) {
      state.role = action.payload.role;
      state.team = action.payload.team;
    },
    monitoredStarted(state, action: PayloadAction<MonitoredBy>) {
      state.monitoredBy = action.payload;
    },
    monitoredModeChanged(state, action: PayloadAction<{ monitorId: string; mode: MonitorMode }>) {
      if (state.monitoredBy?.monitorId === action.payload.monitorId) {
        state.monitoredBy.mode = action.payload.mode;
      }
    },
    monitoredEnded(state, action: PayloadAction<{ monitorId: string }>) {
      if (state.monitoredBy?.monitorId === action.payload.monitorId) state.monitoredBy = null;
    },

    /** The lead asks to monitor an agent in a mode (or to switch the running session to it). */
    monitorClicked(state, action: PayloadAction<{ agentUri: string; mode: MonitorMode }>) {
      state.error = null;
      if (state.lead?.monitorId && state.lead.agentUri === action.payload.agentUri) return;
      state.lead = { ...action.payload, monitorId: null, status: 'requesting' };
    },
    leadCallPlaced(state, action: PayloadAction<{ monitorId: string }>) {
      if (state.lead) {
        state.lead.monitorId = action.payload.monitorId;
        state.lead.status = 'connecting';
      }
    },
    leadMonitoringStarted(state, action: PayloadAction<{ monitorId: string; mode: MonitorMode }>) {
      if (state.lead?.monitorId === action.payload.monitorId) {
        state.lead.status = 'active';
        state.lead.mode = action.payload.mode;
      }
    },
    leadModeChanged(state, action: PayloadAction<{ mode: MonitorMode }>) {
      if (state.lead) state.lead.mode = action.payload.mode;
    },
    leadMonitoringFailed(state, action: PayloadAction<{ code: ErrorCode | 'callFailed' }>) {
      state.lead = null;
      state.error = action.payload.code;
    },
    leadMonitoringEnded(state, action: PayloadAction<{ monitorId: string }>) {
      if (state.lead?.monitorId !== action.payload.monitorId) return;
      // Ended before it was ever up: the agent's app refused it (or was on no call).
      if (state.lead.status !== 'active') state.error = 'callFailed';
      state.lead = null;
    },
    stopMonitoringClicked() {},
  },
});

export const {
  roleLoaded,
  monitoredStarted,
  monitoredModeChanged,
  monitoredEnded,
  monitorClicked,
  leadCallPlaced,
  leadMonitoringStarted,
  leadModeChanged,
  leadMonitoringFailed,
  leadMonitoringEnded,
  stopMonitoringClicked,
} = monitoringSlice.actions;
