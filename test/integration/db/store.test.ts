import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database as Connection } from 'better-sqlite3';
import Database from '../../../main/db/driver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/connection';
import { StoreError } from '../../../main/db/errors';
import { migrate } from '../../../main/db/migrate';
import { LATEST_SCHEMA_VERSION, type Migration, migrations } from '../../../main/db/migrations';
import { SORI_DESK_APPLICATION_ID } from '../../../main/db/migrations/0001-initial';
import { getSetting, setSetting } from '../../../main/db/repositories/settings';
import { DATABASE_FILE_NAME, openStore, type Store } from '../../../main/db/store';

let dir: string;
let file: string;
const stores: Store[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-store-'));
  file = path.join(dir, DATABASE_FILE_NAME);
});

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = (options?: Parameters<typeof openStore>[1]): Store => {
  const store = openStore(dir, options);
  stores.push(store);
  return store;
};
const sha256 = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
const listing = () => fs.readdirSync(dir).sort();

/** Runs `fn` and returns the StoreError it throws. */
function storeErrorOf(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}

/** A database as a newer Sori Desk might leave it: WAL mode, cleanly closed, schema 999. */
function writeNewerDatabase(journalMode: 'wal' | 'delete'): void {
  const db = new Database(file);
  db.pragma(`journal_mode = ${journalMode}`);
  db.exec(
    'CREATE TABLE from_the_future (x INTEGER) STRICT; INSERT INTO from_the_future VALUES (42);',
  );
  db.pragma(`application_id = ${SORI_DESK_APPLICATION_ID}`);
  db.pragma('user_version = 999');
  db.close();
}

/** A Sori Desk database with enough notes to span many pages, cleanly closed. */
function writeDatabaseWithNotes(): void {
  const store = openStore(dir);
  const insert = store.db.prepare(
    'INSERT INTO notes (id, body, created_at, updated_at) VALUES (?, ?, 1, 1)',
  );
  store.db.transaction(() => {
    for (let i = 0; i < 2000; i += 1) insert.run(`note-${i}`, `body ${i} `.repeat(40));
  })();
  store.close();
}

