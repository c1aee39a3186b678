/**
 * Redaction applied to every log line before it leaves the process. Call-center logs are read by
 * vendors and shipped to support; they must never carry a password, a token or a customer's
 * phone number.
 */

const SECRET_KEY = /pass(word)?|secret|token|authorization|auth_?pass|credential|cookie/i;

// Phone-like digit runs: 7+ digits, optionally split by hyphens, spaces or dots, optionally with
// a leading +. Covers 010-1234-5678, 02 123 4567, +82-10-…, 1588-1234 and bare SIP user parts.
const PHONE_LIKE = /\+?\d(?:[\s.-]?\d){6,}/g;

// A SIP URI's user part identifies the subscriber even when it is not numeric.
const SIP_USER = /\b(sips?):([^@\s;>]+)@/gi;

// "password=…" inside free text, e.g. a SIP message or a URL query.
const INLINE_SECRET =
  /\b(pass(?:word)?|secret|token|auth_pass)\s*([=:])\s*("[^"]*"|'[^']*'|[^\s;,&]+)/gi;

export function maskPhoneNumbers(text: string): string {
  return text.replace(PHONE_LIKE, (match) => {
    const digits = match.replace(/\D/g, '');
    return `[phone …${digits.slice(-2)}]`;
  });
}

export function redactText(text: string): string {
  return maskPhoneNumbers(
    text
      .replace(INLINE_SECRET, (_m, key: string, sep: string) => `${key}${sep}[redacted]`)
      .replace(SIP_USER, (_m, scheme: string) => `${scheme}:[user]@`),
  );
}

/** Deep copy of `value` with secret-named fields replaced and strings redacted. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number')
    return redactText(String(value)) === String(value) ? value : '[phone]';
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
    };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}
