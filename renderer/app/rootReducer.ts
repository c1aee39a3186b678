import { combineReducers } from '@reduxjs/toolkit';
import { policySlice } from '../features/policy/policySlice';
import { monitoringSlice } from '../features/monitoring/monitoringSlice';
import { teamBoardSlice } from '../features/teamBoard/teamBoardSlice';
import { accountSlice } from '../features/account/accountSlice';
import { centerNoticesSlice } from '../features/centerNotices/centerNoticesSlice';
import { wrapUpSlice } from '../features/wrapUp/wrapUpSlice';
import { callbacksSlice } from '../features/callbacks/callbacksSlice';
import { scriptsSlice } from '../features/scripts/scriptsSlice';
import { customerSlice } from '../features/customer/customerSlice';
import { syncSlice } from '../features/sync/syncSlice';
import { statsSlice } from '../features/stats/statsSlice';
import { evidenceSlice } from '../features/evidence/evidenceSlice';
import { notesSlice } from '../features/notes/notesSlice';
import { auditLogSlice } from '../features/auditLog/auditLogSlice';
import { diagnosticsSlice } from '../features/diagnostics/diagnosticsSlice';
import { agentStateSlice } from '../features/agentState/agentStateSlice';
import { callRecordingSlice } from '../features/callRecording/callRecordingSlice';
import { callLogSlice } from '../features/callLog/callLogSlice';
import { callsSlice } from '../features/calls/callsSlice';
import { noticesSlice } from '../features/notices/noticesSlice';
import { recordingNoticeSlice } from '../features/recordingNotice/recordingNoticeSlice';
import { protectionSlice } from '../features/protection/protectionSlice';
import { registrationSlice } from '../features/registration/registrationSlice';
import { settingsSlice } from '../features/settings/settingsSlice';
import { healthCheckSlice } from '../features/healthCheck/healthCheckSlice';
import { hotkeysSlice } from '../features/hotkeys/hotkeysSlice';
import { audioDevicesSlice } from '../features/audioDevices/audioDevicesSlice';
import { headsetSlice } from '../features/headset/headsetSlice';

export const rootReducer = combineReducers({
  settings: settingsSlice.reducer,
  account: accountSlice.reducer,
  registration: registrationSlice.reducer,
  calls: callsSlice.reducer,
  callLog: callLogSlice.reducer,
  notices: noticesSlice.reducer,
  recordingNotice: recordingNoticeSlice.reducer,
  protection: protectionSlice.reducer,
  callRecording: callRecordingSlice.reducer,
  agentState: agentStateSlice.reducer,
  auditLog: auditLogSlice.reducer,
  diagnostics: diagnosticsSlice.reducer,
  notes: notesSlice.reducer,
  evidence: evidenceSlice.reducer,
  stats: statsSlice.reducer,
  sync: syncSlice.reducer,
  customer: customerSlice.reducer,
  centerNotices: centerNoticesSlice.reducer,
  wrapUp: wrapUpSlice.reducer,
  callbacks: callbacksSlice.reducer,
  scripts: scriptsSlice.reducer,
  healthCheck: healthCheckSlice.reducer,
  audioDevices: audioDevicesSlice.reducer,
  headset: headsetSlice.reducer,
  hotkeys: hotkeysSlice.reducer,
  policy: policySlice.reducer,
  monitoring: monitoringSlice.reducer,
  teamBoard: teamBoardSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;
