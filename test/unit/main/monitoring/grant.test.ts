import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_S,
  grantPublicKeyBase64,
  importGrantPublicKey,
  MAX_GRANT_LIFETIME_S,
  sameSipUri,
  signGrant,
  verifyGrant,
  type GrantClaims,
  type VerifyGrantOptions,
} from '../../../../main/monitoring/grant';

const keyPair = () => crypto.generateKeyPairSync('ed25519');
const current = keyPair();
const next = keyPair();
const stranger = keyPair();

const NOW_MS = 1_800_000_000_000;
const NOW_S = NOW_MS / 1000;
const AGENT = 'sip:1001@pbx.example.com';

const claims = (over: Partial<GrantClaims> = {}): GrantClaims => ({
  iss: 'crm.example.com',
  sub: 'lead-7',
  leadName: '김팀장',
  agent: AGENT,
  team: 'team-a',
  mode: 'listen',
  iat: NOW_S - 5,
  exp: NOW_S + 55,
  jti: crypto.randomBytes(18).toString('base64url'),
  ...over,
});
const sign = (c: GrantClaims = claims(), kid = 'k-2026-11', key = current.privateKey) =>
  signGrant(c, { kid, privateKey: key });
const options = (over: Partial<VerifyGrantOptions> = {}): VerifyGrantOptions => ({
  keys: [{ kid: 'k-2026-11', key: grantPublicKeyBase64(current.publicKey) }],
  nowMs: NOW_MS,
  agent: AGENT,
  team: 'team-a',
  mode: 'listen',
  ...over,
});
/** A token with one part replaced by base64url of `value` (JSON), the rest unchanged. */
const withPart = (token: string, index: 0 | 1, value: unknown) => {
  const parts = token.split('.');
  parts[index] = Buffer.from(JSON.stringify(value)).toString('base64url');
  return parts.join('.');
};

describe('monitoring grant: format', () => {
  it('is base64url(header).base64url(payload).base64url(Ed25519 signature) with the documented header', () => {
    const c = claims();
    const token = sign(c);
    const [h, p, s] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      typ: 'sori-monitor+jwt',
      kid: 'k-2026-11',
    });
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual(c);
    expect(Buffer.from(s, 'base64url')).toHaveLength(64);
    // Any JOSE library can check it: a plain Ed25519 signature over "header.payload".
    expect(
      crypto.verify(null, Buffer.from(`${h}.${p}`), current.publicKey, Buffer.from(s, 'base64url')),
    ).toBe(true);
  });

  it('verifies a valid grant and returns its claims and key id', () => {
    const c = claims();
    expect(verifyGrant(sign(c), options())).toEqual({ ok: true, claims: c, kid: 'k-2026-11' });
  });

  it('policy keys are the raw 32-byte public key in base64; anything else is refused on import', () => {
    const raw = grantPublicKeyBase64(current.privateKey);
    expect(raw).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(raw, 'base64')).toHaveLength(32);
    expect(grantPublicKeyBase64(current.publicKey)).toBe(raw);
    expect(() => importGrantPublicKey(raw)).not.toThrow();
    expect(() => importGrantPublicKey('AAAA')).toThrow();
    expect(() =>
      importGrantPublicKey(current.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    ).toThrow();
  });

  it('refuses to sign claims it would refuse to verify', () => {
    expect(() => sign(claims({ jti: 'short' }))).toThrow(/malformed/);
    expect(() => sign(claims({ agent: 'not a uri' }))).toThrow(/malformed/);
    expect(() => sign(claims({ exp: NOW_S - 10, iat: NOW_S }))).toThrow(/malformed/);
    expect(() => sign(claims(), 'bad kid!')).toThrow(/kid/);
  });

  it('compares SIP URIs with case-insensitive scheme and host, case-sensitive user', () => {
    expect(sameSipUri('sip:1001@PBX.Example.com', 'SIP:1001@pbx.example.com')).toBe(true);
    expect(sameSipUri('sip:Alice@pbx', 'sip:alice@pbx')).toBe(false);
    expect(sameSipUri('sip:1001@pbx', 'sip:1002@pbx')).toBe(false);
    expect(sameSipUri('sips:1001@pbx', 'sip:1001@pbx')).toBe(false);
  });
});

