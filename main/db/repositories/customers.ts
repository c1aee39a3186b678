import type { Database } from 'better-sqlite3';
import {
  customerProfileSchema,
  type CustomerCard,
  type Interaction,
  type Language,
} from '../../../preload/contract';
import { perConnection } from '../connection';

/** How many customers one number may pop (a shared family or company line). */
export const MAX_MATCHES = 10;
/** The history the screen pop shows. */
export const HISTORY_LIMIT = 20;

interface CustomerRow {
  id: string;
  display_name: string;
  profile: string;
  preferred_language: Language | null;
}

const statements = perConnection((db: Database) => ({
  byNumber: db.prepare<{ normalized: string; limit: number }, CustomerRow>(
    `SELECT c.id, c.display_name, c.profile, c.preferred_language
     FROM customer_phones p JOIN customers c ON c.id = p.customer_id
     WHERE p.normalized = @normalized ORDER BY c.updated_at DESC LIMIT @limit`,
  ),
  byId: db.prepare<{ id: string }, CustomerRow>(
    'SELECT id, display_name, profile, preferred_language FROM customers WHERE id = @id',
  ),
  phones: db.prepare<{ id: string }, { number: string; label: string | null }>(
    'SELECT number, label FROM customer_phones WHERE customer_id = @id ORDER BY number',
  ),
  history: db.prepare<{ id: string; limit: number }, Interaction>(
    'SELECT id, kind, at, summary FROM interactions WHERE customer_id = @id ORDER BY at DESC LIMIT @limit',
  ),
}));

function toCard(db: Database, row: CustomerRow): CustomerCard {
  // A profile the cache holds but this version cannot read shows as an empty card, not an error.
  const profile = customerProfileSchema.safeParse(JSON.parse(row.profile));
  return {
    id: row.id,
    name: row.display_name,
    phones: statements(db).phones.all({ id: row.id }),
    preferredLanguage: row.preferred_language,
    profile: profile.success ? profile.data : {},
  };
}

/** The customers with this normalised number, most recently updated first. */
export function customersByNumber(db: Database, normalized: string): CustomerCard[] {
  return statements(db)
    .byNumber.all({ normalized, limit: MAX_MATCHES })
    .map((row) => toCard(db, row));
}

/** The customer with this CRM id, if the cache holds them. */
export function customerById(db: Database, id: string): CustomerCard | null {
  const row = statements(db).byId.get({ id });
  return row ? toCard(db, row) : null;
}

/** A customer's latest interactions, newest first (the index makes this one seek). */
export function customerHistory(db: Database, customerId: string): Interaction[] {
  return statements(db).history.all({ id: customerId, limit: HISTORY_LIMIT });
}
