import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { perConnection } from '../connection';
import { enqueueOutbox } from './outbox';

/** The note being typed on a call (autosaved). */
export interface NoteDraft {
  callId: string;
  customerId: string | null;
  intentCode: string | null;
  body: string;
  updatedAt: number;
}

interface DraftRow {
  call_id: string;
  customer_id: string | null;
  intent_code: string | null;
  body: string;
  updated_at: number;
}

const statements = perConnection((db: Database) => ({
  upsertDraft: db.prepare<DraftRow>(
    `INSERT INTO note_drafts (call_id, customer_id, intent_code, body, updated_at)
     VALUES (@call_id, @customer_id, @intent_code, @body, @updated_at)
     ON CONFLICT (call_id) DO UPDATE SET customer_id = excluded.customer_id,
       intent_code = excluded.intent_code, body = excluded.body, updated_at = excluded.updated_at`,
  ),
  getDraft: db.prepare<{ call_id: string }, DraftRow>(
    'SELECT call_id, customer_id, intent_code, body, updated_at FROM note_drafts WHERE call_id = @call_id',
  ),
  customerCached: db
    .prepare<{ id: string }, number>('SELECT 1 FROM customers WHERE id = @id')
    .pluck(),
  listDrafts: db.prepare<{ limit: number }, DraftRow>(
    'SELECT call_id, customer_id, intent_code, body, updated_at FROM note_drafts ORDER BY updated_at DESC LIMIT @limit',
  ),
  deleteDraft: db.prepare<{ call_id: string }>('DELETE FROM note_drafts WHERE call_id = @call_id'),
  insertNote: db.prepare<{
    id: string;
    customer_id: string | null;
    call_id: string;
    intent_code: string | null;
    body: string;
    at: number;
  }>(
    `INSERT INTO notes (id, customer_id, call_id, intent_code, body, created_at, updated_at, sync_state)
     VALUES (@id, @customer_id, @call_id, @intent_code, @body, @at, @at, 'pending')`,
  ),
}));

/** Saves what the agent has typed so far; one draft per call, the latest wins. */
export function saveDraft(db: Database, draft: NoteDraft): void {
  statements(db).upsertDraft.run({
    call_id: draft.callId,
    customer_id: draft.customerId,
    intent_code: draft.intentCode,
    body: draft.body,
    updated_at: draft.updatedAt,
  });
}

const fromRow = (row: DraftRow): NoteDraft => ({
  callId: row.call_id,
  customerId: row.customer_id,
  intentCode: row.intent_code,
  body: row.body,
  updatedAt: row.updated_at,
});

export function getDraft(db: Database, callId: string): NoteDraft | null {
  const row = statements(db).getDraft.get({ call_id: callId });
  return row ? fromRow(row) : null;
}

/** Notes never submitted (the app was closed or crashed first), newest first. */
export function listDrafts(db: Database, limit: number): NoteDraft[] {
  return statements(db).listDrafts.all({ limit }).map(fromRow);
}

/**
 * Turns a draft into a note: the note (pending sync), its CRM write in the outbox and the draft's
 * removal, in the caller's transaction. Returns the new note's id (a UUID made here, so the note
 * exists before the CRM has ever seen it).
 */
export function submitNote(db: Database, draft: NoteDraft, at: number): string {
  const id = crypto.randomUUID();
  const s = statements(db);
  // The outbox write names the customer whatever the cache holds; the local row can reference
  // only a cached customer (foreign key), e.g. not one purged by retention since the call.
  const cached =
    draft.customerId !== null && s.customerCached.get({ id: draft.customerId }) !== undefined;
  s.insertNote.run({
    id,
    customer_id: cached ? draft.customerId : null,
    call_id: draft.callId,
    intent_code: draft.intentCode,
    body: draft.body,
    at,
  });
  enqueueOutbox(
    db,
    'note.create',
    {
      id,
      customerId: draft.customerId,
      callId: draft.callId,
      intentCode: draft.intentCode,
      body: draft.body,
      createdAt: at,
    },
    at,
    `note:${id}`,
  );
  s.deleteDraft.run({ call_id: draft.callId });
  return id;
}
