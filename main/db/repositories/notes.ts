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
  noteOfCall: db
    .prepare<{ call_id: string }, string>(
      'SELECT id FROM notes WHERE call_id = @call_id ORDER BY created_at DESC LIMIT 1',
    )
    .pluck(),
  updateNote: db.prepare<{ id: string; intent_code: string | null; body: string; at: number }>(
    `UPDATE notes SET intent_code = @intent_code, body = @body, updated_at = @at,
       sync_state = CASE sync_state WHEN 'conflict' THEN 'conflict' ELSE 'pending' END
     WHERE id = @id`,
  ),
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
 * removal, in the caller's transaction. Returns the note's id (a UUID made here, so the note
 * exists before the CRM has ever seen it). A call's note saved again is an edit of that note.
 */
export function submitNote(db: Database, draft: NoteDraft, at: number): string {
  const s = statements(db);
  // Saved again on the same call: the agent edits the note, it does not write a second one.
  const existing = s.noteOfCall.get({ call_id: draft.callId });
  if (existing !== undefined) {
    s.updateNote.run({ id: existing, intent_code: draft.intentCode, body: draft.body, at });
    enqueueOutbox(
      db,
      'note.update',
      { id: existing, intentCode: draft.intentCode, body: draft.body },
      at,
      `note:${existing}`,
    );
    s.deleteDraft.run({ call_id: draft.callId });
    return existing;
  }
  const id = crypto.randomUUID();
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

/** A note both sides changed: ours as it is here, theirs as the CRM answered the edit. */
export interface NoteConflict {
  noteId: string;
  callId: string | null;
  mine: { body: string; intentCode: string | null };
  theirs: { body: string; intentCode: string | null; version: number };
  detectedAt: number;
}

const conflictStatements = perConnection((db: Database) => ({
  list: db.prepare<
    [],
    {
      note_id: string;
      call_id: string | null;
      body: string;
      intent_code: string | null;
      crm_body: string;
      crm_intent_code: string | null;
      crm_version: number;
      detected_at: number;
    }
  >(
    `SELECT c.note_id, n.call_id, n.body, n.intent_code, c.crm_body, c.crm_intent_code,
            c.crm_version, c.detected_at
     FROM note_conflicts c JOIN notes n ON n.id = c.note_id ORDER BY c.detected_at LIMIT 100`,
  ),
  dropQueued: db.prepare<{ entity: string }>('DELETE FROM outbox WHERE entity = @entity'),
  keepMine: db.prepare<{ id: string; version: number }>(
    "UPDATE notes SET crm_version = @version, sync_state = 'pending' WHERE id = @id",
  ),
  takeTheirs: db.prepare<{
    id: string;
    version: number;
    body: string;
    intentCode: string | null;
    at: number;
  }>(
    `UPDATE notes SET body = @body, intent_code = @intentCode, crm_version = @version,
       sync_state = 'synced', updated_at = @at WHERE id = @id`,
  ),
  forget: db.prepare<{ id: string }>('DELETE FROM note_conflicts WHERE note_id = @id'),
}));

export function listNoteConflicts(db: Database): NoteConflict[] {
  return conflictStatements(db)
    .list.all()
    .map((row) => ({
      noteId: row.note_id,
      callId: row.call_id,
      mine: { body: row.body, intentCode: row.intent_code },
      theirs: { body: row.crm_body, intentCode: row.crm_intent_code, version: row.crm_version },
      detectedAt: row.detected_at,
    }));
}

/**
 * The agent chose, in the caller's transaction. `mine`: our text goes to the CRM as an edit of
 * its current version (a new write with a new idempotency key; the parked one is dropped).
 * `theirs`: the CRM's text replaces ours here and nothing of ours is sent. False when there is
 * no such conflict.
 */
export function resolveNoteConflict(
  db: Database,
  noteId: string,
  keep: 'mine' | 'theirs',
  at: number,
): boolean {
  const conflict = listNoteConflicts(db).find((c) => c.noteId === noteId);
  if (!conflict) return false;
  const s = conflictStatements(db);
  const entity = `note:${noteId}`;
  s.dropQueued.run({ entity });
  if (keep === 'mine') {
    s.keepMine.run({ id: noteId, version: conflict.theirs.version });
    enqueueOutbox(
      db,
      'note.update',
      { id: noteId, intentCode: conflict.mine.intentCode, body: conflict.mine.body },
      at,
      entity,
    );
  } else {
    s.takeTheirs.run({
      id: noteId,
      version: conflict.theirs.version,
      body: conflict.theirs.body,
      intentCode: conflict.theirs.intentCode,
      at,
    });
  }
  s.forget.run({ id: noteId });
  return true;
}
