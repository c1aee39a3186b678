import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { appendAudit } from '../db/repositories/audit';
import { perConnection } from '../db/connection';
import type { SecretStore } from '../secrets/secretStore';
import type { CrmClient } from './crmClient';
import { CrmError } from './crmClient';
import {
  alertResponseSchema,
  callbackAttemptWriteSchema,
  callbackWriteSchema,
  dispositionWriteSchema,
  newCustomerWriteSchema,
  okResponseSchema,
  noticeAckResponseSchema,
  noticeAckSchema,
  noteConflictSchema,
  noteResponseSchema,
  noteUpdateSchema,
  noteWriteSchema,
  presenceWriteSchema,
  teamLeadAlertSchema,
} from './crmContract';

/** First retry after about a second, doubling, never more than five minutes apart. */
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 5 * 60_000;
const MIN_RETRY_MS = 250;
/** A write parked for the agent (a conflict): not retried until it is resolved. */
const PARKED = Number.MAX_SAFE_INTEGER;
const BATCH = 50;

interface OutboxRow {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
  idempotency_key: string;
  entity: string | null;
  /** A signed-out agent's token (secret store reference) for their own write; null: the current. */
  token_ref: string | null;
}

export interface DrainResult {
  sent: number;
  retryLater: number;
  rejected: number;
  conflicts: number;
  /** The CRM could not be reached: draining stopped at the first such write. */
  offline: boolean;
}

const statements = perConnection((db: Database) => ({
  // Due writes, oldest first; of the writes to one entity only the oldest (strict order).
  due: db.prepare<{ now: number; limit: number }, OutboxRow>(
    `SELECT id, kind, payload, attempts, idempotency_key, entity, token_ref FROM outbox AS o
     WHERE next_attempt_at <= @now
       AND (entity IS NULL OR id = (SELECT min(id) FROM outbox WHERE entity = o.entity))
     ORDER BY id LIMIT @limit`,
  ),
  remove: db.prepare<{ id: number }>('DELETE FROM outbox WHERE id = @id'),
  tokenStillNeeded: db
    .prepare<[string], number>('SELECT count(*) FROM outbox WHERE token_ref = ?')
    .pluck(),
  retry: db.prepare<{ id: number; next: number; error: string }>(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id',
  ),
  noteVersion: db
    .prepare<{ id: string }, number | null>('SELECT crm_version FROM notes WHERE id = @id')
    .pluck(),
  keepConflict: db.prepare<{
    id: string;
    version: number;
    body: string;
    intentCode: string | null;
    at: number;
  }>(
    `INSERT OR REPLACE INTO note_conflicts (note_id, crm_version, crm_body, crm_intent_code, detected_at)
     VALUES (@id, @version, @body, @intentCode, @at)`,
  ),
  noteState: db.prepare<{ id: string; state: string; version: number | null }>(
    'UPDATE notes SET sync_state = @state, crm_version = coalesce(@version, crm_version) WHERE id = @id',
  ),
}));

/** How each kind of queued write is sent, and what its success means locally. */
const SENDERS: Record<
  string,
  {
    method?: 'POST' | 'PUT';
    path: (payload: never) => string;
    payload: z.ZodType;
    response: z.ZodType;
    noteId?: (payload: unknown) => string;
    version?: (response: unknown) => number;
    /** The CRM version an edit is based on, read when it is sent (after the create's answer). */
    ifMatch?: (payload: unknown, db: Database) => string | undefined;
    /** A 409 carries the CRM's version: kept for the agent to compare and choose. */
    conflict?: (payload: unknown, body: unknown, db: Database, at: number) => void;
  }
> = {
  'note.create': {
    path: () => '/v1/notes',
    payload: noteWriteSchema,
    response: noteResponseSchema,
    noteId: (payload) => (payload as { id: string }).id,
    version: (response) => (response as z.infer<typeof noteResponseSchema>).note.version,
  },
  'note.update': {
    method: 'PUT',
    path: (payload: { id: string }) => `/v1/notes/${encodeURIComponent(payload.id)}`,
    payload: noteUpdateSchema,
    response: noteResponseSchema,
    noteId: (payload) => (payload as { id: string }).id,
    version: (response) => (response as z.infer<typeof noteResponseSchema>).note.version,
    ifMatch: (payload, db) => {
      const version = statements(db).noteVersion.get({ id: (payload as { id: string }).id });
      return version === null || version === undefined ? undefined : `"${version}"`;
    },
    conflict: (payload, body, db, at) => {
      const theirs = noteConflictSchema.safeParse(body);
      if (!theirs.success) return;
      statements(db).keepConflict.run({
        id: (payload as { id: string }).id,
        version: theirs.data.note.version,
        body: theirs.data.note.body,
        intentCode: theirs.data.note.intentCode ?? null,
        at,
      });
    },
  },
  team_lead_alert: {
    path: () => '/v1/alerts',
    payload: teamLeadAlertSchema,
    response: alertResponseSchema,
  },
  'notice.ack': {
    path: (payload: { noticeId: string }) =>
      `/v1/notices/${encodeURIComponent(payload.noticeId)}/ack`,
    payload: noticeAckSchema,
    response: noticeAckResponseSchema,
  },
  'disposition.create': {
    path: () => '/v1/dispositions',
    payload: dispositionWriteSchema,
    response: okResponseSchema,
  },
  'callback.create': {
    path: () => '/v1/callbacks',
    payload: callbackWriteSchema,
    response: okResponseSchema,
  },
  'customer.create': {
    path: () => '/v1/customers',
    payload: newCustomerWriteSchema,
    response: okResponseSchema,
  },
  agent_presence: {
    path: () => '/v1/presence',
    payload: presenceWriteSchema,
    response: okResponseSchema,
  },
  'callback.attempt': {
    path: (payload: { callbackId: string }) =>
      `/v1/callbacks/${encodeURIComponent(payload.callbackId)}/attempts`,
    payload: callbackAttemptWriteSchema,
    response: okResponseSchema,
  },
};

