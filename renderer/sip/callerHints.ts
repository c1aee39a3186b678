import { sanitizeUri } from '../shared/displayText';
import type { CallerHints } from './sipTypes';

/** A CRM id as an IVR may put it in a header; anything else is ignored, never looked up. */
const CUSTOMER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller identity an incoming INVITE carries besides From (see CallerHints). */
export function callerHints(
  request: { getHeader(name: string): string | undefined } | null | undefined,
  customerIdHeader: string | null,
): CallerHints {
  // P-Asserted-Identity: "name" <sip:+8210…@host> or <tel:+8210…>; only the URI matters.
  const asserted = request?.getHeader('P-Asserted-Identity') ?? '';
  const uri = /<([^<>]{1,256})>/.exec(asserted)?.[1] ?? asserted.split(',')[0] ?? '';
  const customerId = customerIdHeader ? (request?.getHeader(customerIdHeader)?.trim() ?? '') : '';
  return {
    assertedUri: sanitizeUri(uri) || null,
    customerId: CUSTOMER_ID.test(customerId) ? customerId : null,
    answerAfterSeconds: answerAfter(request?.getHeader('Call-Info') ?? ''),
  };
}

/** `answer-after=N` (0..10) from a Call-Info header, else null. Untrusted input: strict. */
export function answerAfter(callInfo: string): number | null {
  const match = /;\s*answer-after\s*=\s*(\d{1,2})(?![\d])/i.exec(callInfo.slice(0, 512));
  if (!match) return null;
  const seconds = Number(match[1]);
  return seconds <= 10 ? seconds : null;
}
