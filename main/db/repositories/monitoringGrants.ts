import type { Database } from 'better-sqlite3';
import { perConnection } from '../connection';

/** A monitoring grant this app honoured (see migration 0012). Times are epoch milliseconds. */
export interface UsedGrant {
  jti: string;
  leadId: string;
  agent: string;
  mode: 'listen' | 'whisper' | 'barge';
  expiresAt: number;
  usedAt: number;
}

const statements = perConnection((db) => ({
  used: db.prepare<[string], number>('SELECT 1 FROM monitoring_grants WHERE jti = ?').pluck(),
  insert: db.prepare<[string, string, string, string, number, number]>(
    `INSERT INTO monitoring_grants (jti, lead_id, agent, mode, expires_at, used_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ),
  prune: db.prepare<[number]>('DELETE FROM monitoring_grants WHERE expires_at < ?'),
}));

/** Whether the grant with this id was already honoured here. */
export function isGrantUsed(db: Database, jti: string): boolean {
  return statements(db).used.get(jti) !== undefined;
}

/**
 * Records a grant as used. Call it in the same transaction as the check and the audit row, so
 * two requests with one grant cannot both pass. Throws (PRIMARY KEY) if it was already used.
 */
export function recordGrantUse(db: Database, grant: UsedGrant): void {
  statements(db).insert.run(
    grant.jti,
    grant.leadId,
    grant.agent,
    grant.mode,
    grant.expiresAt,
    grant.usedAt,
  );
}

/** Deletes grants that expired before `before`; returns how many. */
export function pruneUsedGrants(db: Database, before: number): number {
  return statements(db).prune.run(before).changes;
}
