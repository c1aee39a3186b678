/**
 * Korean telephone numbers as agents read them: with hyphens (010-1234-5678, 02-123-4567,
 * 1588-1234). Pure functions; the dial-field parser builds on these.
 */

/** +82 numbers in their domestic form: +82 10 1234 5678 -> 01012345678, +82 (0)2 … -> 02…. */
export function domesticFromInternational(digitsWithPlus: string): string | null {
  const match = /^\+82(0?)(\d+)$/.exec(digitsWithPlus);
  return match ? `0${match[2]}` : null;
}

/** Hyphenates a domestic number; anything it does not recognise is returned unchanged. */
export function formatKoreanNumber(raw: string): string {
  const domestic = raw.startsWith('+82') ? (domesticFromInternational(raw) ?? raw) : raw;
  const d = domestic;
  if (!/^\d+$/.test(d)) return raw;
  // Seoul: 02-XXX-XXXX or 02-XXXX-XXXX
  if (/^02\d{7,8}$/.test(d)) return `02-${d.slice(2, d.length - 4)}-${d.slice(-4)}`;
  // 050X personal numbers: 0505-XXX(X)-XXXX
  if (/^050\d{8,9}$/.test(d)) return `${d.slice(0, 4)}-${d.slice(4, d.length - 4)}-${d.slice(-4)}`;
  // Three-digit prefixes: mobile 01X, regional 0[3-6]X, 070, 080, 060
  if (/^0[1-9]\d\d{7,8}$/.test(d))
    return `${d.slice(0, 3)}-${d.slice(3, d.length - 4)}-${d.slice(-4)}`;
  // 8-digit representative numbers: 1588-1234, 1644-…, 1899-…
  if (/^1[5-9]\d{6}$/.test(d)) return `${d.slice(0, 4)}-${d.slice(4)}`;
  return raw;
}

/** How the other party of a call is shown: a number, a SIP address, or withheld. */
export type PartyAddress =
  { kind: 'number'; text: string } | { kind: 'address'; text: string } | { kind: 'withheld' };

const WITHHELD_USERS = new Set(['anonymous', 'unknown', 'restricted', 'private', 'unavailable']);

/**
 * The user part of a SIP URI as a phone number when it is one (hyphenated), else the address
 * without its scheme. `anonymous@anonymous.invalid` and empty URIs are withheld caller IDs.
 */
export function partyAddress(uri: string): PartyAddress {
  const match = /^(?:sips?:|tel:)?([^@;?]*)(?:@([^;?]*))?/i.exec(uri.trim());
  let user = match?.[1] ?? '';
  try {
    user = decodeURIComponent(user);
  } catch {
    // keep it encoded: it is only shown, never parsed further
  }
  const host = match?.[2] ?? '';
  if (user === '' || WITHHELD_USERS.has(user.toLowerCase()) || /anonymous\.invalid$/i.test(host)) {
    return { kind: 'withheld' };
  }
  if (/^\+?[\d*#]+$/.test(user)) return { kind: 'number', text: formatKoreanNumber(user) };
  return { kind: 'address', text: host ? `${user}@${host}` : user };
}
