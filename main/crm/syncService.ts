import type { Database } from 'better-sqlite3';
import type { SyncStatus } from '../../preload/contract';
import { getSetting, setSetting } from '../db/repositories/settings';
import type { EventHub } from '../ipc/events';
import type { Handlers } from '../ipc/handle';
import type { Logger } from '../logging/logger';
import type { MachinePolicy } from '../policy/machinePolicy';
import type { SecretStore } from '../secrets/secretStore';
import { pullCrmChanges } from './cachePull';
import { CrmError, createCrmClient } from './crmClient';
import { interactionPageSchema, pingResponseSchema } from './crmContract';
import { applyChanges } from '../db/repositories/crmCache';
import { customerHistory, HISTORY_LIMIT } from '../db/repositories/customers';
import { createOutboxSender } from './outboxSender';
import {
  forgetCrmIdentity,
  IDENTITY_REFRESH_MS,
  markTeamRole,
  refreshCrmIdentity,
} from './crmIdentity';

/** The settings key of the CRM token's reference into the secret store. */
export const TOKEN_REF_SETTING = 'crmTokenRef';
const PULLED_AT_SETTING = 'crmPulledAt';
/** Parked writes (conflicts) have next_attempt_at at the far end of time; they are not "pending". */
const PARKED = Number.MAX_SAFE_INTEGER;

export interface SyncService {
  handlers: Pick<Handlers, 'sync:getStatus' | 'sync:setToken' | 'crm:refreshHistory'>;
  /** Something was queued: sync soon rather than at the next tick. */
  kick(): void;
  stop(): void;
}

/**
 * Runs the outbox sender against the CRM the policy names: every few seconds, at once after a
 * write is queued, and at once when the token changes. Publishes the sync banner's state.
 */
