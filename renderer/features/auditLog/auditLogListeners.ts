import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { auditVerified, auditVerifyClicked, auditVerifyFailed } from './auditLogSlice';

export function addAuditLogListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: auditVerifyClicked,
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.audit.verify({}));
      if (result.ok) dispatch(auditVerified({ ...result.value, checkedAt: extra.now() }));
      else dispatch(auditVerifyFailed({ code: errorCodeOf(result.error) }));
    },
  });
}
