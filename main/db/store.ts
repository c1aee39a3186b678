import fs from 'node:fs';
import path from 'node:path';
import type { Database as Connection } from 'better-sqlite3';
import type { StartupNotice } from '../../preload/contract';
import { BUSY_TIMEOUT_MS, configureConnection } from './connection';
import type { DatabaseKeyring } from './databaseKey';
import Database, { applyDatabaseKey, encryptDatabase } from './driver';
import { StoreError, databaseTooNew, isCorruptionError } from './errors';
import { migrate } from './migrate';
import { migrations as allMigrations, type Migration } from './migrations';
import { SORI_DESK_APPLICATION_ID } from './migrations/0001-initial';

/** The database's file name inside the profile directory. */
export const DATABASE_FILE_NAME = 'sori-desk.sqlite';

/** Files SQLite keeps next to the database; they belong to it and move with it. */
const SIDECARS = ['-wal', '-shm', '-journal'] as const;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_SIZE = 100;

/** Options of {@link openStore}; the defaults are what the app uses. */
export interface OpenStoreOptions {
  /** Migrations to apply (tests pass a different list). */
  migrations?: readonly Migration[];
  /** Run `PRAGMA quick_check` before use (default true). It reads the whole file once. */
  integrityCheck?: boolean;
  /** Move a damaged file aside and start afresh (default true); false throws `DB_CORRUPT`. */
  recoverCorrupt?: boolean;
  /** Clock for the name of a moved-aside file. */
  now?: () => Date;
  /**
   * Where the database key lives (the secret store; see databaseKey.ts). With it, the file is
   * encrypted: a new database is created encrypted, and a plaintext one from an earlier version
   * is encrypted in place before use. Without it the file stays plaintext (tests), and an
   * encrypted file is refused with `DB_KEY_MISSING`. The app always passes one.
   */
  keyring?: DatabaseKeyring;
}

/**
 * How the file is protected at rest: `plaintext` (opened without a keyring), `encrypted`, or
 * `migrated` (it was plaintext and has just been encrypted in place).
 */
export type StoreEncryption = 'plaintext' | 'encrypted' | 'migrated';

/** An open, migrated database and what the user should be told about opening it. */
export interface Store {
  readonly db: Connection;
  /** Things that happened while opening (a damaged file moved aside). */
  readonly notices: StartupNotice[];
  /** Absolute path of the database file. */
  readonly file: string;
  readonly encryption: StoreEncryption;
  /** Orderly shutdown: folds the WAL into the database file (checkpoint TRUNCATE), then closes. Idempotent. */
  close(): void;
}

/**
 * Opens `<profileDir>/sori-desk.sqlite`, creating the directory and the database as needed, and
 * migrates it.
 *
 * - A database from a newer Sori Desk is refused with {@link StoreError} `DB_TOO_NEW` before
 *   SQLite writes anything: its version is read from the file header, or through a read-only
 *   connection when a leftover WAL may hold a newer header. The file's bytes stay as they were.
 * - A damaged file (not a database, header invalid, `quick_check` failing, SQLITE_CORRUPT or
 *   SQLITE_NOTADB while opening) is moved aside together with its -wal/-shm to
 *   `<file>.corrupt-<timestamp>` — never deleted — a fresh database is created, and the returned
 *   notices contain `{ code: 'DB_RECOVERED', detail: <moved-to path> }`.
 * - With `opts.keyring` the file is encrypted (see {@link OpenStoreOptions.keyring}). An encrypted
 *   file whose key is missing (`DB_KEY_MISSING`) or does not open it (`DB_KEY_REJECTED`) is
 *   refused and left as it is: it is neither damaged nor ours to move.
 * - Anything else that prevents opening throws `DB_OPEN_FAILED`.
 */