export function createSyncService(deps: {
  db: Database;
  policy: MachinePolicy['crm'];
  secrets: SecretStore;
  events: EventHub;
  logger: Logger;
}): SyncService {
  const { db, policy } = deps;
  const token = () => {
    const ref = getSetting<string>(db, TOKEN_REF_SETTING);
    return ref ? deps.secrets.get(ref) : null;
  };
  let status: SyncStatus = {
    state: policy ? 'syncing' : 'disabled',
    pending: 0,
    conflicts: 0,
    problem: null,
    cacheUpdatedAt: getSetting<number>(db, PULLED_AT_SETTING) ?? null,
  };
  const counts = () => ({
    pending: db
      .prepare<[number], number>('SELECT count(*) FROM outbox WHERE next_attempt_at < ?')
      .pluck()
      .get(PARKED)!,
    conflicts: db
      .prepare<[], number>("SELECT count(*) FROM notes WHERE sync_state = 'conflict'")
      .pluck()
      .get()!,
  });
  const publish = (next: Pick<SyncStatus, 'state' | 'problem'>) => {
    // A run still in flight when the sync stopped (policy change, shutdown) may find the
    // store closed: it has nothing left to say.
    if (stopped) return;
    const updated = {
      ...next,
      ...counts(),
      cacheUpdatedAt: getSetting<number>(db, PULLED_AT_SETTING) ?? null,
    };
    if (JSON.stringify(updated) !== JSON.stringify(status)) {
      status = updated;
      deps.events.emit('sync:status', status);
    }
  };

  const client = policy ? createCrmClient({ baseUrl: policy.baseUrl, token }) : null;
  const probe = async (): Promise<SyncStatus['problem']> => {
    try {
      await client?.request({ method: 'GET', path: '/v1/ping', response: pingResponseSchema });
      return null;
    } catch (error) {
      if (error instanceof CrmError && error.kind === 'unauthorized') return 'unauthorized';
      return 'unreachable';
    }
  };
  const sender = client ? createOutboxSender({ db, client, secrets: deps.secrets }) : null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  /** Whether the last contact with the CRM worked; false at start, so the first run probes. */
  let reachable = false;
  /** The last run stopped at its page budget: the next one comes at once, not after the interval. */
  let pullAgainSoon = false;
  /** When GET /v1/me last answered (or refused); 0: ask at the next run. */
  let identityAskedAt = 0;
  /**
   * Role and team of the token's user (team leads, issue #8). A refusal (4xx, a CRM without
   * /v1/me) forgets the cached answer, so a role taken away does not linger; a network problem
   * keeps it. Never fails the sync.
   */
  const tellRoleIfChanged = (mark: ReturnType<typeof markTeamRole>) => {
    const change = mark.changed();
    if (change && !stopped) deps.events.emit('team:role', change.role);
  };
  const refreshIdentity = async () => {
    if (Date.now() - identityAskedAt < IDENTITY_REFRESH_MS) return;
    const mark = markTeamRole(db);
    try {
      await refreshCrmIdentity(db, client!);
      identityAskedAt = Date.now();
    } catch (error) {
      const kind = error instanceof CrmError ? error.kind : 'internal';
      if (kind === 'rejected' || kind === 'unauthorized' || kind === 'malformed') {
        forgetCrmIdentity(db);
        identityAskedAt = Date.now();
      }
      deps.logger.warn('crm identity not refreshed', { error: kind });
    }
    tellRoleIfChanged(mark);
  };

  const runOnce = async () => {
    if (!sender || stopped) return;
    if (!token()) {
      publish({ state: 'offline', problem: 'no_token' });
      return;
    }
    try {
      if (!reachable) {
        // Starting, or offline until now: ask whether the CRM is there before sending anything.
        const problem = await probe();
        if (problem) {
          publish({ state: 'offline', problem });
          return;
        }
        reachable = true;
        // Back (or just started): the whole backlog goes now and in the order it was written,
        // not each write when its own backoff happens to end. The sync interval already spreads
        // desktops apart, and one ping per desktop is cheap.
        db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE next_attempt_at < ?').run(
          Date.now(),
          PARKED,
        );
      }
      await refreshIdentity();
      const result = await sender.drain();
      if (result.offline) reachable = false;
      const lastError = db
        .prepare<[], string | null>(
          'SELECT last_error FROM outbox WHERE next_attempt_at < 9007199254740991 ORDER BY id LIMIT 1',
        )
        .pluck()
        .get();
      if (result.offline) {
        publish({
          state: 'offline',
          problem: lastError?.includes('token') ? 'unauthorized' : 'unreachable',
        });
        return;
      }
      const pulled = await pullCrmChanges({ db, client: client!, scope: policy!.cache });
      if (!pulled.more) setSetting(db, PULLED_AT_SETTING, Date.now());
      else pullAgainSoon = true;
      publish({ state: counts().pending > 0 || pulled.more ? 'syncing' : 'online', problem: null });
    } catch (error) {
      if (error instanceof CrmError) {
        if (error.kind === 'unreachable' || error.kind === 'timeout') reachable = false;
        // The cache keeps what it had; the banner says why it is not being refreshed.
        deps.logger.warn('sync failed', { error: error.kind, status: error.status });
        publish({
          state: 'offline',
          problem:
            error.kind === 'malformed'
              ? 'crm_invalid'
              : error.kind === 'unauthorized'
                ? 'unauthorized'
                : 'unreachable',
        });
        return;
      }
      deps.logger.error('sync failed', {
        error: error instanceof CrmError ? error.kind : 'internal',
      });
      publish({ state: 'offline', problem: 'unreachable' });
    }
  };
  const schedule = (delayMs: number) => {
    if (!sender || stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      running ??= runOnce().finally(() => {
        running = null;
        const soon = pullAgainSoon;
        pullAgainSoon = false;
        schedule(soon ? 0 : (policy?.syncIntervalSeconds ?? 15) * 1000);
      });
    }, delayMs);
    timer.unref?.();
  };
  schedule(0);

  return {
    kick: () => schedule(50),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    handlers: {
      'sync:getStatus': () => ({ ...status, ...counts() }),
      // The screen pop showed the cached history at once; this asks the CRM for the latest
      // (a customer who came into the cache's scope late has only what changed since). Any CRM
      // failure answers with the cache as it is: the agent already sees it.
      'crm:refreshHistory': async ({ customerId }) => {
        if (!client || !token() || !reachable) return customerHistory(db, customerId);
        try {
          const page = await client.request({
            method: 'GET',
            path: `/v1/customers/${encodeURIComponent(customerId)}/interactions?limit=${HISTORY_LIMIT}`,
            response: interactionPageSchema,
          });
          db.transaction(() =>
            applyChanges(
              db,
              page.interactions
                .filter((i) => i.customerId === customerId)
                .map((i) => ({ entity: 'interaction' as const, id: i.id, data: i })),
            ),
          ).immediate();
        } catch (error) {
          deps.logger.warn('history refresh failed', {
            error: error instanceof CrmError ? error.kind : 'internal',
          });
        }
        return customerHistory(db, customerId);
      },
      'sync:setToken': ({ token: value }) => {
        const ref = deps.secrets.put(value, getSetting<string>(db, TOKEN_REF_SETTING));
        setSetting(db, TOKEN_REF_SETTING, ref);
        // Another token may be another user: their role and team are asked for again.
        const mark = markTeamRole(db);
        forgetCrmIdentity(db);
        tellRoleIfChanged(mark);
        identityAskedAt = 0;
        schedule(0);
        return { ...status, ...counts() };
      },
    },
  };
}
