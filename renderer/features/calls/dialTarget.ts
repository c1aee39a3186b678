import { sipUriSchema } from '../../../preload/contract';
import { domesticFromInternational } from '../../shared/phoneNumber';

/** Why the dial field's content cannot be dialled; each has a sentence in both catalogs. */
export type DialError =
  | 'empty'
  | 'tooLong'
  | 'invalidCharacters'
  | 'invalidNumber'
  | 'invalidDomestic'
  | 'invalidSipUri'
  | 'noAccount';

export type DialTarget =
  | { ok: true; uri: string; kind: 'number' | 'sip'; number: string | null }
  | { ok: false; error: DialError };

const MAX_INPUT = 256;
const MAX_DIGITS = 20;

/**
 * Domestic numbers with an area or service prefix must have the length that prefix implies, so a
 * digit too many or too few is caught before the call instead of failing at the carrier.
 * Numbers without a leading 0 (extensions 1001, 대표번호 1588-1234, 112/119/120) are not checked
 * further: internal extension plans vary from centre to centre.
 */
function isValidDomestic(d: string): boolean {
  if (/^00/.test(d)) return d.length >= 8 && d.length <= MAX_DIGITS; // international prefix 001, 00700…
  if (/^010/.test(d)) return d.length === 11;
  if (/^01[16789]/.test(d)) return d.length === 10 || d.length === 11;
  if (/^02/.test(d)) return d.length === 9 || d.length === 10;
  if (/^0(3[1-3]|4[1-4]|5[1-5]|6[1-4])/.test(d)) return d.length === 10 || d.length === 11;
  if (/^070/.test(d)) return d.length === 11;
  if (/^0(80|60)/.test(d)) return d.length === 10 || d.length === 11;
  if (/^050/.test(d)) return d.length === 11 || d.length === 12;
  return false;
}

const domainOf = (accountSipUri: string | null): string | null => {
  if (!accountSipUri) return null;
  const at = accountSipUri.lastIndexOf('@');
  return at > 0 ? accountSipUri.slice(at + 1) : null;
};

/**
 * Turns what the agent typed (or a tel:/sip: link handed over by main) into a SIP URI, or says
 * why it cannot. Phone numbers may carry hyphens, spaces, dots and parentheses; +82 becomes the
 * domestic form; `*` and `#` are allowed for feature codes. Numbers are dialled as
 * sip:<digits>@<the account's domain>. SIP URIs are checked with the contract's schema, so
 * nothing with spaces, markup or header injection reaches JsSIP.
 */
export function parseDialTarget(input: string, accountSipUri: string | null): DialTarget {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'empty' };
  if (text.length > MAX_INPUT) return { ok: false, error: 'tooLong' };

  const schemeMatch = /^(sips?|tel):/i.exec(text);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? null;

  if (scheme === 'sip' || scheme === 'sips' || (scheme === null && text.includes('@'))) {
    const uri = scheme === null ? `sip:${text}` : `${scheme}:${text.slice(scheme.length + 1)}`;
    const parsed = sipUriSchema.safeParse(uri);
    return parsed.success
      ? { ok: true, uri: parsed.data, kind: 'sip', number: null }
      : { ok: false, error: 'invalidSipUri' };
  }

  // tel: links may carry parameters (;phone-context=…) that say nothing about whom to call.
  const numberText = scheme === 'tel' ? (text.slice(4).split(';')[0] ?? '') : text;
  if (!/^[\d\s().*#+-]+$/.test(numberText)) return { ok: false, error: 'invalidCharacters' };
  let digits = numberText.replace(/[\s().-]/g, '');
  if (!/^\+?[\d*#]+$/.test(digits) || !/\d/.test(digits))
    return { ok: false, error: 'invalidNumber' };

  if (digits.startsWith('+')) {
    if (digits.startsWith('+82')) {
      const domestic = domesticFromInternational(digits);
      if (!domestic || !isValidDomestic(domestic)) return { ok: false, error: 'invalidDomestic' };
      digits = domestic;
    } else if (!/^\+[1-9]\d{6,14}$/.test(digits)) {
      return { ok: false, error: 'invalidNumber' };
    }
  } else if (digits.length > MAX_DIGITS) {
    return { ok: false, error: 'invalidNumber' };
  } else if (/^\d+$/.test(digits) && digits.startsWith('0') && digits.length > 1) {
    if (!isValidDomestic(digits)) return { ok: false, error: 'invalidDomestic' };
  }

  const domain = domainOf(accountSipUri);
  if (!domain) return { ok: false, error: 'noAccount' };
  const user = digits.replace(/#/g, '%23');
  const parsed = sipUriSchema.safeParse(`sip:${user}@${domain}`);
  if (!parsed.success) return { ok: false, error: 'invalidNumber' };
  return { ok: true, uri: parsed.data, kind: 'number', number: digits };
}