export function openStore(profileDir: string, opts: OpenStoreOptions = {}): Store {
  const migrations = opts.migrations ?? allMigrations;
  const latest = migrations.at(-1)?.version ?? 0;
  const now = opts.now ?? (() => new Date());
  const file = path.resolve(profileDir, DATABASE_FILE_NAME);
  const notices: StartupNotice[] = [];

  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw openFailed(file, error);
  }

  const recover = (reason: string, cause?: unknown): void => {
    if (opts.recoverCorrupt === false) {
      throw new StoreError('DB_CORRUPT', `The database ${file} is damaged (${reason}).`, {
        cause,
        details: { file },
      });
    }
    const movedTo = moveAside(file, now());
    notices.push({ code: 'DB_RECOVERED', detail: movedTo });
  };

  if (opts.keyring) rollBackInterruptedMigration(file);
  const header = readHeader(file);
  let key: Buffer | null = null;
  if (header.kind === 'encrypted') {
    key = loadKey(file, opts.keyring);
    if (key === null) {
      throw new StoreError(
        'DB_KEY_MISSING',
        `The database ${file} is encrypted and ${
          opts.keyring ? 'the secret store holds no key for it' : 'no key was given'
        }; it was left untouched.`,
        { details: { file } },
      );
    }
  }

  const verdict = inspect(file, header, latest, opts.integrityCheck ?? true, key);
  if (verdict.kind === 'corrupt') recover(verdict.reason, verdict.cause);

  let encryption: StoreEncryption = 'plaintext';
  if (opts.keyring) {
    key ??= loadKey(file, opts.keyring) ?? opts.keyring.create();
    encryption = 'encrypted';
    if (header.kind === 'valid' && notices.length === 0) {
      encryptInPlace(file, key);
      encryption = 'migrated';
    }
  }

  let db: Connection;
  try {
    db = openMigrated(file, migrations, key);
  } catch (error) {
    if (!isCorruptionError(error) || notices.length > 0) throw wrap(file, error);
    // Damage quick_check did not see (or the check was skipped) surfaced while migrating.
    recover(describe(error), error);
    try {
      db = openMigrated(file, migrations, key);
    } catch (retryError) {
      throw wrap(file, retryError);
    }
  }

  const opened = db;
  return {
    db: opened,
    notices,
    file,
    encryption,
    close() {
      if (!opened.open) return;
      try {
        opened.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        opened.close();
      }
    },
  };
}

type Verdict = { kind: 'usable' } | { kind: 'corrupt'; reason: string; cause?: unknown };

/**
 * Decides, without writing to the file, whether it is absent/usable, damaged, or too new.
 * Throws `DB_TOO_NEW` / `DB_OPEN_FAILED`, and `DB_KEY_REJECTED` when `key` does not open an
 * encrypted file.
 */
function inspect(
  file: string,
  header: Header,
  latest: number,
  integrityCheck: boolean,
  key: Buffer | null,
): Verdict {
  if (header.kind === 'absent' || header.kind === 'empty') return { kind: 'usable' };
  if (header.kind === 'invalid') return { kind: 'corrupt', reason: header.reason };

  if (header.kind === 'valid') {
    if (header.userVersion > latest) throw databaseTooNew(file, header.userVersion, latest);
    checkApplicationId(file, header.applicationId);
    const hotWal = fileSize(`${file}-wal`) > 0;
    if (!hotWal && !integrityCheck) return { kind: 'usable' };
  }
  // An encrypted file's version and application id are encrypted too: only SQLite, with the key,
  // can read them, so it is always opened here (a read-only connection costs ~1 ms).

  // A WAL left by a crash may hold a newer page 1 than the header we just read, and only SQLite
  // knows which frames are committed. A read-only connection never checkpoints, so it leaves the
  // database file as it is; the empty -wal/-shm it may create are removed again below.
  const sidecarsBefore = new Set(SIDECARS.filter((suffix) => fs.existsSync(file + suffix)));
  let ro: Connection;
  try {
    ro = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    if (isCorruptionError(error)) return { kind: 'corrupt', reason: describe(error), cause: error };
    throw openFailed(file, error);
  }
  try {
    if (header.kind === 'encrypted' && key !== null) {
      applyDatabaseKey(ro, key);
      try {
        ro.pragma('user_version', { simple: true });
      } catch (error) {
        // Page 1 does not decrypt. A wrong key and a damaged first page look the same; either
        // way the file is kept as it is for IT, never moved aside and replaced.
        if (!isCorruptionError(error)) throw error;
        throw new StoreError(
          'DB_KEY_REJECTED',
          `The database ${file} is encrypted and the stored key does not open it (${describe(error)}); it was left untouched.`,
          { cause: error, details: { file } },
        );
      }
      checkApplicationId(file, ro.pragma('application_id', { simple: true }) as number);
    }
    const userVersion = ro.pragma('user_version', { simple: true }) as number;
    if (userVersion > latest) throw databaseTooNew(file, userVersion, latest);
    if (!integrityCheck) return { kind: 'usable' };
    const problems = (
      ro.pragma('quick_check(20)', { simple: false }) as Array<{ quick_check: string }>
    ).map((row) => row.quick_check);
    if (problems.length === 1 && problems[0] === 'ok') return { kind: 'usable' };
    return { kind: 'corrupt', reason: `quick_check: ${problems.slice(0, 3).join('; ')}` };
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (isCorruptionError(error)) return { kind: 'corrupt', reason: describe(error), cause: error };
    throw openFailed(file, error);
  } finally {
    ro.close();
    removeEmptySidecars(file, sidecarsBefore);
  }
}