describe('openStore', () => {
  it('creates <profileDir>/sori-desk.sqlite with the pragmas in effect', () => {
    const store = open();
    expect(store.file).toBe(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(store.notices).toEqual([]);
    const { db } = store;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(SORI_DESK_APPLICATION_ID);
  });

  it('creates a missing profile directory', () => {
    const nested = path.join(dir, 'a', 'b');
    const store = openStore(nested);
    stores.push(store);
    expect(store.file).toBe(path.join(nested, DATABASE_FILE_NAME));
  });

  it('re-opens idempotently and close() leaves only the database file', () => {
    const first = openStore(dir);
    setSetting(first.db, 'language', 'ko');
    first.close();
    first.close(); // idempotent
    expect(listing()).toEqual([DATABASE_FILE_NAME]);

    const second = open();
    expect(second.notices).toEqual([]);
    expect(second.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(getSetting(second.db, 'language')).toBe('ko');
    expect(migrate(second.db)).toEqual([]);
  });

  it('opens a zero-byte file as a new database', () => {
    fs.writeFileSync(file, '');
    const store = open();
    expect(store.notices).toEqual([]);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  });

  for (const journalMode of ['wal', 'delete'] as const) {
    it(`refuses a database from a newer version (${journalMode} mode) without touching it`, () => {
      writeNewerDatabase(journalMode);
      const before = { hash: sha256(file), files: listing() };

      const error = storeErrorOf(() => open());
      expect(error.code).toBe('DB_TOO_NEW');
      expect(error.message).toMatch(
        new RegExp(
          `newer Sori Desk version \\(schema 999 > ${LATEST_SCHEMA_VERSION}\\).*update the app`,
        ),
      );
      expect(error.details).toMatchObject({
        fileVersion: 999,
        supportedVersion: LATEST_SCHEMA_VERSION,
      });

      expect(sha256(file)).toBe(before.hash);
      expect(listing()).toEqual(before.files);
    });
  }

  it('refuses a newer database whose new version is still only in its WAL', () => {
    // A newer app migrated and then crashed before checkpointing: the file header still says
    // version 1, page 1 with version 999 sits in the -wal. Copying the files while the writer
    // is open is what a crash leaves on disk.
    openStore(dir).close();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-store-src-'));
    try {
      fs.copyFileSync(file, path.join(elsewhere, DATABASE_FILE_NAME));
      const source = new Database(path.join(elsewhere, DATABASE_FILE_NAME));
      source.pragma('wal_autocheckpoint = 0');
      source.exec('CREATE TABLE from_the_future (x INTEGER) STRICT');
      source.pragma('user_version = 999');
      fs.rmSync(file);
      for (const suffix of ['', '-wal', '-shm']) {
        fs.copyFileSync(path.join(elsewhere, DATABASE_FILE_NAME + suffix), file + suffix);
      }
      source.close();
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
    expect(fs.readFileSync(file).readUInt32BE(60)).toBe(LATEST_SCHEMA_VERSION); // the header is stale
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const before = { db: sha256(file), wal: sha256(`${file}-wal`), files: listing() };

    expect(storeErrorOf(() => open()).code).toBe('DB_TOO_NEW');

    expect(sha256(file)).toBe(before.db);
    expect(sha256(`${file}-wal`)).toBe(before.wal);
    expect(listing()).toEqual(before.files);
  });

  it('moves a file of random bytes aside with its WAL, never deleting it, and starts afresh', () => {
    const garbage = randomBytes(8192);
    fs.writeFileSync(file, garbage);
    fs.writeFileSync(`${file}-wal`, 'stale wal');

    const store = open();

    expect(store.notices).toHaveLength(1);
    const [notice] = store.notices;
    expect(notice?.code).toBe('DB_RECOVERED');
    const movedTo = notice?.detail ?? '';
    expect(path.dirname(movedTo)).toBe(dir);
    expect(path.basename(movedTo)).toMatch(
      /^sori-desk\.sqlite\.corrupt-\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z$/,
    );
    expect(fs.readFileSync(movedTo).equals(garbage)).toBe(true);
    expect(fs.readFileSync(`${movedTo}-wal`, 'utf8')).toBe('stale wal');

    // The fresh database works.
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    setSetting(store.db, 'micProcessing', false);
    expect(getSetting(store.db, 'micProcessing')).toBe(false);
  });

  it('does not overwrite an earlier moved-aside file with the same timestamp', () => {
    const at = new Date('2025-03-04T05:06:07.089Z');
    fs.writeFileSync(file, 'first broken file, long enough to not be a header'.repeat(4));
    const first = openStore(dir, { now: () => at });
    first.close();
    fs.writeFileSync(file, 'second broken file, long enough to not be a header'.repeat(4));
    const second = open({ now: () => at });

    expect(first.notices[0]?.detail).toBe(
      path.join(dir, 'sori-desk.sqlite.corrupt-2025-03-04T050607.089Z'),
    );
    expect(second.notices[0]?.detail).toBe(
      path.join(dir, 'sori-desk.sqlite.corrupt-2025-03-04T050607.089Z-1'),
    );
    expect(fs.readFileSync(first.notices[0]?.detail ?? '', 'utf8')).toMatch(/^first/);
    expect(fs.readFileSync(second.notices[0]?.detail ?? '', 'utf8')).toMatch(/^second/);
  });

  it('detects a damaged page with quick_check and moves the file aside', () => {
    writeDatabaseWithNotes();
    // Overwrite the root page of the notes table (an interior b-tree page by now) with garbage.
    const probe = new Database(file, { readonly: true });
    const rootPage = probe
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'notes'")
      .pluck()
      .get() as number;
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    probe.close();
    expect(fs.statSync(file).size).toBeGreaterThan(100 * pageSize);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootPage - 1) * pageSize);
    fs.closeSync(fd);
    const damaged = sha256(file);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).not.toBe('ok');
    check.close();

    const store = open();
    const movedTo = store.notices[0]?.detail ?? '';
    expect(store.notices).toEqual([{ code: 'DB_RECOVERED', detail: movedTo }]);
    expect(sha256(movedTo)).toBe(damaged);
    expect(store.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    expect(store.db.pragma('quick_check', { simple: true })).toBe('ok');
  });

  it('with recoverCorrupt: false, refuses a damaged file with DB_CORRUPT and leaves it in place', () => {
    fs.writeFileSync(file, 'x'.repeat(4096));
    const error = storeErrorOf(() => open({ recoverCorrupt: false }));
    expect(error.code).toBe('DB_CORRUPT');
    expect(listing()).toEqual([DATABASE_FILE_NAME]);
    expect(fs.readFileSync(file, 'utf8')).toBe('x'.repeat(4096));
  });

  it("refuses another application's SQLite database with DB_OPEN_FAILED", () => {
    const other = new Database(file);
    other.pragma('application_id = 12345');
    other.exec('CREATE TABLE theirs (x)');
    other.close();
    const before = sha256(file);
    expect(storeErrorOf(() => open()).code).toBe('DB_OPEN_FAILED');
    expect(sha256(file)).toBe(before);
  });

  it('reports DB_OPEN_FAILED when the profile path is unusable', () => {
    const notADir = path.join(dir, 'plain-file');
    fs.writeFileSync(notADir, '');
    const error = storeErrorOf(() => openStore(notADir));
    expect(error.code).toBe('DB_OPEN_FAILED');
  });
});

describe('migrate', () => {
  let db: Connection;
  beforeEach(() => {
    db = openDatabase(file);
  });
  afterEach(() => {
    db.close();
  });

  const step = (
    version: number,
    name: string,
    up: Migration['up'] = () => undefined,
  ): Migration => ({
    version,
    name,
    up,
  });
  const tables = () =>
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];

  it('refuses a list with a gap, a duplicate, a bad start or a bad name before touching the database', () => {
    const one = step(1, 'one', (d) => d.exec('CREATE TABLE one (x INTEGER) STRICT'));
    expect(() => migrate(db, [one, step(3, 'three')])).toThrow(
      /expected version 2 at position 1, found 3/,
    );
    expect(() => migrate(db, [one, step(1, 'again')])).toThrow(/expected version 2/);
    expect(() => migrate(db, [step(0, 'zero')])).toThrow(/expected version 1/);
    expect(() => migrate(db, [one, step(2, 'one')])).toThrow(/used twice/);
    expect(() => migrate(db, [step(1, 'Not Kebab')])).toThrow(/malformed name/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables()).toEqual([]);
  });

  it('applies pending migrations in order and records each in user_version', () => {
    const seen: number[] = [];
    const list = [
      step(1, 'one', (d) => {
        seen.push(d.pragma('user_version', { simple: true }) as number);
        d.exec('CREATE TABLE one (x INTEGER) STRICT');
      }),
      step(2, 'two', (d) => {
        seen.push(d.pragma('user_version', { simple: true }) as number);
        d.exec('CREATE TABLE two (x INTEGER) STRICT');
      }),
    ];
    expect(migrate(db, list.slice(0, 1))).toEqual([1]);
    expect(migrate(db, list)).toEqual([2]);
    expect(migrate(db, list)).toEqual([]);
    expect(seen).toEqual([0, 1]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables()).toEqual(['one', 'two']);
  });

  it('rolls a failing migration back completely, user_version included', () => {
    const list = [
      step(1, 'one', (d) => d.exec('CREATE TABLE one (x INTEGER) STRICT')),
      step(2, 'broken', (d) => {
        d.exec('CREATE TABLE two (x INTEGER) STRICT');
        throw new Error('boom');
      }),
    ];
    expect(() => migrate(db, list)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables()).toEqual(['one']);
    expect(db.inTransaction).toBe(false);
  });

  it('rolls back a migration that leaves foreign key violations', () => {
    const list = [
      step(1, 'orphans', (d) => {
        d.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY) STRICT;
                CREATE TABLE child (parent_id INTEGER REFERENCES parent (id)) STRICT;`);
        // Inside the transaction enforcement can be deferred; the check before commit still sees it.
        d.pragma('defer_foreign_keys = ON');
        d.exec('INSERT INTO child VALUES (7)');
      }),
    ];
    expect(() => migrate(db, list)).toThrow(/foreign key violation/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables()).toEqual([]);
  });

  it('throws DB_TOO_NEW for a newer database and writes nothing', () => {
    const newer = LATEST_SCHEMA_VERSION + 1;
    db.pragma(`user_version = ${newer}`);
    const changesBefore = db.prepare('SELECT total_changes()').pluck().get();
    const error = storeErrorOf(() => migrate(db, migrations));
    expect(error.code).toBe('DB_TOO_NEW');
    expect(error.message).toContain(`schema ${newer} > ${LATEST_SCHEMA_VERSION}`);
    expect(db.prepare('SELECT total_changes()').pluck().get()).toBe(changesBefore);
    expect(db.pragma('user_version', { simple: true })).toBe(newer);
    expect(tables()).toEqual([]);
  });
});
