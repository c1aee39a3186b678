import type { Database } from 'better-sqlite3';
import { appendAudit } from '../db/repositories/audit';
import { applyChanges, purgeStaleCustomers } from '../db/repositories/crmCache';
import { getSetting, setSetting } from '../db/repositories/settings';
import type { MachinePolicy } from '../policy/machinePolicy';
import type { CrmClient } from './crmClient';
import { changePageSchema } from './crmContract';

type CacheScope = NonNullable<MachinePolicy['crm']>['cache'];

const CURSOR_SETTING = 'crmCursor';
const DAY_MS = 24 * 60 * 60 * 1000;
/** Changes per page: one page is one transaction, a few milliseconds, never a stuck screen pop. */
export const PULL_PAGE_SIZE = 500;
/** Pages per run before the sync loop gets a turn (to send queued writes, update the banner). */
const PAGES_PER_RUN = 40;
const PURGE_BATCH = 500;

interface StoredCursor {
  /** The scope the cursor was taken in: a different scope starts the feed again from the top. */
  scope: string;
  cursor: string;
}

export interface PullResult {
  pages: number;
  upserted: number;
  deleted: number;
  purged: number;
  /** More pages are waiting (the run stopped at its page budget). */
  more: boolean;
}

const scopeKey = (scope: CacheScope) => (scope.scope === 'all' ? 'all' : `recent:${scope.days}`);

/** Lets other work (an IPC request, a screen pop) run between two transactions. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Pulls the CRM's change feed into the local cache, page by page. Each page is validated whole
 * and then applied, together with its cursor, in one short transaction, so a malformed page or a
 * crash leaves the cache as it was after the last good page. What is cached follows the machine
 * policy: everything, or the customers contacted in the last N days (and the CRM's reference
 * lists); with the latter, customers whose last contact falls out of the window are purged.
 * Throws CrmError when the CRM fails; the caller decides what the agent sees.
 */
export async function pullCrmChanges(deps: {
  db: Database;
  client: CrmClient;
  scope: CacheScope;
  now?: () => number;
}): Promise<PullResult> {
  const { db, client, scope } = deps;
  const now = deps.now ?? Date.now;
  const key = scopeKey(scope);
  const stored = getSetting<StoredCursor>(db, CURSOR_SETTING);
  let cursor = stored?.scope === key ? stored.cursor : '';
  const result: PullResult = { pages: 0, upserted: 0, deleted: 0, purged: 0, more: false };

  for (;;) {
    const query = new URLSearchParams({
      cursor,
      limit: String(PULL_PAGE_SIZE),
      scope: scope.scope,
    });
    if (scope.scope === 'recent') query.set('days', String(scope.days));
    const page = await client.request({
      method: 'GET',
      path: `/v1/changes?${query.toString()}`,
      response: changePageSchema,
    });
    const applied = db
      .transaction(() => {
        const counts = applyChanges(db, page.changes);
        setSetting(db, CURSOR_SETTING, { scope: key, cursor: page.nextCursor });
        return counts;
      })
      .immediate();
    cursor = page.nextCursor;
    result.pages++;
    result.upserted += applied.upserted;
    result.deleted += applied.deleted;
    if (!page.hasMore) break;
    if (result.pages >= PAGES_PER_RUN) {
      result.more = true;
      return result;
    }
    await yieldToEventLoop();
  }

  if (scope.scope === 'recent') {
    const cutoff = now() - scope.days * DAY_MS;
    for (;;) {
      const purged = db.transaction(() => purgeStaleCustomers(db, cutoff, PURGE_BATCH)).immediate();
      result.purged += purged;
      if (purged < PURGE_BATCH) break;
      await yieldToEventLoop();
    }
    if (result.purged > 0) {
      // How many, never who: the audit log must not become a copy of the customer list.
      appendAudit(db, {
        at: now(),
        actor: 'sync',
        action: 'crm_cache.purged',
        subject: null,
        detail: { customers: result.purged, days: scope.days },
      });
    }
  }
  return result;
}

export function resetCrmCursor(db: Database): void {
  setSetting(db, CURSOR_SETTING, null);
}
