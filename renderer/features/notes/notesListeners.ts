import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { callConfirmed } from '../calls/callsSlice';
import { syncStatusReceived } from '../sync/syncSlice';
import {
  draftSaved,
  intentsLoaded,
  noteBlocked,
  noteEdited,
  noteIntentChosen,
  noteMasked,
  noteOpened,
  noteSaved,
  noteSaveFailed,
  noteSubmitClicked,
} from './notesSlice';

export function addNotesListeners(startListening: AppStartListening): void {
  // The intent taxonomy: at start, and when a CRM pull refreshed the cache.
  startListening({
    predicate: (action, current, previous) =>
      appStarted.match(action) ||
      (syncStatusReceived.match(action) &&
        current.sync.status?.cacheUpdatedAt !== previous.sync.status?.cacheUpdatedAt),
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.crm.intents({}));
      if (result.ok) dispatch(intentsLoaded(result.value));
    },
  });

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

  // Autosave: every change goes to SQLite at once, one write at a time; changes made while a
  // write is on its way are coalesced into the next. So a crash or kill -9 loses at most the
  // keystrokes of the last few milliseconds, never a pause's worth of typing.
  let writing = false;
  startListening({
    predicate: (action) =>
      noteEdited.match(action) || noteMasked.match(action) || noteIntentChosen.match(action),
    effect: async (_action, { dispatch, extra, getState }) => {
      if (writing) return; // the running loop below picks up the latest text
      writing = true;
      try {
        let saved: string | null = null;
        for (;;) {
          const editor = getState().notes.editor;
          const key = editor && `${editor.callId}\n${editor.intentCode ?? ''}\n${editor.body}`;
          if (!editor || key === saved) break;
          const { callId, customerId, intentCode, body } = editor;
          saved = key;
          const result = await settle(() =>
            extra.sori.notes.saveDraft({ callId, customerId, intentCode, body }),
          );
          if (result.ok) dispatch(draftSaved({ callId, savedAt: result.value.savedAt }));
          else {
            logToMain(extra.sori, 'error', 'notes', `draft not saved: ${result.error.code}`);
            break;
          }
        }
      } finally {
        writing = false;
      }
    },
  });

  // A note left unsaved when the app last stopped (or crashed) comes back at start-up.
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra, getState }) => {
      const drafts = await settle(() => extra.sori.notes.listDrafts({ limit: 1 }));
      const [latest] = drafts.ok ? drafts.value : [];
      if (latest && getState().notes.editor === null) {
        dispatch(
          noteOpened({ callId: latest.callId, body: latest.body, intentCode: latest.intentCode }),
        );
      }
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
