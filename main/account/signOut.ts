import type { Database } from 'better-sqlite3';
import { resetCrmCursor } from '../crm/cachePull';
import { forgetCrmIdentity } from '../crm/crmIdentity';
import { AGENT_ACCOUNT_ID, getAccount } from '../db/repositories/accounts';
import { appendAudit } from '../db/repositories/audit';
import { getSetting, setSetting } from '../db/repositories/settings';
import type { SecretStore } from '../secrets/secretStore';

/** The settings key of the CRM token's reference (owned by crm/syncService.ts). */
const CRM_TOKEN_REF_SETTING = 'crmTokenRef';

/** What a sign-out removed from the cache and what it kept because the CRM does not have it yet. */
export interface SignOutResult {
  purged: boolean;
  removed: { customers: number; interactions: number; notes: number; callbacks: number };
  kept: { notes: number; drafts: number; callbacks: number; outbox: number };
}

/**
 * Signs the agent out of this desktop: the SIP account (and its password in the secret store)
 * and the agent's CRM token are forgotten, so the next start shows the first-run form.
 *
 * With `purge`, the customer data this desktop holds for the CRM goes too: cached customers
 * (their phone numbers and history with them), notes the CRM already has, and callbacks whose
 * writes it has received. Nothing an agent wrote that the CRM does not have yet is removed: the
 * outbox, drafts, notes that are not synced, and callbacks with queued writes stay, and are
 * sent once someone signs in again — under this agent's name: their queued writes keep their CRM
 * token (in the secret store, for nothing else), which goes once the last of them is sent. The sync cursor restarts so the next sign-in refills the
 * cache from the top. The removal and its audit row (counts only, never who) commit together;
 * then VACUUM rewrites the file so the deleted rows leave no free pages behind.
 */
export function signOut(
  db: Database,
  secrets: SecretStore,
  options: { purge: boolean; now?: number },
): SignOutResult {
  const at = options.now ?? Date.now();
  const passwordRef = getAccount(db)?.passwordRef ?? null;
  const tokenRef = getSetting<string | null>(db, CRM_TOKEN_REF_SETTING) ?? null;

  const { result, heldForAuthor } = db
    .transaction((): { result: SignOutResult; heldForAuthor: number } => {
      db.prepare('DELETE FROM accounts WHERE id = ?').run(AGENT_ACCOUNT_ID);
      if (tokenRef !== null) setSetting(db, CRM_TOKEN_REF_SETTING, null, at);
      const heldForAuthor =
        tokenRef === null
          ? 0
          : db.prepare('UPDATE outbox SET token_ref = ? WHERE token_ref IS NULL').run(tokenRef)
              .changes;
      // The token's user (role, team) goes with the token: a lead's role never outlives it.
      forgetCrmIdentity(db);
      const removed = options.purge
        ? purgeCustomerData(db)
        : { customers: 0, interactions: 0, notes: 0, callbacks: 0 };
      if (options.purge) resetCrmCursor(db);
      const kept = keptCounts(db);
      appendAudit(db, {
        at,
        actor: 'agent',
        action: 'account.signedOut',
        subject: null,
        detail: { purged: options.purge, removed, kept },
      });
      return { result: { purged: options.purge, removed, kept }, heldForAuthor };
    })
    .immediate();

  // The database no longer points at them; a crash before this line leaves only orphans.
  if (passwordRef !== null) secrets.delete(passwordRef);
  if (tokenRef !== null && heldForAuthor === 0) secrets.delete(tokenRef);

  if (options.purge) {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return result;
}

/** Writes still queued for the CRM, by the `entity` they concern (`note:<id>`, `callback:<id>`…). */
const QUEUED = (prefix: string, column: string) =>
  `${column} IN (SELECT substr(entity, ${prefix.length + 1}) FROM outbox WHERE entity LIKE '${prefix}%')`;

function purgeCustomerData(db: Database): SignOutResult['removed'] {
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const run = (sql: string) => db.prepare(sql).run().changes;
  // A customer created on this desktop and not yet sent stays with its queued write.
  const customerKept = QUEUED('customer:', 'id');
  const interactions = count(
    `SELECT count(*) FROM interactions WHERE customer_id NOT IN (SELECT id FROM customers WHERE ${customerKept})`,
  );
  // Interactions and phone numbers go with their customer (ON DELETE CASCADE); unsynced notes
  // only lose the link (ON DELETE SET NULL): the queued write names the customer itself.
  const customers = run(`DELETE FROM customers WHERE NOT (${customerKept})`);
  const notes = run(
    `DELETE FROM notes WHERE sync_state = 'synced' AND NOT (${QUEUED('note:', 'id')})`,
  );
  const callbacks = run(`DELETE FROM callbacks WHERE NOT (${QUEUED('callback:', 'id')})`);
  return { customers, interactions, notes, callbacks };
}

function keptCounts(db: Database): SignOutResult['kept'] {
  const count = (table: string) =>
    db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    notes: count('notes'),
    drafts: count('note_drafts'),
    callbacks: count('callbacks'),
    outbox: count('outbox'),
  };
}
