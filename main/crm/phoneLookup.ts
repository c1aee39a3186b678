import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The form a number is looked up by in the cache (customer_phones.normalized): E.164 for a
 * number valid in Korea or written with +, else its digits (an extension such as 2001, or a
 * number libphonenumber does not know). Accepts what a caller ID or agent gives: `sip:` / `tel:`
 * URIs, 010-1234-5678, +82 10 1234 5678. Null when there is no number in it at all.
 */
export function lookupKey(raw: string): string | null {
  let value = raw.trim();
  const uri = /^(?:sips?|tel):([^@;]+)/i.exec(value);
  if (uri) value = decodeURIComponent(uri[1]!);
  const parsed = parsePhoneNumberFromString(value, 'KR');
  if (parsed?.isValid()) return parsed.number;
  const digits = value.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d/.test(digits) && digits.length <= 32 ? digits : null;
}