describe('monitoring grant: every refusal reason', () => {
  const refused = (token: string, over: Partial<VerifyGrantOptions> = {}) =>
    verifyGrant(token, options(over));

  it('malformed: not three canonical base64url parts, a wrong header, bad claims', () => {
    const token = sign();
    const [h, p, s] = token.split('.') as [string, string, string];
    for (const bad of [
      '',
      'abc',
      `${h}.${p}`,
      `${h}.${p}.${s}.x`,
      `${h}.${p}.${s}=`,
      `${h}+.${p}.${s}`,
      'x'.repeat(5000),
      withPart(token, 0, { alg: 'none', typ: 'sori-monitor+jwt', kid: 'k-2026-11' }),
      withPart(token, 0, { alg: 'EdDSA', typ: 'JWT', kid: 'k-2026-11' }),
      withPart(token, 0, { alg: 'EdDSA', typ: 'sori-monitor+jwt' }),
      withPart(token, 0, ['EdDSA']),
    ]) {
      expect(refused(bad), bad.slice(0, 40)).toEqual({
        ok: false,
        reason: 'malformed',
        leadId: null,
      });
    }
    // Signed, but the payload is not a grant (extra claim): malformed, after the signature held.
    const extra = signGrantRaw({ ...claims(), admin: true });
    expect(refused(extra)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('unknown_key: a kid the policy does not list', () => {
    expect(refused(sign(claims(), 'k-other'))).toEqual({
      ok: false,
      reason: 'unknown_key',
      leadId: null,
    });
    expect(refused(sign(), { keys: [] })).toMatchObject({ reason: 'unknown_key' });
  });

  it('bad_signature: a forged key under a trusted kid, a tampered payload, a swapped signature', () => {
    expect(refused(sign(claims(), 'k-2026-11', stranger.privateKey))).toEqual({
      ok: false,
      reason: 'bad_signature',
      leadId: null,
    });
    const token = sign();
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1]!, 'base64url').toString(),
    ) as GrantClaims;
    // Changing the mode, the agent or the lifetime breaks the signature: nothing unsigned is read.
    for (const change of [
      { mode: 'barge' },
      { agent: 'sip:1002@pbx.example.com' },
      { exp: NOW_S + 3600 },
    ]) {
      expect(refused(withPart(token, 1, { ...payload, ...change }))).toEqual({
        ok: false,
        reason: 'bad_signature',
        leadId: null,
      });
    }
    const other = sign().split('.')[2]!;
    expect(refused(token.replace(/[^.]+$/, other))).toMatchObject({ reason: 'bad_signature' });
  });

  it(`too_long_lived: a lifetime over ${MAX_GRANT_LIFETIME_S} s, even when properly signed`, () => {
    expect(refused(sign(claims({ iat: NOW_S, exp: NOW_S + MAX_GRANT_LIFETIME_S + 1 })))).toEqual({
      ok: false,
      reason: 'too_long_lived',
      leadId: 'lead-7',
    });
    expect(refused(sign(claims({ iat: NOW_S, exp: NOW_S + MAX_GRANT_LIFETIME_S })))).toMatchObject({
      ok: true,
    });
  });

  it(`expired and not_yet_valid, with ${CLOCK_SKEW_S} s of clock skew either way`, () => {
    const expiredAt = (exp: number) => sign(claims({ iat: exp - 60, exp }));
    expect(refused(expiredAt(NOW_S - CLOCK_SKEW_S))).toEqual({
      ok: false,
      reason: 'expired',
      leadId: 'lead-7',
    });
    expect(refused(expiredAt(NOW_S - CLOCK_SKEW_S + 1))).toMatchObject({ ok: true });
    const issuedAt = (iat: number) => sign(claims({ iat, exp: iat + 60 }));
    expect(refused(issuedAt(NOW_S + CLOCK_SKEW_S + 1))).toEqual({
      ok: false,
      reason: 'not_yet_valid',
      leadId: 'lead-7',
    });
    expect(refused(issuedAt(NOW_S + CLOCK_SKEW_S))).toMatchObject({ ok: true });
  });

  it('wrong_agent: a grant for another agent, or no account here', () => {
    expect(refused(sign(claims({ agent: 'sip:1002@pbx.example.com' })))).toEqual({
      ok: false,
      reason: 'wrong_agent',
      leadId: 'lead-7',
    });
    expect(refused(sign(), { agent: null })).toMatchObject({ reason: 'wrong_agent' });
    expect(refused(sign(), { agent: 'sip:1001@PBX.EXAMPLE.COM' })).toMatchObject({ ok: true });
  });

  it('out_of_team: another team, and an unknown team (fail closed)', () => {
    expect(refused(sign(claims({ team: 'team-b' })))).toEqual({
      ok: false,
      reason: 'out_of_team',
      leadId: 'lead-7',
    });
    expect(refused(sign(), { team: null })).toMatchObject({ reason: 'out_of_team' });
  });

  it('mode_mismatch: a listen grant does not open whisper or barge', () => {
    expect(refused(sign(), { mode: 'barge' })).toEqual({
      ok: false,
      reason: 'mode_mismatch',
      leadId: 'lead-7',
    });
    expect(refused(sign(claims({ mode: 'whisper' })), { mode: 'whisper' })).toMatchObject({
      ok: true,
    });
  });

  it('replayed: the store says the jti was used; asked only once everything else holds', () => {
    const c = claims();
    const asked: string[] = [];
    const seen = (jti: string) => (asked.push(jti), true);
    expect(refused(sign(c), { isReplayed: seen })).toEqual({
      ok: false,
      reason: 'replayed',
      leadId: 'lead-7',
    });
    expect(asked).toEqual([c.jti]);
    refused(sign(claims({ team: 'team-b' })), { isReplayed: seen });
    refused(sign(claims(), 'k-2026-11', stranger.privateKey), { isReplayed: seen });
    expect(asked).toHaveLength(1);
  });

  it('key rotation: grants of the old and the new key verify while both are listed, then only the new', () => {
    const both = [
      { kid: 'k-2026-11', key: grantPublicKeyBase64(current.publicKey) },
      { kid: 'k-2026-12', key: grantPublicKeyBase64(next.publicKey) },
    ];
    const old = sign(claims(), 'k-2026-11', current.privateKey);
    const fresh = sign(claims(), 'k-2026-12', next.privateKey);
    expect(refused(old, { keys: both })).toMatchObject({ ok: true, kid: 'k-2026-11' });
    expect(refused(fresh, { keys: both })).toMatchObject({ ok: true, kid: 'k-2026-12' });
    expect(refused(old, { keys: both.slice(1) })).toMatchObject({ reason: 'unknown_key' });
    // The new key under the old kid (a mix-up at the CRM) is not accepted.
    expect(refused(sign(claims(), 'k-2026-11', next.privateKey), { keys: both })).toMatchObject({
      reason: 'bad_signature',
    });
  });
});

/** Signs any payload with the trusted key (for payloads signGrant refuses to make). */
function signGrantRaw(payload: unknown): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ alg: 'EdDSA', typ: 'sori-monitor+jwt', kid: 'k-2026-11' })}.${enc(payload)}`;
  return `${input}.${crypto.sign(null, Buffer.from(input), current.privateKey).toString('base64url')}`;
}
