import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import {
  diagnosticsExportClicked,
  diagnosticsExported,
  diagnosticsExportFailed,
} from './diagnosticsSlice';

export function addDiagnosticsListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: diagnosticsExportClicked,
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.diagnostics.export({}));
      if (result.ok) dispatch(diagnosticsExported({ file: result.value.file }));
      else dispatch(diagnosticsExportFailed({ code: errorCodeOf(result.error) }));
    },
  });
}
