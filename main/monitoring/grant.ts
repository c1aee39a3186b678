import crypto from 'node:crypto';

/**
 * Monitoring grants (issue #8): the centre's CRM server allows one team lead to listen to,
 * whisper to or barge into one agent's calls, for at most two minutes. The grant is a compact
 * JWS with Ed25519 (`base64url(header).base64url(payload).base64url(signature)`), so any JOSE
 * library on the CRM side can issue it; here it is made and checked with node:crypto alone.
 *
 * Pure: no I/O, no clock of its own (`nowMs` is given), no database. Replay protection needs
 * the store of used grant ids, which the caller passes as `isReplayed`.
 */

export const GRANT_TYPE = 'sori-monitor+jwt';
export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];

/** The longest lifetime (exp - iat) a grant may have, even when properly signed. */
export const MAX_GRANT_LIFETIME_S = 120;
/**
 * Clock difference tolerated between the CRM server that signs and the agent's PC that
 * verifies. Agents' PCs and VDI images drift (no NTP, a suspended VM resumed), and a grant is
 * used within seconds of being issued: without a margin a PC a few seconds behind the server
 * would refuse every fresh grant as "not yet valid". 30 s covers ordinary drift while keeping
 * the longest acceptance window at 120 + 30 s; replay protection (one use per jti) does not
 * depend on it.
 */
export const CLOCK_SKEW_S = 30;
/** A grant longer than this is refused before any parsing (the IPC contract has the same bound). */
export const MAX_GRANT_LENGTH = 4096;

export interface GrantClaims {
  /** Who issued it (the CRM's name for itself). */
  iss: string;
  /** The team lead's id in the CRM. */
  sub: string;
  /** The team lead's name, shown to the agent when the policy turns the indicator on. */
  leadName: string;
  /** The monitored agent's SIP URI (their account's sipUri). */
  agent: string;
  /** The team both belong to. */
  team: string;
  mode: MonitorMode;
  /** Issued at, epoch seconds. */
  iat: number;
  /** Expires at, epoch seconds. */
  exp: number;
  /** The grant's unique id: it is honoured once. */
  jti: string;
}

export type GrantRefusal =
  | 'malformed'
  | 'bad_signature'
  | 'unknown_key'
  | 'expired'
  | 'not_yet_valid'
  | 'replayed'
  | 'wrong_agent'
  | 'out_of_team'
  | 'too_long_lived'
  | 'mode_mismatch';

export type GrantCheck =
  | { ok: true; claims: GrantClaims; kid: string }
  | {
      ok: false;
      reason: GrantRefusal;
      /** The lead the grant names, only when its signature was valid (else anyone could claim). */
      leadId: string | null;
    };

/** A trusted public key: `key` is base64 of the raw 32-byte Ed25519 public key. */
export interface GrantPublicKey {
  kid: string;
  key: string;
}

