import type { Database } from 'better-sqlite3';
import type { CrmChange, CrmCustomer, CrmInteraction } from '../../crm/crmContract';
import { lookupKey } from '../../crm/phoneLookup';
import { perConnection } from '../connection';

/** What one page of the change feed did to the cache. */
export interface AppliedChanges {
  upserted: number;
  deleted: number;
  /** Older than what the cache has (a replayed page), or for a customer outside the cache. */
  skipped: number;
}

export type CatalogKind = 'intent' | 'disposition' | 'script';

const statements = perConnection((db: Database) => ({
  upsertCustomer: db.prepare<{
    id: string;
    name: string;
    updatedAt: number;
    version: number;
    profile: string;
    language: string | null;
    lastContactAt: number | null;
  }>(
    `INSERT INTO customers (id, display_name, updated_at, crm_version, profile, preferred_language, last_contact_at)
     VALUES (@id, @name, @updatedAt, @version, @profile, @language, @lastContactAt)
     ON CONFLICT (id) DO UPDATE SET
       display_name = excluded.display_name, updated_at = excluded.updated_at,
       crm_version = excluded.crm_version, profile = excluded.profile,
       preferred_language = excluded.preferred_language,
       last_contact_at = max(coalesce(customers.last_contact_at, 0), coalesce(excluded.last_contact_at, 0))
     WHERE excluded.crm_version > customers.crm_version`,
  ),
  deletePhones: db.prepare<{ id: string }>('DELETE FROM customer_phones WHERE customer_id = @id'),
  insertPhone: db.prepare<{ id: string; number: string; normalized: string; label: string | null }>(
    `INSERT OR IGNORE INTO customer_phones (customer_id, number, normalized, label)
     VALUES (@id, @number, @normalized, @label)`,
  ),
  deleteCustomer: db.prepare<{ id: string }>('DELETE FROM customers WHERE id = @id'),
  // Only for a customer the cache holds: interactions of customers outside the policy's scope
  // are not kept.
  upsertInteraction: db.prepare<{
    id: string;
    customerId: string;
    callId: string | null;
    kind: string;
    at: number;
    summary: string;
  }>(
    `INSERT INTO interactions (id, customer_id, call_id, kind, at, summary)
     SELECT @id, @customerId, @callId, @kind, @at, @summary
     WHERE EXISTS (SELECT 1 FROM customers WHERE id = @customerId)
     ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, call_id = excluded.call_id,
       kind = excluded.kind, at = excluded.at, summary = excluded.summary`,
  ),
  touchContact: db.prepare<{ id: string; at: number }>(
    'UPDATE customers SET last_contact_at = @at WHERE id = @id AND coalesce(last_contact_at, 0) < @at',
  ),
  deleteInteraction: db.prepare<{ id: string }>('DELETE FROM interactions WHERE id = @id'),
  // An acknowledgement survives an edit of the notice: the agent read it.
  upsertNotice: db.prepare<{
    id: string;
    title: string;
    body: string;
    mandatory: number;
    publishedAt: number;
  }>(
    `INSERT INTO center_notices (id, title, body, mandatory, published_at)
     VALUES (@id, @title, @body, @mandatory, @publishedAt)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
       mandatory = excluded.mandatory, published_at = excluded.published_at`,
  ),
  deleteNotice: db.prepare<{ id: string }>('DELETE FROM center_notices WHERE id = @id'),
  upsertCatalog: db.prepare<{ kind: CatalogKind; code: string; data: string }>(
    `INSERT INTO crm_catalog (kind, code, data) VALUES (@kind, @code, @data)
     ON CONFLICT (kind, code) DO UPDATE SET data = excluded.data`,
  ),
  deleteCatalog: db.prepare<{ kind: CatalogKind; code: string }>(
    'DELETE FROM crm_catalog WHERE kind = @kind AND code = @code',
  ),
  listCatalog: db.prepare<{ kind: CatalogKind }, { data: string }>(
    'SELECT data FROM crm_catalog WHERE kind = @kind ORDER BY code',
  ),
  purge: db.prepare<{ cutoff: number; limit: number }>(
    `DELETE FROM customers WHERE id IN (
       SELECT id FROM customers
       WHERE coalesce(last_contact_at, 0) < @cutoff
         AND id NOT IN (SELECT customer_id FROM callbacks
                        WHERE status = 'open' AND customer_id IS NOT NULL)
       LIMIT @limit)`,
  ),
}));

