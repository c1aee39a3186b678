import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where secrets (the SIP password, later CRM tokens) live. SQLite stores only the reference.
 */
export interface SecretStore {
  /** Human-readable name, logged at start-up so nobody mistakes the development store for a real one. */
  readonly kind: string;
  /** Stores `value` and returns the reference to keep instead of it. */
  put(value: string, existingRef?: string | null): string;
  get(ref: string): string | null;
  delete(ref: string): void;
}

/** Turns a secret into bytes at rest and back. */
export interface SecretCipher {
  readonly kind: string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

const REF = /^[a-f0-9]{32}$/;

/**
 * Secrets as files (mode 0600) under `dir`, one per reference, transformed by `cipher`. With
 * Electron's safeStorage cipher the bytes are sealed by the OS keychain (DPAPI, Keychain,
 * libsecret); the file layout is shared with the development store.
 */
export function createFileSecretStore(dir: string, cipher: SecretCipher): SecretStore {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fileOf = (ref: string) => {
    if (!REF.test(ref)) throw new Error('malformed secret reference');
    return path.join(dir, `${ref}.secret`);
  };
  return {
    kind: cipher.kind,
    put(value, existingRef) {
      const ref =
        existingRef && REF.test(existingRef) ? existingRef : crypto.randomBytes(16).toString('hex');
      const file = fileOf(ref);
      const tmp = `${file}.tmp`;
      fs.writeFileSync(tmp, cipher.encrypt(value), { mode: 0o600 });
      fs.renameSync(tmp, file);
      return ref;
    },
    get(ref) {
      try {
        return cipher.decrypt(fs.readFileSync(fileOf(ref)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    delete(ref) {
      fs.rmSync(fileOf(ref), { force: true });
    },
  };
}

/**
 * DEVELOPMENT ONLY: stores secrets unencrypted (file mode 0600). Used by the Chromium shell, which
 * has no OS keychain binding; the Electron shell always uses safeStorage.
 */
export const developmentPlaintextCipher: SecretCipher = {
  kind: 'development-plaintext (NOT encrypted; Chromium shell only)',
  encrypt: (plain) => Buffer.from(plain, 'utf8'),
  decrypt: (data) => data.toString('utf8'),
};
