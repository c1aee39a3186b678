import type { MachinePolicy } from '../policy/machinePolicy';
import type { PolicySource } from '../policy/policySource';
import type { SyncService } from './syncService';

/**
 * The CRM sync of the policy as it is now: when IT changes the CRM section (another address,
 * queue or cache scope, or a CRM where there was none), the running sync stops and one for the
 * new settings starts. The outbox lives in SQLite, so nothing queued is lost in the switch.
 */
export function createPolicyBoundSync(
  policy: PolicySource,
  create: (crm: MachinePolicy['crm']) => SyncService,
  onRestart: () => void = () => undefined,
): SyncService {
  const crmOf = () => JSON.stringify(policy.current().crm ?? null);
  let applied = crmOf();
  let sync = create(policy.current().crm);
  const unsubscribe = policy.onChange(() => {
    if (crmOf() === applied) return;
    applied = crmOf();
    sync.stop();
    sync = create(policy.current().crm);
    onRestart();
  });
  return {
    handlers: {
      'sync:getStatus': (request, sender) => sync.handlers['sync:getStatus'](request, sender),
      'sync:setToken': (request, sender) => sync.handlers['sync:setToken'](request, sender),
      'crm:refreshHistory': (request, sender) =>
        sync.handlers['crm:refreshHistory'](request, sender),
    },
    kick: () => sync.kick(),
    stop() {
      unsubscribe();
      sync.stop();
    },
  };
}
