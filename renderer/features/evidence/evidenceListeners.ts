import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { evidenceExportClicked, evidenceExported, evidenceExportFailed } from './evidenceSlice';

export function addEvidenceListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: evidenceExportClicked,
    effect: async ({ payload: { callId } }, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.evidence.export({ callId }));
      if (result.ok) {
        dispatch(evidenceExported({ callId, folder: result.value.folder }));
        return;
      }
      dispatch(evidenceExportFailed({ callId, code: errorCodeOf(result.error) }));
      logToMain(extra.sori, 'error', 'evidence', `evidence export failed: ${result.error.code}`);
    },
  });
}
