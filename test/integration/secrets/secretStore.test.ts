import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createFileSecretStore,
  developmentPlaintextCipher,
  type SecretCipher,
} from '../../../main/secrets/secretStore';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sori-secrets-'));

describe('file secret store (real files)', () => {
  it('stores, replaces in place, reads back and deletes', () => {
    const dir = tmp();
    const store = createFileSecretStore(dir, developmentPlaintextCipher);
    const ref = store.put('first');
    expect(ref).toMatch(/^[a-f0-9]{32}$/);
    expect(store.get(ref)).toBe('first');
    expect(store.put('second', ref)).toBe(ref);
    expect(store.get(ref)).toBe('second');
    expect(fs.statSync(path.join(dir, `${ref}.secret`)).mode & 0o777).toBe(0o600);
    store.delete(ref);
    expect(store.get(ref)).toBeNull();
  });

  it('writes only what the cipher produces', () => {
    const dir = tmp();
    const reversing: SecretCipher = {
      kind: 'test-reversing cipher',
      encrypt: (plain) => Buffer.from([...plain].reverse().join('')),
      decrypt: (data) => [...data.toString()].reverse().join(''),
    };
    const store = createFileSecretStore(dir, reversing);
    const ref = store.put('pw1001');
    expect(fs.readFileSync(path.join(dir, `${ref}.secret`), 'utf8')).toBe('1001wp');
    expect(store.get(ref)).toBe('pw1001');
  });

  it('refuses references that could walk out of its directory', () => {
    const store = createFileSecretStore(tmp(), developmentPlaintextCipher);
    expect(() => store.get('../../etc/passwd')).toThrow(/malformed/);
    expect(store.kind).toMatch(/NOT encrypted/);
  });
});
