import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  createFileSecretStore,
  developmentPlaintextCipher,
  type SecretStore,
} from '../secrets/secretStore';
import { DATABASE_KEY_BYTES } from './driver';

/**
 * Where the key of the profile's database lives in the secret store. A fixed reference: the
 * database cannot hold the reference to the key that opens it.
 */
export const DATABASE_KEY_REF = 'db' + '0'.repeat(30);

/** The profile's database key, kept outside the database (in the OS secret store in Electron). */
export interface DatabaseKeyring {
  /** The stored key, or null when there is none (first start, or the secret store was lost). */
  load(): Buffer | null;
  /** Creates, stores and returns a new random key. Only called when {@link load} found none. */
  create(): Buffer;
}

const HEX_KEY = new RegExp(`^[0-9a-f]{${DATABASE_KEY_BYTES * 2}}$`);

/**
 * The database key as a secret: 32 random bytes, kept hex-encoded under {@link DATABASE_KEY_REF}.
 * A stored value that is not such a key (a foreign or damaged secret) is an error, never silently
 * replaced: a new key would not open the existing file.
 */
export function secretStoreKeyring(secrets: SecretStore): DatabaseKeyring {
  return {
    load() {
      const stored = secrets.get(DATABASE_KEY_REF);
      if (stored === null) return null;
      if (!HEX_KEY.test(stored)) {
        throw new Error(`the stored database key (${secrets.kind}) is not a 256-bit hex key`);
      }
      return Buffer.from(stored, 'hex');
    },
    create() {
      const key = crypto.randomBytes(DATABASE_KEY_BYTES);
      secrets.put(key.toString('hex'), DATABASE_KEY_REF);
      return key;
    },
  };
}

/**
 * The key of a profile made by the Chromium shell or the tests, read from its development secret
 * store (`<profile>/secrets`, plaintext files) without creating anything. Returns null when the
 * profile has no stored key. Throws when the key is sealed by an OS secret store (an Electron
 * profile): only the app itself can unseal it.
 */
export function developmentProfileKey(profileDir: string): Buffer | null {
  const dir = path.join(profileDir, 'secrets');
  if (!fs.existsSync(path.join(dir, `${DATABASE_KEY_REF}.secret`))) return null;
  const stored = createFileSecretStore(dir, developmentPlaintextCipher).get(DATABASE_KEY_REF);
  if (stored === null) return null;
  if (!HEX_KEY.test(stored)) {
    throw new Error(
      `the database key of ${profileDir} is sealed by the OS secret store (an Electron profile); ` +
        'open the profile in Sori Desk (설정 → 감사 기록 검증) instead',
    );
  }
  return Buffer.from(stored, 'hex');
}
