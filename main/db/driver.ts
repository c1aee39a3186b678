/**
 * The one SQLite driver of Sori Desk: better-sqlite3 built with SQLite3 Multiple Ciphers
 * (`better-sqlite3-multiple-ciphers`, same API and version as better-sqlite3), so the profile's
 * database is encrypted at rest. Everything that opens a database file imports the constructor
 * from here; types keep coming from `@types/better-sqlite3` (`import type { Database } from
 * 'better-sqlite3'`), which this driver satisfies as it is.
 *
 * Plain SQLite ignores `PRAGMA key` without a word and would write plaintext, so
 * {@link applyDatabaseKey} checks that the cipher extension is really there.
 */
import type BetterSqlite3 from 'better-sqlite3';
import MultipleCiphers from 'better-sqlite3-multiple-ciphers';

const Database: typeof BetterSqlite3 = MultipleCiphers;
export default Database;

/** The npm package that provides {@link Database}; rebuild scripts and bundler externals name it. */
export const DRIVER_PACKAGE = 'better-sqlite3-multiple-ciphers';

/**
 * sqlite3mc's ChaCha20-Poly1305 scheme (the sqleet format): a 16-byte salt starts the file, each
 * page carries a 16-byte nonce and a 16-byte tag. Named explicitly so a change of the driver's
 * compiled-in default can never make existing files unreadable.
 */
export const DATABASE_CIPHER = 'chacha20';

/** Bytes of a database key: 256 bits, the cipher's raw key size. */
export const DATABASE_KEY_BYTES = 32;

/**
 * Unlocks (or, for a new or empty file, sets) the encryption of `db` with a raw 256-bit key.
 * Must be the first statement on the connection. The key is given in sqlite3mc's raw form
 * (`x'<hex>'`), which skips the passphrase KDF (PBKDF2 with 64,007 rounds for ChaCha20): the key
 * is already random, and every connection would otherwise pay the KDF (see test/bench).
 *
 * A wrong key is not detected here: the first read then fails with SQLITE_NOTADB.
 */
export function applyDatabaseKey(db: BetterSqlite3.Database, key: Buffer): void {
  if (key.length !== DATABASE_KEY_BYTES) {
    throw new Error(`a database key has ${DATABASE_KEY_BYTES} bytes, not ${key.length}`);
  }
  assertCipherSupport(db);
  db.pragma(`cipher = '${DATABASE_CIPHER}'`);
  // Hex digits only: nothing from outside reaches the statement text.
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/**
 * Encrypts an open plaintext database in place with `key` (sqlite3mc `PRAGMA rekey`). Rekeying
 * rewrites every page in one transaction, which SQLite3MC refuses in WAL mode: the caller
 * switches the connection to `journal_mode=DELETE` first (and back to WAL afterwards).
 */
export function encryptDatabase(db: BetterSqlite3.Database, key: Buffer): void {
  if (key.length !== DATABASE_KEY_BYTES) {
    throw new Error(`a database key has ${DATABASE_KEY_BYTES} bytes, not ${key.length}`);
  }
  assertCipherSupport(db);
  db.pragma(`cipher = '${DATABASE_CIPHER}'`);
  db.pragma(`rekey = "x'${key.toString('hex')}'"`);
}

function assertCipherSupport(db: BetterSqlite3.Database): void {
  // Answered by the cipher extension without reading the file (a SELECT would read the schema,
  // which fails on an encrypted file before its key); plain SQLite answers an unknown pragma with
  // nothing.
  const cipher: unknown = db.pragma('cipher', { simple: true });
  if (typeof cipher !== 'string') {
    throw new Error(
      `the SQLite driver has no encryption (PRAGMA cipher is unknown); is ${DRIVER_PACKAGE} replaced by plain better-sqlite3?`,
    );
  }
}