function upsertCustomer(db: Database, customer: CrmCustomer): boolean {
  const s = statements(db);
  const { changes } = s.upsertCustomer.run({
    id: customer.id,
    name: customer.name,
    updatedAt: customer.updatedAt,
    version: customer.version,
    profile: JSON.stringify(customer.profile),
    language: customer.preferredLanguage,
    lastContactAt: customer.lastContactAt,
  });
  if (changes === 0) return false;
  s.deletePhones.run({ id: customer.id });
  for (const phone of customer.phones) {
    // A number nobody could dial (no digits at all) is not worth a lookup row.
    const normalized = lookupKey(phone.number);
    if (normalized)
      s.insertPhone.run({ id: customer.id, number: phone.number, normalized, label: phone.label });
  }
  return true;
}

function upsertInteraction(db: Database, interaction: CrmInteraction): boolean {
  const s = statements(db);
  if (s.upsertInteraction.run(interaction).changes === 0) return false;
  s.touchContact.run({ id: interaction.customerId, at: interaction.at });
  return true;
}

/**
 * Applies one page of the CRM's change feed, in the caller's transaction. The page has been
 * validated whole before this runs, so a bad page never half-applies.
 */
export function applyChanges(db: Database, changes: readonly CrmChange[]): AppliedChanges {
  const s = statements(db);
  const result: AppliedChanges = { upserted: 0, deleted: 0, skipped: 0 };
  for (const change of changes) {
    if (change.data === null) {
      const removed =
        change.entity === 'customer'
          ? s.deleteCustomer.run({ id: change.id })
          : change.entity === 'interaction'
            ? s.deleteInteraction.run({ id: change.id })
            : change.entity === 'notice'
              ? s.deleteNotice.run({ id: change.id })
              : s.deleteCatalog.run({ kind: change.entity, code: change.id });
      if (removed.changes > 0) result.deleted++;
      else result.skipped++;
      continue;
    }
    let applied = true;
    switch (change.entity) {
      case 'customer':
        applied = upsertCustomer(db, change.data);
        break;
      case 'interaction':
        applied = upsertInteraction(db, change.data);
        break;
      case 'notice':
        s.upsertNotice.run({ ...change.data, mandatory: change.data.mandatory ? 1 : 0 });
        break;
      case 'intent':
      case 'disposition':
        s.upsertCatalog.run({
          kind: change.entity,
          code: change.data.code,
          data: JSON.stringify(change.data),
        });
        break;
      case 'script':
        s.upsertCatalog.run({
          kind: 'script',
          code: change.data.id,
          data: JSON.stringify(change.data),
        });
        break;
    }
    if (applied) result.upserted++;
    else result.skipped++;
  }
  return result;
}

/** A reference list from the CRM (intents, dispositions, scripts), as the sync stored it. */
export function listCatalog(db: Database, kind: CatalogKind): unknown[] {
  return statements(db)
    .listCatalog.all({ kind })
    .map((row) => JSON.parse(row.data) as unknown);
}

/** The agent talked to this customer now (a call popped them): retention counts from here. */
export function touchCustomerContact(db: Database, customerId: string, at: number): void {
  statements(db).touchContact.run({ id: customerId, at });
}

/**
 * Retention: removes up to `limit` customers not contacted since `cutoff` (with their phones
 * and history), except those with an open callback. Called in small batches so a screen pop is
 * never queued behind a large delete.
 */
export function purgeStaleCustomers(db: Database, cutoff: number, limit: number): number {
  return statements(db).purge.run({ cutoff, limit }).changes;
}
