import type { Database } from 'better-sqlite3';
import { appendAudit } from '../db/repositories/audit';
import { lastHealthCheck, passedSince, recordHealthCheck } from '../db/repositories/healthChecks';
import type { Handlers } from '../ipc/handle';
import type { Logger } from '../logging/logger';

export interface HealthCheckService {
  handlers: Pick<Handlers, 'healthCheck:record' | 'healthCheck:last'>;
  /** Whether a passing check was recorded since this shift (this run of the app) began. */
  passedThisShift(): boolean;
}

/**
 * The pre-Ready health check's results. The renderer runs the checks (it owns the microphone and
 * the SIP stack); main keeps every run for IT, audits it, and logs one line an IT person can read
 * without the database. The log line names checks and reasons only: the items' targets are
 * server URLs and a test number, which belong in the database, not in a log that leaves the desk.
 */
export function createHealthCheckService(deps: {
  db: Database;
  logger: Logger;
  now?: () => number;
}): HealthCheckService {
  const now = deps.now ?? Date.now;
  const shiftStartedAt = now();
  const log = deps.logger.child('healthCheck');
  return {
    passedThisShift: () => passedSince(deps.db, shiftStartedAt),
    handlers: {
      'healthCheck:record': (run) => {
        const result = deps.db
          .transaction(() => {
            const stored = recordHealthCheck(deps.db, run);
            appendAudit(deps.db, {
              at: now(),
              actor: 'agent',
              action: 'health_check.run',
              subject: null,
              detail: {
                passed: stored.passed,
                problems: stored.items
                  .filter((item) => item.status === 'failed' || item.status === 'warning')
                  .map((item) => `${item.check}:${item.code}`),
              },
            });
            return stored;
          })
          .immediate();
        const summary = result.items
          .map(
            (item) => `${item.check} ${item.status}${item.code === 'ok' ? '' : ` (${item.code})`}`,
          )
          .join(', ');
        (result.passed ? log.info : log.warn).call(
          log,
          `health check ${result.passed ? 'passed' : 'failed'}: ${summary}`,
        );
        return result;
      },
      'healthCheck:last': () => lastHealthCheck(deps.db),
    },
  };
}
