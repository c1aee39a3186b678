import { findPhoneNumbersInText } from 'libphonenumber-js';

/**
 * Customer personal data that must not end up in history notes (issue #5, item 7): Korean
 * resident registration numbers, card numbers, bank account numbers, phone numbers and e-mail
 * addresses. Part of the contract because both sides run the same rule: the renderer highlights
 * and offers masking while the agent types; main refuses to save a note this finds unless the
 * agent overrides with a reason (audited).
 */
export type PersonalDataKind = 'rrn' | 'card' | 'account' | 'phone' | 'email';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** UTF-16 offsets into the text, [start, end). */
  start: number;
  end: number;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/**
 * Resident registration number: YYMMDD, then a 7-digit serial whose first digit is the century
 * and sex (1-4 citizens, 5-8 foreigners). Until October 2020 the last digit was a checksum;
 * numbers issued since then carry random digits instead. So: a number that passes the checksum
 * is an RRN however it is written; one that does not counts only in the canonical form with the
 * hyphen (######-#######), which is itself a strong sign.
 */
const RRN = /(?<!\d)(\d{2})(\d{2})(\d{2})([- ]?)([1-8])(\d{6})(?!\d)/g;
const RRN_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

export function rrnChecksumValid(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  const sum = RRN_WEIGHTS.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  return (11 - (sum % 11)) % 10 === Number(digits[12]);
}

function validBirthDate(yy: string, mm: string, dd: string, centuryDigit: string): boolean {
  const century = { '1': 1900, '2': 1900, '5': 1900, '6': 1900 }[centuryDigit] ?? 2000;
  const year = century + Number(yy);
  const month = Number(mm);
  const day = Number(dd);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function findRrns(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of text.matchAll(RRN)) {
    const [whole, yy, mm, dd, separator, centuryDigit] = m as unknown as string[];
    if (!validBirthDate(yy!, mm!, dd!, centuryDigit!)) continue;
    if (rrnChecksumValid(digitsOf(whole!)) || separator === '-') {
      found.push({ kind: 'rrn', start: m.index, end: m.index + whole!.length });
    }
  }
  return found;
}

/** Luhn (ISO/IEC 7812) check digit, as every payment card number carries. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** 13-19 digits, optionally in groups of 4 (or Amex 4-6-5) separated by spaces or hyphens. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

function findCards(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of text.matchAll(CARD)) {
    const digits = digitsOf(m[0]);
    // All-same digits (0000 0000 …) pass Luhn but are placeholders, not cards.
    if (/^(\d)\1+$/.test(digits) || !luhnValid(digits)) continue;
    found.push({ kind: 'card', start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/**
 * Bank account numbers: the hyphenated layouts Korean banks print (e.g. KB 6-2-6, Shinhan 3-3-6,
 * Woori 4-3-6, Hana 3-6-5, NH 3-4-4-2, IBK 3-6-2-3, Kakao 4-2-7, Toss 4-4-4), or 10 to 14 bare
 * digits right after a word that says "account" (계좌, 입금, 은행 names).
 */
const ACCOUNT_LAYOUTS = new Set([
  '6-2-6',
  '3-3-6',
  '4-3-6',
  '3-6-5',
  '3-4-4-2',
  '3-6-2-3',
  '4-2-7',
  '4-4-4',
  '3-2-6',
  '3-6-3',
  '6-2-5',
  '3-2-4-1',
]);
const HYPHENATED = /(?<![\d-])\d{2,6}(?:-\d{1,7}){1,3}(?![\d-])/g;
const ACCOUNT_WORD =
  /(계좌|입금|송금|이체|은행|국민|신한|우리|하나|농협|기업|카카오뱅크|토스뱅크|account|bank)[^\d\n]{0,12}(\d{10,14})(?!\d)/gi;

function findAccounts(text: string): PersonalDataFinding[] {
  const found: PersonalDataFinding[] = [];
  for (const m of text.matchAll(HYPHENATED)) {
    const layout = m[0]
      .split('-')
      .map((group) => group.length)
      .join('-');
    if (ACCOUNT_LAYOUTS.has(layout)) {
      found.push({ kind: 'account', start: m.index, end: m.index + m[0].length });
    }
  }
  for (const m of text.matchAll(ACCOUNT_WORD)) {
    const digits = m[2]!;
    const start = m.index + m[0].length - digits.length;
    found.push({ kind: 'account', start, end: start + digits.length });
  }
  return found;
}

/**
 * Phone numbers a person can be reached at: Korean mobiles, landlines and 070, and international
 * numbers written with +. Company representative numbers (15xx/16xx/18xx-xxxx) are not personal
 * data and are left alone.
 */
function findPhones(text: string): PersonalDataFinding[] {
  return (
    findPhoneNumbersInText(text, { defaultCountry: 'KR' })
      // Written as a phone number is: a trunk 0 or a +. ("2026-11-23" is a date, not 020-2611-23.)
      .filter(({ number, startsAt }) => /[0+]/.test(text[startsAt] ?? '') && number.isValid())
      .filter(
        ({ number }) =>
          !(number.countryCallingCode === '82' && /^1[568]\d{6}$/.test(number.nationalNumber)),
      )
      .map(({ startsAt, endsAt }) => ({ kind: 'phone' as const, start: startsAt, end: endsAt }))
  );
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

function findEmails(text: string): PersonalDataFinding[] {
  return [...text.matchAll(EMAIL)].map((m) => ({
    kind: 'email' as const,
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** When two findings overlap, the more specific kind wins (an RRN is not also a phone number). */
const PRECEDENCE: PersonalDataKind[] = ['rrn', 'card', 'account', 'email', 'phone'];

/** Every piece of personal data in `text`, in text order, never overlapping. */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const candidates = [
    ...findRrns(text),
    ...findCards(text),
    ...findAccounts(text),
    ...findEmails(text),
    ...findPhones(text),
  ].sort((a, b) => PRECEDENCE.indexOf(a.kind) - PRECEDENCE.indexOf(b.kind));
  const kept: PersonalDataFinding[] = [];
  for (const finding of candidates) {
    if (!kept.some((k) => finding.start < k.end && k.start < finding.end)) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Masks each finding the way Korean financial-supervisor inspection criteria show them: RRN
 * 711231-1******, card 1234-56**-****-3456, phone numbers with the last four digits hidden,
 * account numbers with all but the last four hidden, e-mail with the local part hidden after two
 * characters. Separators are kept so the shape stays readable.
 */
export function maskPersonalData(text: string, findings = findPersonalData(text)): string {
  let out = '';
  let last = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    out += text.slice(last, f.start) + maskOne(text.slice(f.start, f.end), f.kind);
    last = f.end;
  }
  return out + text.slice(last);
}

function maskDigits(value: string, keep: (index: number, total: number) => boolean): string {
  const total = digitsOf(value).length;
  let index = 0;
  return value.replace(/\d/g, (d) => (keep(index++, total) ? d : '*'));
}

function maskOne(value: string, kind: PersonalDataKind): string {
  switch (kind) {
    case 'rrn':
      return maskDigits(value, (i) => i < 7);
    case 'card':
      return maskDigits(value, (i, n) => i < 6 || i >= n - 4);
    case 'account':
      return maskDigits(value, (i, n) => i >= n - 4);
    case 'phone':
      return maskDigits(value, (i, n) => i < n - 4);
    case 'email': {
      const at = value.indexOf('@');
      return value.slice(0, Math.min(2, at)) + '*'.repeat(Math.max(0, at - 2)) + value.slice(at);
    }
  }
}
