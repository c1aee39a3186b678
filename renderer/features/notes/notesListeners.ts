import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { callConfirmed } from '../calls/callsSlice';
import {
  draftSaved,
  noteBlocked,
  noteEdited,
  noteMasked,
  noteOpened,
  noteSaved,
  noteSaveFailed,
  noteSubmitClicked,
} from './notesSlice';

/** Typing pauses this long before the draft goes to SQLite (a keystroke never waits for disk). */
const DRAFT_DEBOUNCE_MS = 300;

export function addNotesListeners(startListening: AppStartListening): void {
  // An answered call opens its note; a draft main kept for it (after a crash) comes back.
  startListening({
    actionCreator: callConfirmed,
    effect: async ({ payload }, { dispatch, extra }) => {
      dispatch(noteOpened({ callId: payload.callId }));
      const draft = await settle(() => extra.sori.notes.getDraft({ callId: payload.callId }));
      if (draft.ok && draft.value) {
        dispatch(
          noteOpened({
            callId: payload.callId,
            body: draft.value.body,
            intentCode: draft.value.intentCode,
          }),
        );
      }
    },
  });

  // Autosave: the latest text after a pause in typing, and at once after masking.
  startListening({
    predicate: (action) => noteEdited.match(action) || noteMasked.match(action),
    effect: async (action, { dispatch, extra, getState, cancelActiveListeners, delay }) => {
      cancelActiveListeners();
      if (noteEdited.match(action)) await delay(DRAFT_DEBOUNCE_MS);
      const editor = getState().notes.editor;
      if (!editor) return;
      const { callId, customerId, intentCode, body } = editor;
      const result = await settle(() =>
        extra.sori.notes.saveDraft({ callId, customerId, intentCode, body }),
      );
      if (result.ok) dispatch(draftSaved({ callId, savedAt: result.value.savedAt }));
      else logToMain(extra.sori, 'error', 'notes', `draft not saved: ${result.error.code}`);
    },
  });

  startListening({
    actionCreator: noteSubmitClicked,
    effect: async ({ payload }, { dispatch, extra, getState }) => {
      const editor = getState().notes.editor;
      if (!editor) return;
      const { callId, customerId, intentCode, body } = editor;
      const result = await settle(() =>
        extra.sori.notes.submit({
          callId,
          customerId,
          intentCode,
          body,
          override: payload.overrideReason === null ? null : { reason: payload.overrideReason },
        }),
      );
      if (!result.ok) {
        dispatch(noteSaveFailed({ code: errorCodeOf(result.error) }));
        return;
      }
      if (result.value.status === 'blocked')
        dispatch(noteBlocked({ findings: result.value.findings }));
      else dispatch(noteSaved());
    },
  });
}
