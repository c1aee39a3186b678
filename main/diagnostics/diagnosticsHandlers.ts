import type { Database } from 'better-sqlite3';
import { TOKEN_REF_SETTING, type SyncService } from '../crm/syncService';
import { getAccount } from '../db/repositories/accounts';
import { appendAudit } from '../db/repositories/audit';
import { getSetting } from '../db/repositories/settings';
import type { Handlers } from '../ipc/handle';
import type { Logger } from '../logging/logger';
import type { PolicySource } from '../policy/policySource';
import type { SecretStore } from '../secrets/secretStore';
import { writeDiagnosticsBundle } from './diagnosticsBundle';

export interface DiagnosticsDeps {
  db: Database;
  secrets: SecretStore;
  policy: PolicySource;
  sync: SyncService;
  logger: Logger;
  app: { shell: 'electron' | 'chromium'; version: string };
  /** Where bundles go (Documents/Sori Desk Diagnostics in Electron) and where the logs are. */
  dir: string;
  logDir: string;
}

/** `diagnostics:export`: one file for IT, audited (its size; the bundle names no customer). */
export function createDiagnosticsHandlers(
  deps: DiagnosticsDeps,
): Pick<Handlers, 'diagnostics:export'> {
  const { db, secrets } = deps;
  const secret = (ref: string | null | undefined) => (ref ? secrets.get(ref) : null);
  return {
    'diagnostics:export': async (_request, sender) => {
      const sync = await deps.sync.handlers['sync:getStatus']({}, sender);
      const knownSecrets = [
        secret(getAccount(db)?.passwordRef),
        secret(getSetting<string>(db, TOKEN_REF_SETTING)),
      ].filter((value): value is string => value !== null);
      const now = Date.now();
      const result = writeDiagnosticsBundle({
        db,
        outDir: deps.dir,
        logDir: deps.logDir,
        now,
        app: deps.app,
        policy: deps.policy.current(),
        policyStatus: deps.policy.status(),
        sync,
        secretStore: secrets.kind,
        knownSecrets,
      });
      if (result.secretsRemoved > 0) {
        deps.logger.error('a secret was found in the diagnostics and taken out', {
          count: result.secretsRemoved,
        });
      }
      appendAudit(db, {
        at: now,
        actor: 'agent',
        action: 'diagnostics.exported',
        subject: null,
        detail: { bytes: result.bytes },
      });
      deps.logger.info('diagnostics exported', { bytes: result.bytes });
      return { file: result.file, bytes: result.bytes };
    },
  };
}
