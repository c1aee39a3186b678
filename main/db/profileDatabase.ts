import fs from 'node:fs';
import path from 'node:path';
import type { Database as Connection } from 'better-sqlite3';
import { developmentProfileKey } from './databaseKey';
import Database, { applyDatabaseKey } from './driver';
import { StoreError } from './errors';
import { DATABASE_FILE_NAME } from './store';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens a profile's database with a connection of its own, outside the app: for the audit
 * verify command and for tests that look at what the app left on disk. `target` is the profile
 * directory or its database file. An encrypted database is unlocked with the key from the
 * profile's development secret store (Chromium shell and test profiles); an Electron profile's
 * key is sealed by the OS and only the app can use it (throws `DB_KEY_MISSING` saying so).
 * No migration, no connection settings: the file is read as it is.
 */
export function openProfileDatabase(
  target: string,
  options: { readonly?: boolean } = {},
): Connection {
  const isDir = fs.existsSync(target) && fs.statSync(target).isDirectory();
  const file = isDir ? path.join(target, DATABASE_FILE_NAME) : target;
  const profileDir = path.dirname(file);
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: true });
  try {
    if (!startsWithMagic(file)) {
      let key: Buffer | null;
      try {
        key = developmentProfileKey(profileDir);
      } catch (error) {
        throw new StoreError('DB_KEY_MISSING', (error as Error).message, {
          cause: error,
          details: { file },
        });
      }
      if (key === null) {
        throw new StoreError(
          'DB_KEY_MISSING',
          `The database ${file} is encrypted and ${profileDir}/secrets holds no key for it.`,
          { details: { file } },
        );
      }
      applyDatabaseKey(db, key);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function startsWithMagic(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SQLITE_MAGIC.length);
    const read = fs.readSync(fd, buf, 0, buf.length, 0);
    // An empty file is an empty plaintext database to SQLite.
    return read === 0 || buf.equals(SQLITE_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}
