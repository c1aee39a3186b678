import type { Database } from 'better-sqlite3';
import type { CustomerCard, Interaction } from '../../preload/contract';
import { touchCustomerContact } from '../db/repositories/crmCache';
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
