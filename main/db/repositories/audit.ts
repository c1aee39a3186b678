import type { Database } from 'better-sqlite3';
import {
  canonicalJson,
  chainHash,
  firstBrokenLink,
  GENESIS_HASH,
  type JsonValue,
  type StoredAuditRow,
} from '../../audit/hashChain';
import { perConnection } from '../connection';

export { canonicalJson, GENESIS_HASH, type JsonValue };

/** What happened, as the caller records it. */
export interface AuditInput {
  /** Epoch milliseconds. */
  at: number;
  /** Who did it: 'agent', 'system', 'sync', … */
  actor: string;
  /** What was done, dotted: 'account.saved', 'note.deleted', … */
  action: string;
  /** What it was done to (a customer id, a call id), if anything. */
  subject?: string | null;
  /** Structured facts. Never secrets or phone numbers in clear. */
  detail: JsonValue;
}

/** An audit row as stored. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: JsonValue;
  prevHash: string;
  hash: string;
}

type AuditRow = StoredAuditRow;

const statements = perConnection((db) => ({
  lastHash: db.prepare<[], string>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck(),
  insert: db.prepare<[number, string, string, string | null, string, string, string]>(
    `INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ),
  all: db.prepare<[], AuditRow>(
    'SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY id',
  ),
}));

/**
 * Appends one row to the audit trail, chained to the previous row:
 * `hash = sha256(prev_hash + canonicalJson({ action, actor, at, detail, subject }))`.
 *
 * The caller decides the transaction: record a privileged change inside the same
 * `db.transaction(...)` as the change itself (preferably `.immediate()`), so both commit or
 * neither does. Called outside a transaction, it opens its own IMMEDIATE one so that reading the
 * last hash and inserting cannot interleave with another writer. Rows can never be changed or
 * removed: triggers refuse UPDATE and DELETE.
 */
export function appendAudit(db: Database, input: AuditInput): AuditEntry {
  const append = db.transaction((): AuditEntry => {
    const s = statements(db);
    const prevHash = s.lastHash.get() ?? GENESIS_HASH;
    const subject = input.subject ?? null;
    const detail = canonicalJson(input.detail);
    const hash = chainHash(prevHash, {
      at: input.at,
      actor: input.actor,
      action: input.action,
      subject,
      detail: input.detail,
    });
    const { lastInsertRowid } = s.insert.run(
      input.at,
      input.actor,
      input.action,
      subject,
      detail,
      prevHash,
      hash,
    );
    return {
      id: Number(lastInsertRowid),
      at: input.at,
      actor: input.actor,
      action: input.action,
      subject,
      detail: JSON.parse(detail) as JsonValue,
      prevHash,
      hash,
    };
  });
  // Inside the caller's transaction better-sqlite3 turns this into a savepoint.
  return db.inTransaction ? append() : append.immediate();
}

/**
 * Recomputes the hash chain from the first row. Reports the id of the first row whose
 * `prev_hash` does not match its predecessor, whose hash does not match its content, or whose
 * detail is not in canonical form. A removed middle row shows up at its successor; removing the
 * newest rows cannot be seen from inside the chain (anchor the last hash elsewhere for that).
 */
export function verifyAuditChain(db: Database): { ok: true } | { ok: false; brokenAt: number } {
  const brokenAt = firstBrokenLink(statements(db).all.iterate(), GENESIS_HASH);
  return brokenAt === null ? { ok: true } : { ok: false, brokenAt };
}

/** Actions already audited for `subject` (e.g. a call id) whose name starts with `prefix`. */
export function auditActionsFor(db: Database, subject: string, prefix: string): string[] {
  return db
    .prepare<{ subject: string; prefix: string }, string>(
      'SELECT action FROM audit_log WHERE subject = @subject AND substr(action, 1, length(@prefix)) = @prefix ORDER BY id',
    )
    .pluck()
    .all({ subject, prefix });
}
