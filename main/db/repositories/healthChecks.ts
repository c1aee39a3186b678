import type { Database } from 'better-sqlite3';
import {
  healthCheckItemSchema,
  type HealthCheckResult,
  type HealthCheckRun,
} from '../../../preload/contract';
import { perConnection } from '../connection';

/** Runs kept for IT; older ones are pruned as new ones arrive (a few months of shifts). */
export const HEALTH_CHECKS_KEPT = 500;

interface HealthCheckRow {
  id: number;
  started_at: number;
  finished_at: number;
  passed: 0 | 1;
  items: string;
}

const statements = perConnection((db: Database) => ({
  insert: db.prepare<[number, number, number, string]>(
    'INSERT INTO health_checks (started_at, finished_at, passed, items) VALUES (?, ?, ?, ?)',
  ),
  prune: db.prepare<[number]>(
    'DELETE FROM health_checks WHERE id <= (SELECT max(id) FROM health_checks) - ?',
  ),
  last: db.prepare<[], HealthCheckRow>(
    'SELECT id, started_at, finished_at, passed, items FROM health_checks ORDER BY id DESC LIMIT 1',
  ),
  lastPassedSince: db
    .prepare<[number], number>(
      'SELECT 1 FROM health_checks WHERE passed = 1 AND finished_at >= ? ORDER BY id DESC LIMIT 1',
    )
    .pluck(),
}));

/** A run passes when no item failed: warnings and skipped checks do not stop an agent. */
export function runPassed(run: HealthCheckRun): boolean {
  return run.items.every((item) => item.status !== 'failed');
}

export function recordHealthCheck(db: Database, run: HealthCheckRun): HealthCheckResult {
  const s = statements(db);
  const passed = runPassed(run);
  const { lastInsertRowid } = s.insert.run(
    run.startedAt,
    Math.max(run.startedAt, run.finishedAt),
    passed ? 1 : 0,
    JSON.stringify(run.items),
  );
  s.prune.run(HEALTH_CHECKS_KEPT);
  return { ...run, id: Number(lastInsertRowid), passed };
}

/** The newest run, or null. Items that no longer parse (a hand-edited file) are left out. */
export function lastHealthCheck(db: Database): HealthCheckResult | null {
  const row = statements(db).last.get();
  if (!row) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(row.items);
  } catch {
    raw = [];
  }
  const items = (Array.isArray(raw) ? raw : []).flatMap((item) => {
    const parsed = healthCheckItemSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  if (items.length === 0) return null;
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    passed: row.passed === 1,
    items,
  };
}

/** Whether a run that passed finished at or after `since` (epoch ms). */
export function passedSince(db: Database, since: number): boolean {
  return statements(db).lastPassedSince.get(since) !== undefined;
}