/**
 * A read-only connection to a WAL database creates an empty -wal and -shm when there were none,
 * and leaves them. Removes those (only when they are new and the -wal is empty), so looking at a
 * file we then refuse (too new, wrong key) leaves the profile exactly as it was. The app holds
 * the single-instance lock, so no other connection can be using them.
 */
function removeEmptySidecars(file: string, existedBefore: ReadonlySet<string>): void {
  if (existedBefore.has('-wal') || fileSize(`${file}-wal`) > 0) return;
  for (const suffix of ['-wal', '-shm'] as const) {
    if (!existedBefore.has(suffix)) fs.rmSync(file + suffix, { force: true });
  }
}

function checkApplicationId(file: string, applicationId: number): void {
  if (applicationId !== 0 && applicationId !== SORI_DESK_APPLICATION_ID) {
    throw new StoreError(
      'DB_OPEN_FAILED',
      `${file} is an SQLite database of another application (application_id ${applicationId}).`,
      { details: { file } },
    );
  }
}

function loadKey(file: string, keyring: DatabaseKeyring | undefined): Buffer | null {
  if (!keyring) return null;
  try {
    return keyring.load();
  } catch (error) {
    throw new StoreError(
      'DB_KEY_MISSING',
      `The key of the database ${file} cannot be read from the secret store: ${describe(error)}`,
      { cause: error, details: { file } },
    );
  }
}

type Header =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'valid'; userVersion: number; applicationId: number }
  /** Encrypted by SQLite3 Multiple Ciphers: version and application id are not readable. */
  | { kind: 'encrypted' };

/**
 * Reads the 100-byte SQLite header straight from disk (https://sqlite.org/fileformat.html),
 * so a database we must not touch is never opened by SQLite at all.
 */
function readHeader(file: string): Header {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw openFailed(file, error);
  }
  try {
    const buf = Buffer.alloc(HEADER_SIZE);
    const read = fs.readSync(fd, buf, 0, HEADER_SIZE, 0);
    // SQLite treats a zero-length file as an empty database.
    if (read === 0) return { kind: 'empty' };
    if (read < HEADER_SIZE) return { kind: 'invalid', reason: `file is only ${read} bytes` };
    const plain = buf.subarray(0, 16).equals(SQLITE_MAGIC);
    const rawPageSize = buf.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const powerOfTwo = (pageSize & (pageSize - 1)) === 0;
    // Payload fractions are fixed at 64/32/32 by the file format.
    const fractions = buf[21] === 64 && buf[22] === 32 && buf[23] === 32;
    if (!plain) {
      // SQLite3 Multiple Ciphers puts its salt where the magic string was and keeps bytes 16-23
      // (page size, versions, reserved bytes for nonce and tag, fractions) readable, so an
      // encrypted database is told apart from random bytes. Everything after is ciphertext.
      const versions = [1, 2].includes(buf[18]!) && [1, 2].includes(buf[19]!);
      const reserved = buf[20]! > 0;
      if (pageSize >= 512 && pageSize <= 65536 && powerOfTwo && versions && reserved && fractions)
        return { kind: 'encrypted' };
      return { kind: 'invalid', reason: 'not an SQLite database' };
    }
    if (pageSize < 512 || pageSize > 65536 || !powerOfTwo) {
      return { kind: 'invalid', reason: `invalid page size ${rawPageSize}` };
    }
    if (!fractions) return { kind: 'invalid', reason: 'invalid header' };
    return { kind: 'valid', userVersion: buf.readInt32BE(60), applicationId: buf.readInt32BE(68) };
  } catch (error) {
    throw openFailed(file, error);
  } finally {
    fs.closeSync(fd);
  }
}

/** A read-write connection to an existing file, with no settings or key applied yet. */
function openExistingFile(file: string): Connection {
  try {
    return new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw openFailed(file, error);
  }
}

