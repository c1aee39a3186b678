import path from 'node:path';
import { secretStoreKeyring } from '../../main/db/databaseKey';
import { openStore, type OpenStoreOptions, type Store } from '../../main/db/store';
import {
  createFileSecretStore,
  developmentPlaintextCipher,
  type SecretStore,
} from '../../main/secrets/secretStore';

export { openProfileDatabase } from '../../main/db/profileDatabase';

/** A test profile's secret store: the development store the Chromium shell uses. */
export function profileSecrets(profileDir: string): SecretStore {
  return createFileSecretStore(path.join(profileDir, 'secrets'), developmentPlaintextCipher);
}

/**
 * Opens a test profile's store the way the app does: encrypted, with the database key from the
 * profile's secret store (created on first use). Use it to seed a profile before or between
 * launches; the app then opens the same file with the same key.
 */
export function openProfileStore(
  profileDir: string,
  options: Omit<OpenStoreOptions, 'keyring'> = {},
): Store {
  return openStore(profileDir, {
    ...options,
    keyring: secretStoreKeyring(profileSecrets(profileDir)),
  });
}
