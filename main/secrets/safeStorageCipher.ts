import { safeStorage } from 'electron';
import type { SecretCipher } from './secretStore';

/**
 * Electron's safeStorage: DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux.
 * Refuses to run when the OS offers no encryption rather than silently storing plaintext.
 */
export function createSafeStorageCipher(): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error('OS secret storage is not available; cannot store the SIP password safely');
  }
  const backend =
    process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  if (backend === 'basic_text') {
    throw new Error(
      'OS secret storage is only "basic_text" (no keyring): refusing to store secrets',
    );
  }
  return {
    kind: `electron-safeStorage (${backend})`,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
