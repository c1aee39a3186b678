import type { Database } from 'better-sqlite3';
import { findPersonalData } from '../../preload/contract/personalData';
import { appendAudit } from '../db/repositories/audit';
import {
  getDraft,
  listDrafts,
  listNoteConflicts,
  resolveNoteConflict,
  saveDraft,
  submitNote,
} from '../db/repositories/notes';
import { HandlerError, type Handlers } from '../ipc/handle';

type NoteChannel =
  | 'notes:saveDraft'
  | 'notes:getDraft'
  | 'notes:listDrafts'
  | 'notes:submit'
  | 'notes:conflicts'
  | 'notes:resolveConflict';

/**
 * Intent notes: drafts autosaved per call, and the guarded save. The personal-data rule runs
 * here, in main, whatever the renderer showed: a note holding a resident registration, card,
 * account or phone number or an e-mail address is refused unless the agent gives a reason, and
 * that override is audited in the same transaction as the note.
 */
export function createNoteHandlers(
  db: Database,
  /** Called after a note was queued for the CRM (the sync sends it soon). */
  onQueued: () => void = () => undefined,
  now: () => number = Date.now,
): Pick<Handlers, NoteChannel> {
  return {
    'notes:saveDraft': (draft) => {
      const savedAt = now();
      saveDraft(db, { ...draft, updatedAt: savedAt });
      return { savedAt };
    },
    'notes:getDraft': ({ callId }) => getDraft(db, callId),
    'notes:listDrafts': ({ limit }) => listDrafts(db, limit),
    'notes:submit': ({ override, ...draft }) => {
      const findings = findPersonalData(draft.body);
      if (findings.length > 0 && override === null) {
        // Keep what was typed: the agent fixes it in the draft, nothing is lost.
        saveDraft(db, { ...draft, updatedAt: now() });
        return { status: 'blocked' as const, findings };
      }
      if (override && findPersonalData(override.reason).length > 0) {
        throw new HandlerError('INVALID_REQUEST', 'the override reason itself holds personal data');
      }
      const at = now();
      const noteId = db.transaction(() => {
        const id = submitNote(db, { ...draft, updatedAt: at }, at);
        appendAudit(db, {
          at,
          actor: 'agent',
          action: 'note.saved',
          subject: draft.callId,
          detail: { noteId: id, intentCode: draft.intentCode, chars: draft.body.length },
        });
        if (findings.length > 0 && override) {
          appendAudit(db, {
            at,
            actor: 'agent',
            action: 'note.personal_data_override',
            subject: draft.callId,
            detail: {
              noteId: id,
              kinds: [...new Set(findings.map((f) => f.kind))].sort(),
              reason: override.reason,
            },
          });
        }
        return id;
      })();
      onQueued();
      return { status: 'saved' as const, noteId };
    },
    'notes:conflicts': () => listNoteConflicts(db),
    'notes:resolveConflict': ({ noteId, keep }) => {
      const at = now();
      const resolved = db.transaction(() => {
        if (!resolveNoteConflict(db, noteId, keep, at)) return false;
        appendAudit(db, {
          at,
          actor: 'agent',
          action: 'note.conflict_resolved',
          subject: noteId,
          detail: { keep },
        });
        return true;
      })();
      if (!resolved) throw new HandlerError('NOT_FOUND', 'no such conflict');
      if (keep === 'mine') onQueued();
      return listNoteConflicts(db);
    },
  };
}
