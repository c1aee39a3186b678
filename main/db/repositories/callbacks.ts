import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Callback } from '../../../preload/contract';
import { perConnection } from '../connection';

interface CallbackRow {
  id: string;
  customer_id: string | null;
  number: string;
  reason: string;
  due_by: number;
  scheduled_at: number | null;
  customer_hours_from: string | null;
  customer_hours_to: string | null;
  status: 'open' | 'done';
  attempts: number;
}

const SELECT = `SELECT c.id, c.customer_id, c.number, c.reason, c.due_by, c.scheduled_at,
  c.customer_hours_from, c.customer_hours_to, c.status,
  (SELECT count(*) FROM callback_attempts a WHERE a.callback_id = c.id) AS attempts
  FROM callbacks c`;

const statements = perConnection((db: Database) => ({
  insert: db.prepare<{
    id: string;
    customer_id: string | null;
    number: string;
    reason: string;
    due_by: number;
    scheduled_at: number;
    from: string | null;
    to: string | null;
    created_at: number;
  }>(
    `INSERT INTO callbacks (id, customer_id, number, reason, due_by, scheduled_at,
       customer_hours_from, customer_hours_to, created_at)
     VALUES (@id, @customer_id, @number, @reason, @due_by, @scheduled_at, @from, @to, @created_at)`,
  ),
  get: db.prepare<{ id: string }, CallbackRow>(`${SELECT} WHERE c.id = @id`),
  list: db.prepare<[], CallbackRow>(
    `${SELECT} ORDER BY c.status = 'done', CASE c.status WHEN 'open' THEN c.due_by ELSE -c.due_by END LIMIT 500`,
  ),
  attempt: db.prepare<{ id: string; at: number; outcome: string }>(
    'INSERT INTO callback_attempts (callback_id, at, outcome) VALUES (@id, @at, @outcome)',
  ),
  reschedule: db.prepare<{ id: string; scheduled_at: number | null; status: string }>(
    'UPDATE callbacks SET scheduled_at = @scheduled_at, status = @status WHERE id = @id',
  ),
}));

const fromRow = (row: CallbackRow): Callback => ({
  id: row.id,
  customerId: row.customer_id,
  number: row.number,
  reason: row.reason,
  dueBy: row.due_by,
  scheduledAt: row.scheduled_at,
  customerHours:
    row.customer_hours_from && row.customer_hours_to
      ? { from: row.customer_hours_from, to: row.customer_hours_to }
      : null,
  status: row.status,
  attempts: row.attempts,
});

export function insertCallback(
  db: Database,
  input: Omit<Callback, 'id' | 'status' | 'attempts' | 'scheduledAt'> & { scheduledAt: number },
  now: number,
): Callback {
  const id = crypto.randomUUID();
  statements(db).insert.run({
    id,
    customer_id: input.customerId,
    number: input.number,
    reason: input.reason,
    due_by: input.dueBy,
    scheduled_at: input.scheduledAt,
    from: input.customerHours?.from ?? null,
    to: input.customerHours?.to ?? null,
    created_at: now,
  });
  return getCallback(db, id)!;
}

export function getCallback(db: Database, id: string): Callback | null {
  const row = statements(db).get.get({ id });
  return row ? fromRow(row) : null;
}

export function listCallbacks(db: Database): Callback[] {
  return statements(db).list.all().map(fromRow);
}

/** Logs an attempt and sets the next try (or closes the callback), in the caller's transaction. */
export function recordAttempt(
  db: Database,
  id: string,
  attempt: { at: number; outcome: string },
  next: { scheduledAt: number | null; done: boolean },
): void {
  const s = statements(db);
  s.attempt.run({ id, at: attempt.at, outcome: attempt.outcome });
  s.reschedule.run({ id, scheduled_at: next.scheduledAt, status: next.done ? 'done' : 'open' });
}
