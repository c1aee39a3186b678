import { configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { addAccountListeners } from '../features/account/accountListeners';
import { addCenterNoticesListeners } from '../features/centerNotices/centerNoticesListeners';
import { addWrapUpListeners } from '../features/wrapUp/wrapUpListeners';
import { addCallbacksListeners } from '../features/callbacks/callbacksListeners';
import { addScriptsListeners } from '../features/scripts/scriptsListeners';
import { addCustomerListeners } from '../features/customer/customerListeners';
import { addSyncListeners } from '../features/sync/syncListeners';
import { addStatsListeners } from '../features/stats/statsListeners';
import { addEvidenceListeners } from '../features/evidence/evidenceListeners';
import { addNotesListeners } from '../features/notes/notesListeners';
import { addAuditLogListeners } from '../features/auditLog/auditLogListeners';
import { addDiagnosticsListeners } from '../features/diagnostics/diagnosticsListeners';
import { addAgentStateListeners } from '../features/agentState/agentStateListeners';
import { addCallRecordingListeners } from '../features/callRecording/callRecordingListeners';
import { addCallLogListeners } from '../features/callLog/callLogListeners';
import { addCallsListeners } from '../features/calls/callsListeners';
import { addNoticesListeners } from '../features/notices/noticesListeners';
import { addProtectionListeners } from '../features/protection/protectionListeners';
import { addRecordingNoticeListeners } from '../features/recordingNotice/recordingNoticeListeners';
import { addRegistrationListeners } from '../features/registration/registrationListeners';
import { addSettingsListeners } from '../features/settings/settingsListeners';
import { addHealthCheckListeners } from '../features/healthCheck/healthCheckListeners';
import { addHotkeysListeners } from '../features/hotkeys/hotkeysListeners';
import { addAudioDevicesListeners } from '../features/audioDevices/audioDevicesListeners';
import { addHeadsetListeners } from '../features/headset/headsetListeners';
import { addLifecycleListeners } from './lifecycleListeners';
import { addPolicyListeners } from '../features/policy/policyListeners';
import { addMonitoringListeners } from '../features/monitoring/monitoringListeners';
import { addTeamBoardListeners } from '../features/teamBoard/teamBoardListeners';
import type { AppExtra, AppStartListening } from './listenerTypes';
import { rootReducer } from './rootReducer';

/**
 * The store with every feature's side effects registered as listeners. Reducers stay pure; IPC,
 * SIP and i18n calls happen only in these listeners, through `extra`.
 */
export function createAppStore(extra: AppExtra) {
  const listeners = createListenerMiddleware({ extra });
  const startListening = listeners.startListening as AppStartListening;
  addLifecycleListeners(startListening);
  addPolicyListeners(startListening);
  addMonitoringListeners(startListening);
  addTeamBoardListeners(startListening);
  addSettingsListeners(startListening);
  addAccountListeners(startListening);
  addRegistrationListeners(startListening);
  addCallsListeners(startListening);
  addCallLogListeners(startListening);
  addNoticesListeners(startListening);
  addRecordingNoticeListeners(startListening);
  addProtectionListeners(startListening);
  addCallRecordingListeners(startListening);
  addAgentStateListeners(startListening);
  addAuditLogListeners(startListening);
  addDiagnosticsListeners(startListening);
  addNotesListeners(startListening);
  addEvidenceListeners(startListening);
  addStatsListeners(startListening);
  addSyncListeners(startListening);
  addCustomerListeners(startListening);
  addCenterNoticesListeners(startListening);
  addWrapUpListeners(startListening);
  addCallbacksListeners(startListening);
  addScriptsListeners(startListening);
  addHealthCheckListeners(startListening);
  addHotkeysListeners(startListening);
  addAudioDevicesListeners(startListening);
  addHeadsetListeners(startListening);

  return configureStore({
    reducer: rootReducer,
    middleware: (getDefaultMiddleware) => getDefaultMiddleware().prepend(listeners.middleware),
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
