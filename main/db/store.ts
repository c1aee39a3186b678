import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { StartupNotice } from '../../preload/contract';
import { BUSY_TIMEOUT_MS, configureConnection } from './connection';
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
}

/** An open, migrated database and what the user should be told about opening it. */
export interface Store {
  readonly db: Database.Database;
  /** Things that happened while opening (a damaged file moved aside). */
  readonly notices: StartupNotice[];
  /** Absolute path of the database file. */
  readonly file: string;
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

  const verdict = inspect(file, latest, opts.integrityCheck ?? true);
  if (verdict.kind === 'corrupt') recover(verdict.reason, verdict.cause);

  let db: Database.Database;
  try {
    db = openMigrated(file, migrations);
  } catch (error) {
    if (!isCorruptionError(error) || notices.length > 0) throw wrap(file, error);
    // Damage quick_check did not see (or the check was skipped) surfaced while migrating.
    recover(describe(error), error);
    try {
      db = openMigrated(file, migrations);
    } catch (retryError) {
      throw wrap(file, retryError);
    }
  }

  const opened = db;
  return {
    db: opened,
    notices,
    file,
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
 * Throws `DB_TOO_NEW` / `DB_OPEN_FAILED`.
 */
function inspect(file: string, latest: number, integrityCheck: boolean): Verdict {
  const header = readHeader(file);
  if (header.kind === 'absent' || header.kind === 'empty') return { kind: 'usable' };
  if (header.kind === 'invalid') return { kind: 'corrupt', reason: header.reason };

  if (header.userVersion > latest) throw databaseTooNew(file, header.userVersion, latest);
  if (header.applicationId !== 0 && header.applicationId !== SORI_DESK_APPLICATION_ID) {
    throw new StoreError(
      'DB_OPEN_FAILED',
      `${file} is an SQLite database of another application (application_id ${header.applicationId}).`,
      { details: { file } },
    );
  }

  const hotWal = fileSize(`${file}-wal`) > 0;
  if (!hotWal && !integrityCheck) return { kind: 'usable' };

  // A WAL left by a crash may hold a newer page 1 than the header we just read, and only SQLite
  // knows which frames are committed. A read-only connection never checkpoints, so it leaves the
  // database file as it is (it may create an empty -shm if none exists).
  let ro: Database.Database;
  try {
    ro = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    if (isCorruptionError(error)) return { kind: 'corrupt', reason: describe(error), cause: error };
    throw openFailed(file, error);
  }
  try {
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
  }
}

type Header =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'valid'; userVersion: number; applicationId: number };

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
    if (!buf.subarray(0, 16).equals(SQLITE_MAGIC))
      return { kind: 'invalid', reason: 'not an SQLite database' };
    const rawPageSize = buf.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const powerOfTwo = (pageSize & (pageSize - 1)) === 0;
    if (pageSize < 512 || pageSize > 65536 || !powerOfTwo) {
      return { kind: 'invalid', reason: `invalid page size ${rawPageSize}` };
    }
    // Payload fractions are fixed at 64/32/32 by the file format.
    if (buf[21] !== 64 || buf[22] !== 32 || buf[23] !== 32)
      return { kind: 'invalid', reason: 'invalid header' };
    return { kind: 'valid', userVersion: buf.readInt32BE(60), applicationId: buf.readInt32BE(68) };
  } catch (error) {
    throw openFailed(file, error);
  } finally {
    fs.closeSync(fd);
  }
}

function openMigrated(file: string, migrations: readonly Migration[]): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw isCorruptionError(error) ? error : openFailed(file, error);
  }
  try {
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
