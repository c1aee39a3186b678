import type { Database } from 'better-sqlite3';
import { perConnection } from '../connection';

const statements = perConnection((db) => ({
  get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
  set: db.prepare<[string, string, number]>(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ),
}));

/**
 * The stored value of setting `key`, parsed from JSON, or undefined if it was never set.
 * `T` is the caller's claim, not a check: validate with the contract's schema where the value
 * matters.
 */
export function getSetting<T>(db: Database, key: string): T | undefined {
  const row = statements(db).get.get(key);
  return row === undefined ? undefined : (JSON.parse(row.value) as T);
}

/** Stores `value` (anything JSON can represent) under `key`, replacing any previous value. */
export function setSetting(
  db: Database,
  key: string,
  value: unknown,
  at: number = Date.now(),
): void {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError(`setting ${key}: value is not representable as JSON`);
  statements(db).set.run(key, json, at);
}
