import type { Database as Connection } from 'better-sqlite3';
import Database, { applyDatabaseKey } from './driver';
import { StoreError } from './errors';

/** How long a statement waits for another connection's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Upper bound on the -wal file left behind after a checkpoint. Without it, one large write
 * (a sync page, a bulk import) leaves a WAL of that size on disk for the rest of the session.
 */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Opens (creating if needed) the SQLite file at `file` and applies the connection settings of
 * {@link configureConnection}. Throws {@link StoreError} `DB_OPEN_FAILED` if the file cannot be
 * opened or a setting does not take effect. `':memory:'` is accepted for tests (its journal mode
 * stays `memory`). With `key` the file is encrypted (see driver.ts); a wrong key surfaces as
 * SQLITE_NOTADB on the first read.
 */
export function openDatabase(file: string, key?: Buffer): Connection {
  let db: Connection;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StoreError('DB_OPEN_FAILED', `Cannot open the database ${file}: ${describe(error)}`, {
      cause: error,
      details: { file },
    });
  }
  try {
    if (key !== undefined) applyDatabaseKey(db, key);
    configureConnection(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Applies Sori Desk's per-connection settings and checks that each took effect; throws
 * {@link StoreError} `DB_OPEN_FAILED` otherwise (SQLite answers a pragma it cannot honour by
 * keeping the old value, e.g. WAL on a file system without shared memory, so we read them back).
 * Must run outside a transaction (foreign_keys is a no-op inside one).
 *
 * - journal_mode=WAL: readers (a screen-pop lookup) never wait for the writer (a sync page).
 * - synchronous=FULL: this database holds agent notes, the CRM outbox and the audit trail, and
 *   losing a committed note or audit row to a power cut is not acceptable. In WAL mode NORMAL is
 *   durable against application crashes but may roll back the last commits after an OS crash or
 *   power loss; FULL syncs the WAL on every commit. That costs one fsync per commit, which at an
 *   agent's write rate (a few commits a minute, bursts during sync that are batched into bounded
 *   transactions) is negligible.
 * - foreign_keys=ON: SQLite's default is off, per connection.
 * - busy_timeout: wait for a competing writer instead of failing at once.
 * - trusted_schema=OFF: SQL functions with side effects cannot be smuggled in through a schema
 *   object (trigger, view, CHECK) of a tampered file.
 * - recursive_triggers=ON: without it, `INSERT OR REPLACE` deletes the conflicting row without
 *   firing DELETE triggers, which would let a REPLACE erase an append-only audit row.
 * - journal_size_limit: see {@link JOURNAL_SIZE_LIMIT_BYTES}.
 */
export function configureConnection(db: Connection): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('trusted_schema = OFF');
  db.pragma('foreign_keys = ON');
  db.pragma('recursive_triggers = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);

  const expected: ReadonlyArray<readonly [string, string | number]> = [
    ['journal_mode', db.memory ? 'memory' : 'wal'],
    ['synchronous', 2],
    ['foreign_keys', 1],
    ['busy_timeout', BUSY_TIMEOUT_MS],
    ['trusted_schema', 0],
    ['recursive_triggers', 1],
  ];
  for (const [pragma, want] of expected) {
    const actual = db.pragma(pragma, { simple: true });
    if (actual !== want) {
      throw new StoreError(
        'DB_OPEN_FAILED',
        `The database ${db.name} did not accept ${pragma} = ${String(want)} (it reports ${String(actual)}).`,
        { details: { file: db.name } },
      );
    }
  }
}

/**
 * Memoizes per connection whatever `prepare` builds (typically an object of prepared statements),
 * so repositories prepare each statement once per connection. Entries go away with the connection.
 */
export function perConnection<T>(prepare: (db: Connection) => T): (db: Connection) => T {
  const cache = new WeakMap<Connection, T>();
  return (db) => {
    let value = cache.get(db);
    if (value === undefined) {
      value = prepare(db);
      cache.set(db, value);
    }
    return value;
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
