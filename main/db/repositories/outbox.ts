import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { perConnection } from '../connection';
import type { JsonValue } from './audit';

/** Kinds of work queued for the server (the sync engine of issue #5 sends them). */
export type OutboxKind =
  | 'team_lead_alert'
  | 'note.create'
  | 'note.update'
  | 'notice.ack'
  | 'disposition.create'
  | 'callback.create'
  | 'callback.attempt'
  | 'customer.create'
  /** The agent's state for the team board: latest wins, see replaceOutbox. */
  | 'agent_presence';

export interface OutboxItem {
  id: number;
  kind: OutboxKind;
  payload: JsonValue;
  createdAt: number;
}

const statements = perConnection((db: Database) => ({
  insert: db.prepare<[string, string, number, number, string, string | null]>(
    'INSERT INTO outbox (kind, payload, created_at, next_attempt_at, idempotency_key, entity) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  countKind: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM outbox WHERE kind = ?'),
  // Only the signed-in agent's: a signed-out agent's last item of the kind still goes out.
  removeKind: db.prepare<[string]>('DELETE FROM outbox WHERE kind = ? AND token_ref IS NULL'),
}));

/**
 * Queues `payload` for the server; due at once. Runs inside the caller's transaction. Each item
 * gets its idempotency key now, once, so every retry of it carries the same key. `entity` (e.g.
 * `note:<id>`) keeps writes to one record in order.
 */
export function enqueueOutbox(
  db: Database,
  kind: OutboxKind,
  payload: JsonValue,
  at = Date.now(),
  entity: string | null = null,
): number {
  return Number(
    statements(db).insert.run(kind, JSON.stringify(payload), at, at, crypto.randomUUID(), entity)
      .lastInsertRowid,
  );
}

export function countOutbox(db: Database, kind: OutboxKind): number {
  return statements(db).countKind.get(kind)!.n;
}

/**
 * Queues `payload` in place of every queued item of `kind` of the signed-in agent: latest wins
 * (presence), so a burst of changes, or an hour offline, sends one item. An item already on its way is sent as well; the
 * server keeps the newest by the payload's own time.
 */
export function replaceOutbox(
  db: Database,
  kind: OutboxKind,
  payload: JsonValue,
  at = Date.now(),
): number {
  return db.transaction(() => {
    statements(db).removeKind.run(kind);
    return enqueueOutbox(db, kind, payload, at);
  })();
}
