import type { Database } from 'better-sqlite3';
import type {
  CallDirection,
  CallEndReason,
  CallLogEntry,
  RemoteParty,
} from '../../../preload/contract';
import { perConnection } from '../connection';

/** A call as the SIP layer first reports it. */
export interface OpenCallInput {
  callId: string;
  direction: CallDirection;
  remote: RemoteParty;
  startedAt: number;
  /** The local account that placed or received it, if known. */
  accountId?: number | null;
}

interface CallRow {
  call_id: string;
  direction: CallDirection;
  remote_uri: string;
  remote_display_name: string | null;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  end_reason: CallEndReason | null;
}

/** Upper bound on one page of the call history. */
export const MAX_CALL_LIST = 1000;

const statements = perConnection((db) => ({
  open: db.prepare<{
    callId: string;
    direction: CallDirection;
    remoteUri: string;
    remoteDisplayName: string | null;
    startedAt: number;
    accountId: number | null;
  }>(
    `INSERT INTO call_log (call_id, direction, remote_uri, remote_display_name, started_at, account_id)
     VALUES (@callId, @direction, @remoteUri, @remoteDisplayName, @startedAt, @accountId)
     ON CONFLICT (call_id) DO NOTHING`,
  ),
  answer: db.prepare<[number, string]>(
    'UPDATE call_log SET answered_at = ? WHERE call_id = ? AND answered_at IS NULL AND ended_at IS NULL',
  ),
  close: db.prepare<[number, CallEndReason, string]>(
    'UPDATE call_log SET ended_at = ?, end_reason = ? WHERE call_id = ? AND ended_at IS NULL',
  ),
  exists: db.prepare<[string], number>('SELECT 1 FROM call_log WHERE call_id = ?').pluck(),
  answeredAt: db
    .prepare<[string], number | null>('SELECT answered_at FROM call_log WHERE call_id = ?')
    .pluck(),
  markAbusive: db.prepare<[string]>('UPDATE call_log SET abusive = 1 WHERE call_id = ?'),
  countAbusive: db.prepare<[], number>('SELECT count(*) FROM call_log WHERE abusive = 1').pluck(),
  list: db.prepare<[number], CallRow>(
    `SELECT call_id, direction, remote_uri, remote_display_name, started_at, answered_at, ended_at, end_reason
     FROM call_log ORDER BY started_at DESC, rowid DESC LIMIT ?`,
  ),
}));

/**
 * Records the start of a call. Idempotent: opening a call id that is already logged changes
 * nothing (the SIP layer may report the same call twice). Returns true if a row was created.
 */
export function openCall(db: Database, call: OpenCallInput): boolean {
  const result = statements(db).open.run({
    callId: call.callId,
    direction: call.direction,
    remoteUri: call.remote.uri,
    remoteDisplayName: call.remote.displayName,
    startedAt: call.startedAt,
    accountId: call.accountId ?? null,
  });
  return result.changes > 0;
}

/**
 * Records when the call was answered. The first answer wins and an ended call is left alone.
 * Returns whether the call exists (false means an unknown call id).
 */
export function markAnswered(db: Database, callId: string, at: number): boolean {
  const s = statements(db);
  return s.answer.run(at, callId).changes > 0 || s.exists.get(callId) !== undefined;
}

/**
 * Records the end of the call. The first close wins: later closes (a BYE racing a local
 * hang-up) change nothing. Returns whether the call exists.
 */
export function closeCall(
  db: Database,
  callId: string,
  endedAt: number,
  endReason: CallEndReason,
): boolean {
  const s = statements(db);
  return s.close.run(endedAt, endReason, callId).changes > 0 || s.exists.get(callId) !== undefined;
}

/** Whether the call was answered (false for unknown calls). */
export function wasAnswered(db: Database, callId: string): boolean {
  return statements(db).answeredAt.get(callId) != null;
}

/** The `limit` most recent calls (1..{@link MAX_CALL_LIST}), newest first by start time. */
export function listCalls(db: Database, limit: number): CallLogEntry[] {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CALL_LIST) {
    throw new RangeError(
      `listCalls: limit must be an integer in 1..${MAX_CALL_LIST}, got ${limit}`,
    );
  }
  return statements(db).list.all(limit).map(fromRow);
}

function fromRow(row: CallRow): CallLogEntry {
  return {
    callId: row.call_id,
    direction: row.direction,
    remote: { uri: row.remote_uri, displayName: row.remote_display_name },
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
  };
}

/**
 * Marks a call as ended under the agent-protection flow (migration 0002). Returns whether the
 * call exists.
 */
export function markAbusive(db: Database, callId: string): boolean {
  return statements(db).markAbusive.run(callId).changes > 0;
}

/** How many logged calls were abusive (the agent's stats counter). */
export function countAbusiveCalls(db: Database): number {
  return statements(db).countAbusive.get() ?? 0;
}