/**
 * A rollback journal next to the database can only be left by an encryption in place that was
 * cut short (the app otherwise runs in WAL mode). It holds the pages as they were before; SQLite
 * puts them back when a read-write connection first reads, and a read-only one (inspect) cannot.
 * The playback must run without a key: the journal's pages are copied back as they are
 * (plaintext from before the rekey), whereas a keyed connection would decrypt them. Afterwards
 * the file is exactly the plaintext database it was, and the encryption runs again.
 */
function rollBackInterruptedMigration(file: string): void {
  if (fileSize(`${file}-journal`) === 0) return;
  const db = openExistingFile(file);
  try {
    // Reading page 1 plays a hot journal back first (a journal that is not hot, e.g. cut off
    // before its header was synced, is ignored by SQLite and overwritten by the next write).
    db.pragma('user_version', { simple: true });
  } catch (error) {
    // After the playback an encrypted page 1 does not parse without the key: expected here.
    // Anything else (locked, I/O) means the journal is still to be played back: stop.
    if (!isCorruptionError(error)) throw openFailed(file, error);
  } finally {
    db.close();
  }
}

/**
 * Encrypts a plaintext database (from a version before encryption) in place with `key`: any WAL
 * is folded into the file, the journal switches to DELETE (sqlite3mc cannot rekey in WAL mode),
 * and `PRAGMA rekey` rewrites every page encrypted in one transaction, so a crash midway leaves
 * the plaintext file and its rollback journal, which {@link rollBackInterruptedMigration} plays
 * back at the next start before trying again.
 * The WAL mode comes back with {@link configureConnection} on the next connection.
 */
function encryptInPlace(file: string, key: Buffer): void {
  const db = openExistingFile(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new Error(`journal_mode stayed ${String(mode)}`);
    encryptDatabase(db, key);
  } catch (error) {
    throw new StoreError(
      'DB_OPEN_FAILED',
      `The database ${file} could not be encrypted: ${describe(error)}`,
      { cause: error, details: { file } },
    );
  } finally {
    db.close();
  }
}

function openMigrated(
  file: string,
  migrations: readonly Migration[],
  key: Buffer | null,
): Connection {
  let db: Connection;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw isCorruptionError(error) ? error : openFailed(file, error);
  }
  try {
    if (key !== null) applyDatabaseKey(db, key);
    configureConnection(db);
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Renames the database and its sidecars to `<file>.corrupt-<ISO time without colons>[-n]` plus
 * the sidecar suffix, keeping them a pair SQLite can open together for a later rescue. Sidecars
 * move first: a stale -wal next to the fresh database could be replayed into it.
 * Returns the new path of the database file.
 */
function moveAside(file: string, at: Date): string {
  const stamp = at.toISOString().replace(/:/g, '');
  let target = `${file}.corrupt-${stamp}`;
  for (
    let n = 1;
    [target, ...SIDECARS.map((s) => target + s)].some((p) => fs.existsSync(p));
    n += 1
  ) {
    target = `${file}.corrupt-${stamp}-${n}`;
  }
  const moved: Array<[string, string]> = [];
  try {
    for (const suffix of [...SIDECARS, '']) {
      const from = file + suffix;
      if (!fs.existsSync(from)) continue;
      fs.renameSync(from, target + suffix);
      moved.push([from, target + suffix]);
    }
  } catch (error) {
    // Put back what moved so the database and its WAL stay together; then report.
    for (const [from, to] of moved.reverse()) {
      try {
        fs.renameSync(to, from);
      } catch {
        // Nothing more can be done here; the error below names the file.
      }
    }
    throw new StoreError(
      'DB_CORRUPT',
      `The database ${file} is damaged and could not be moved aside.`,
      {
        cause: error,
        details: { file },
      },
    );
  }
  return target;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function openFailed(file: string, error: unknown): StoreError {
  return new StoreError('DB_OPEN_FAILED', `Cannot open the database ${file}: ${describe(error)}`, {
    cause: error,
    details: { file },
  });
}

function wrap(file: string, error: unknown): unknown {
  if (error instanceof StoreError) return error;
  if (isCorruptionError(error)) {
    return new StoreError('DB_CORRUPT', `The database ${file} is damaged: ${describe(error)}`, {
      cause: error,
      details: { file },
    });
  }
  return openFailed(file, error);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