export interface VerifyGrantOptions {
  /** The keys the machine policy trusts (several during a rotation). */
  keys: readonly GrantPublicKey[];
  nowMs: number;
  /** This agent's SIP URI; null when no account is set up (refused as wrong_agent). */
  agent: string | null;
  /** This agent's team as the CRM said; null when unknown (refused as out_of_team: fail closed). */
  team: string | null;
  /** The mode the lead's request asks for; the grant must be for exactly this mode. */
  mode: MonitorMode;
  /** Whether this grant id was already used (checked last, once everything else holds). */
  isReplayed?: (jti: string) => boolean;
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const KID = /^[A-Za-z0-9._-]{1,64}$/;
const JTI = /^[A-Za-z0-9_-]{16,128}$/;
const SIP_URI = /^sips?:[A-Za-z0-9._~%!$&'()*+,;=-]+@[A-Za-z0-9.-]+(?::\d{1,5})?$/;

/** A raw Ed25519 public key, base64: exactly 32 bytes (43 characters and one `=`). */
export const RAW_ED25519_KEY_BASE64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** Imports a policy key; throws when it is not a 32-byte Ed25519 public key. */
export function importGrantPublicKey(base64: string): crypto.KeyObject {
  if (!RAW_ED25519_KEY_BASE64.test(base64)) throw new Error('not a base64 32-byte Ed25519 key');
  const x = Buffer.from(base64, 'base64').toString('base64url');
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/** The raw 32-byte public key of an Ed25519 key (private or public), base64, as policy holds it. */
export function grantPublicKeyBase64(key: crypto.KeyObject | string): string {
  const object = typeof key === 'string' ? crypto.createPublicKey(key) : key;
  const publicKey = object.type === 'private' ? crypto.createPublicKey(object) : object;
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

const encodeJson = (value: unknown) =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Signs a grant (the CRM's side; also the reference CRM and tests). Refuses claims this module
 * would itself refuse as malformed, so an issuer cannot produce a grant that never verifies by
 * mistake; a lifetime over the maximum is allowed here so tests can show it is refused.
 */
export function signGrant(
  claims: GrantClaims,
  signer: { kid: string; privateKey: crypto.KeyObject | string },
): string {
  if (!KID.test(signer.kid)) throw new Error('kid: 1-64 of A-Z a-z 0-9 . _ -');
  if (!claimsShapeOk(claims)) throw new Error('claims: malformed');
  const header = encodeJson({ alg: 'EdDSA', typ: GRANT_TYPE, kid: signer.kid });
  const payload = encodeJson(claims);
  const input = `${header}.${payload}`;
  const signature = crypto.sign(null, Buffer.from(input, 'ascii'), signer.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

/** Decodes one segment; null unless it is canonical base64url (one encoding per value). */
function segment(text: string): Buffer | null {
  if (!B64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function json(bytes: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const str = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max;
const seconds = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function claimsShapeOk(c: Record<string, unknown> | GrantClaims): c is GrantClaims {
  const keys = Object.keys(c).sort().join(',');
  return (
    keys === 'agent,exp,iat,iss,jti,leadName,mode,sub,team' &&
    str(c.iss, 1, 256) &&
    str(c.sub, 1, 128) &&
    str(c.leadName, 1, 80) &&
    str(c.agent, 1, 256) &&
    SIP_URI.test(c.agent) &&
    str(c.team, 1, 64) &&
    MONITOR_MODES.includes(c.mode as MonitorMode) &&
    seconds(c.iat) &&
    seconds(c.exp) &&
    c.exp > c.iat &&
    typeof c.jti === 'string' &&
    JTI.test(c.jti)
  );
}

/**
 * SIP URIs as the grant and the account write them: scheme and host are case-insensitive
 * (RFC 3261 19.1.4), the user part is not.
 */
export function sameSipUri(a: string, b: string): boolean {
  const split = (uri: string) => {
    const at = uri.lastIndexOf('@');
    const colon = uri.indexOf(':');
    return at < 0 || colon < 0
      ? null
      : {
          scheme: uri.slice(0, colon).toLowerCase(),
          user: uri.slice(colon + 1, at),
          host: uri.slice(at + 1).toLowerCase(),
        };
  };
  const x = split(a.trim());
  const y = split(b.trim());
  return (
    x !== null && y !== null && x.scheme === y.scheme && x.user === y.user && x.host === y.host
  );
}

/**
 * Checks a grant, in this order: shape and header (malformed), key id (unknown_key), signature
 * (bad_signature), claims (malformed), lifetime (too_long_lived), time (not_yet_valid, expired,
 * with {@link CLOCK_SKEW_S} either way), agent (wrong_agent), team (out_of_team; an unknown team
 * is refused), mode (mode_mismatch), and last whether its id was used before (replayed). Nothing
 * in the payload is trusted before the signature is.
 */
export function verifyGrant(token: string, options: VerifyGrantOptions): GrantCheck {
  const refuse = (reason: GrantRefusal, leadId: string | null = null): GrantCheck => ({
    ok: false,
    reason,
    leadId,
  });
  if (typeof token !== 'string' || token.length > MAX_GRANT_LENGTH) return refuse('malformed');
  const parts = token.split('.');
  if (parts.length !== 3) return refuse('malformed');
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = segment(h);
  const payloadBytes = segment(p);
  const signature = segment(s);
  if (!headerBytes || !payloadBytes || !signature) return refuse('malformed');
  const header = json(headerBytes);
  if (
    !header ||
    header['alg'] !== 'EdDSA' ||
    header['typ'] !== GRANT_TYPE ||
    typeof header['kid'] !== 'string' ||
    !KID.test(header['kid']) ||
    Object.keys(header).length !== 3
  ) {
    return refuse('malformed');
  }
  const kid = header['kid'];
  const trusted = options.keys.find((k) => k.kid === kid);
  if (!trusted) return refuse('unknown_key');
  let publicKey: crypto.KeyObject;
  try {
    publicKey = importGrantPublicKey(trusted.key);
  } catch {
    // The policy schema validates keys, so this is a key that slipped past it: trust nothing.
    return refuse('unknown_key');
  }
  const valid =
    signature.length === 64 &&
    crypto.verify(null, Buffer.from(`${h}.${p}`, 'ascii'), publicKey, signature);
  if (!valid) return refuse('bad_signature');

  const claims = json(payloadBytes);
  if (!claims || !claimsShapeOk(claims)) return refuse('malformed');
  const lead = claims.sub;
  if (claims.exp - claims.iat > MAX_GRANT_LIFETIME_S) return refuse('too_long_lived', lead);
  const now = Math.floor(options.nowMs / 1000);
  if (claims.iat > now + CLOCK_SKEW_S) return refuse('not_yet_valid', lead);
  if (claims.exp + CLOCK_SKEW_S <= now) return refuse('expired', lead);
  if (options.agent === null || !sameSipUri(claims.agent, options.agent))
    return refuse('wrong_agent', lead);
  if (options.team === null || claims.team !== options.team) return refuse('out_of_team', lead);
  if (claims.mode !== options.mode) return refuse('mode_mismatch', lead);
  if (options.isReplayed?.(claims.jti)) return refuse('replayed', lead);
  return { ok: true, claims, kid };
}
