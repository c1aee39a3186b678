import type { Database } from 'better-sqlite3';
import { databaseTooNew } from './errors';
import { migrations as allMigrations, type Migration } from './migrations';

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Brings the schema of `db` up to the newest of `migrations`.
 *
 * - Reads `PRAGMA user_version`. If it is above the newest known version the database was
 *   written by a newer Sori Desk: throws `StoreError` `DB_TOO_NEW` without writing anything.
 * - Otherwise applies each pending migration in its own BEGIN IMMEDIATE transaction that also
 *   sets `user_version`, so a crash leaves the database at a whole version, never between two.
 * - Before committing, `PRAGMA foreign_key_check` must come back empty: a migration that leaves
 *   dangling references is rolled back.
 *
 * Throws a plain Error if `migrations` itself is malformed (not 1..N in order, duplicate or badly
 * formed names): that is a bug in this build, caught by the tests, never a user's problem.
 * Returns the versions applied.
 */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): number[] {
  assertWellFormed(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const userVersion = () => db.pragma('user_version', { simple: true }) as number;

  const current = userVersion();
  if (current > latest) throw databaseTooNew(db.name, current, latest);

  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      // Re-read under the write lock: another connection may have migrated meanwhile.
      const now = userVersion();
      if (now >= migration.version) {
        if (now > latest) throw databaseTooNew(db.name, now, latest);
        return false;
      }
      migration.up(db);
      const dangling = db.pragma('foreign_key_check') as unknown[];
      if (dangling.length > 0) {
        throw new Error(
          `Migration ${migration.version} (${migration.name}) leaves ${dangling.length} foreign key violation(s)`,
        );
      }
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    if (apply.immediate()) applied.push(migration.version);
  }
  return applied;
}

function assertWellFormed(migrations: readonly Migration[]): void {
  const names = new Set<string>();
  migrations.forEach((migration, index) => {
    const expected = index + 1;
    if (!Number.isSafeInteger(migration.version) || migration.version !== expected) {
      throw new Error(
        `Migration list is malformed: expected version ${expected} at position ${index}, found ` +
          `${String(migration.version)} (${migration.name}); versions must be 1..N without gaps or duplicates`,
      );
    }
    if (!NAME.test(migration.name)) {
      throw new Error(
        `Migration ${migration.version} has a malformed name "${migration.name}" (kebab-case expected)`,
      );
    }
    if (names.has(migration.name)) {
      throw new Error(`Migration name "${migration.name}" is used twice`);
    }
    names.add(migration.name);
  });
}