/**
 * Sends the outbox to the CRM. Every write carries the idempotency key it was given when queued,
 * so a write whose answer was lost (the CRM committed, the connection dropped) is sent again with
 * the same key and applied once. Writes to one entity go strictly in order; a write that cannot be
 * sent now waits with exponential backoff and full jitter, so a fleet of desktops coming back
 * online does not hit the CRM in step.
 */
export function createOutboxSender(options: {
  db: Database;
  client: CrmClient;
  /** Where signed-out agents' tokens wait for their last writes (see migration 14). */
  secrets?: SecretStore;
  now?: () => number;
  random?: () => number;
}) {
  const { db, client } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const s = statements(db);

  // Full jitter, but never straight away: a write that just failed is not due again this drain.
  const backoff = (attempts: number) =>
    MIN_RETRY_MS + Math.round(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempts));

  /** A signed-out agent's token goes once no queued write of theirs needs it. */
  const releaseAuthorToken = (ref: string | null) => {
    if (ref !== null && s.tokenStillNeeded.get(ref) === 0) options.secrets?.delete(ref);
  };

  async function sendOne(
    row: OutboxRow,
  ): Promise<'sent' | 'retry' | 'rejected' | 'conflict' | 'offline'> {
    const sender = SENDERS[row.kind];
    // A write of an agent who has signed out since: under their token, never the current one.
    const author = row.token_ref === null ? undefined : options.secrets?.get(row.token_ref);
    if (author === null || (row.token_ref !== null && !options.secrets)) {
      // Their token is gone from the secret store: kept for IT, never sent under another name.
      db.transaction(() => {
        s.retry.run({
          id: row.id,
          next: PARKED,
          error: "the author's CRM credentials are missing",
        });
        appendAudit(db, {
          at: now(),
          actor: 'sync',
          action: 'sync.held',
          subject: row.entity,
          detail: { kind: row.kind, reason: 'author credentials missing' },
        });
      })();
      return 'rejected';
    }
    const payload = sender?.payload.safeParse(JSON.parse(row.payload));
    if (!sender || !payload?.success) {
      // A write this version cannot send (unknown kind, bad payload): never block the rest.
      db.transaction(() => {
        s.remove.run({ id: row.id });
        appendAudit(db, {
          at: now(),
          actor: 'sync',
          action: 'sync.dropped',
          subject: row.entity,
          detail: { kind: row.kind, reason: sender ? 'invalid payload' : 'unknown kind' },
        });
      })();
      return 'rejected';
    }
    try {
      const ifMatch = sender.ifMatch?.(payload.data, db);
      const response: unknown = await client.request({
        method: sender.method ?? 'POST',
        path: sender.path(payload.data as never),
        body: payload.data,
        idempotencyKey: row.idempotency_key,
        ...(ifMatch ? { ifMatch } : {}),
        ...(author ? { token: author } : {}),
        response: sender.response,
      });
      db.transaction(() => {
        s.remove.run({ id: row.id });
        if (sender.noteId) {
          s.noteState.run({
            id: sender.noteId(payload.data),
            state: 'synced',
            version: sender.version?.(response) ?? null,
          });
        }
      })();
      releaseAuthorToken(row.token_ref);
      return 'sent';
    } catch (error) {
      if (!(error instanceof CrmError)) throw error;
      if (author && error.kind === 'unauthorized') {
        // The signed-out agent's token was refused: their writes wait (backoff), and the
        // signed-in agent's go on; not worded as a token problem of the signed-in agent.
        s.retry.run({
          id: row.id,
          next: now() + backoff(row.attempts),
          error: "a signed-out agent's credentials were refused",
        });
        return 'retry';
      }
      if (error.retryable) {
        s.retry.run({ id: row.id, next: now() + backoff(row.attempts), error: error.message });
        // Unreachable or not allowed in: every other write would fail the same way now.
        return error.kind === 'unreachable' ||
          error.kind === 'timeout' ||
          error.kind === 'unauthorized'
          ? 'offline'
          : 'retry';
      }
      const state = error.kind === 'conflict' ? 'conflict' : 'rejected';
      db.transaction(() => {
        if (state === 'conflict') {
          s.retry.run({ id: row.id, next: PARKED, error: error.message });
          sender.conflict?.(payload.data, error.body, db, now());
        } else s.remove.run({ id: row.id });
        if (sender.noteId)
          s.noteState.run({ id: sender.noteId(payload.data), state, version: null });
        appendAudit(db, {
          at: now(),
          actor: 'sync',
          action: `sync.${state}`,
          subject: row.entity,
          detail: { kind: row.kind, status: error.status },
        });
      })();
      if (state === 'rejected') releaseAuthorToken(row.token_ref);
      return state;
    }
  }

  return {
    /** Sends everything due now; stops early when the CRM is unreachable. */
    async drain(): Promise<DrainResult> {
      const result: DrainResult = {
        sent: 0,
        retryLater: 0,
        rejected: 0,
        conflicts: 0,
        offline: false,
      };
      for (;;) {
        const rows = s.due.all({ now: now(), limit: BATCH });
        if (rows.length === 0) return result;
        for (const row of rows) {
          const outcome = await sendOne(row);
          if (outcome === 'sent') result.sent++;
          else if (outcome === 'rejected') result.rejected++;
          else if (outcome === 'conflict') result.conflicts++;
          else {
            result.retryLater++;
            if (outcome === 'offline') {
              result.offline = true;
              return result;
            }
          }
        }
      }
    },
  };
}
