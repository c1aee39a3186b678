import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { CustomerCard, Interaction } from '../../preload/contract';
import { touchCustomerContact } from '../db/repositories/crmCache';
import { enqueueOutbox } from '../db/repositories/outbox';
import { customerById, customerHistory, customersByNumber } from '../db/repositories/customers';
import { lookupKey } from './phoneLookup';

export interface ScreenPopRequest {
  /** The caller's From URI, or the number the agent dialled. */
  number: string;
  /** The carrier-asserted number (P-Asserted-Identity), when the INVITE had one. */
  assertedNumber?: string;
  /** The CRM id an IVR identified (the policy's SIP header). */
  customerId?: string;
}

/**
 * Who is calling, from the local cache only (it must answer while the call rings, CRM or not):
 * the customer the IVR identified, else whoever has the asserted number (the line's real number
 * behind a PBX), else whoever has the From number. A single match counts as a contact today for
 * retention (policy crm.cache).
 */
export function screenPop(
  db: Database,
  request: ScreenPopRequest,
  now = Date.now(),
): { matches: CustomerCard[]; history: Interaction[] } {
  let matches: CustomerCard[] = [];
  const byId = request.customerId ? customerById(db, request.customerId) : null;
  if (byId) matches = [byId];
  for (const raw of [request.assertedNumber, request.number]) {
    if (matches.length > 0 || !raw) continue;
    const key = lookupKey(raw);
    if (key) matches = customersByNumber(db, key);
  }
  if (matches.length === 1) touchCustomerContact(db, matches[0]!.id, now);
  return { matches, history: matches[0] ? customerHistory(db, matches[0].id) : [] };
}

/**
 * 신규 고객: a caller the CRM does not know, registered by the agent. The id is made here (the
 * CRM accepts it), so the card, notes and callbacks can name the customer before the CRM has
 * seen them; version 0, so the CRM's own copy replaces this one as soon as it is pulled.
 * Returns null when the number has no digits at all.
 */
export function createCustomer(
  db: Database,
  input: { name: string; number: string; preferredLanguage: 'ko' | 'en' | null },
  now = Date.now(),
): CustomerCard | null {
  const normalized = lookupKey(input.number);
  if (!normalized) return null;
  const id = crypto.randomUUID();
  // What the agent will read back: the number as dialled, without a sip: scheme or host.
  const number = /^(?:sips?|tel):([^@;]+)/i.exec(input.number.trim())?.[1] ?? input.number.trim();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO customers (id, display_name, updated_at, crm_version, preferred_language, last_contact_at)
       VALUES (@id, @name, @now, 0, @language, @now)`,
    ).run({ id, name: input.name, now, language: input.preferredLanguage });
    db.prepare(
      'INSERT INTO customer_phones (customer_id, number, normalized, label) VALUES (?, ?, ?, NULL)',
    ).run(id, number.slice(0, 64), normalized);
    enqueueOutbox(
      db,
      'customer.create',
      { id, name: input.name, phone: number.slice(0, 64) },
      now,
      `customer:${id}`,
    );
  })();
  return screenPop(db, { number: input.number }, now).matches.find((m) => m.id === id) ?? null;
}
