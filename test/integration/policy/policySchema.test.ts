import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { machinePolicySchema } from '../../../main/policy/machinePolicy';
import { POLICY_SCHEMA_FILE, policyJsonSchema } from '../../../main/policy/policyJsonSchema';

const root = path.resolve(__dirname, '../../..');
const published = path.join(root, POLICY_SCHEMA_FILE);
const example = path.join(root, 'resources/policy/example-policy.json');

describe('the published policy JSON schema', () => {
  it('is what the app validates with (regenerate: SORI_WRITE_POLICY_SCHEMA=1 npm run test:integration -- policySchema)', () => {
    const generated = policyJsonSchema();
    if (process.env['SORI_WRITE_POLICY_SCHEMA'] === '1') {
      fs.writeFileSync(published, `${JSON.stringify(generated, null, 2)}\n`);
    }
    // Compared as JSON, not text: the checked-in file is formatted by prettier.
    expect(JSON.parse(fs.readFileSync(published, 'utf8'))).toEqual(generated);
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  let compiled: ReturnType<typeof ajv.compile> | null = null;
  const validate = Object.assign(
    (data: unknown) => {
      compiled ??= ajv.compile(JSON.parse(fs.readFileSync(published, 'utf8')) as object);
      return compiled(data);
    },
    {
      get errors() {
        return compiled?.errors;
      },
    },
  );

  it('accepts the example policy shipped for IT, as the app does', () => {
    const policy: unknown = JSON.parse(fs.readFileSync(example, 'utf8'));
    expect(validate(policy), JSON.stringify(validate.errors)).toBe(true);
    expect(machinePolicySchema.safeParse(policy).success).toBe(true);
  });

  it.each([
    ['a misspelt section', { version: 1, updats: { enabled: false } }],
    ['a future version', { version: 2 }],
    ['an update channel nobody publishes', { version: 1, updates: { channel: 'nightly' } }],
    ['a SIP server that is not a WebSocket', { version: 1, sip: { wsServers: ['http://x'] } }],
    ['no SIP server at all', { version: 1, sip: { wsServers: [] } }],
    ['a pinned language nobody translated', { version: 1, settings: { language: 'ja' } }],
    ['a feature switch that is not a boolean', { version: 1, features: { globalHotkeys: 'no' } }],
    [
      'a monitoring key that is not a raw 32-byte Ed25519 key',
      { version: 1, monitoring: { publicKeys: [{ kid: 'k1', key: 'AAAA' }] } },
    ],
    [
      'more than four monitoring keys',
      {
        version: 1,
        monitoring: {
          publicKeys: ['a', 'b', 'c', 'd', 'e'].map((kid) => ({ kid, key: `${'A'.repeat(43)}=` })),
        },
      },
    ],
    [
      'a feature code with letters',
      {
        version: 1,
        monitoring: { featureCodes: { listen: '*2a', whisper: '*223', barge: '*224' } },
      },
    ],
  ])('refuses %s, as the app does', (_what, policy) => {
    expect(validate(policy)).toBe(false);
    expect(machinePolicySchema.safeParse(policy).success).toBe(false);
  });
});
