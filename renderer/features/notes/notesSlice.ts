import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode, Intent } from '../../../preload/contract';
import type { PersonalDataFinding } from '../../../preload/contract/personalData';
import { maskPersonalData } from '../../../preload/contract/personalData';

/** The note of one call, as the agent writes it (autosaved as a draft in main). */
export interface NoteEditor {
  callId: string;
  customerId: string | null;
  intentCode: string | null;
  body: string;
  phase: 'editing' | 'saving' | 'blocked' | 'saved';
  /** What main found when it refused the note (shown with the override form). */
  blockedFindings: PersonalDataFinding[];
  /** When the draft last reached SQLite (epoch ms). */
  draftSavedAt: number | null;
  error: ErrorCode | null;
}

export interface NotesSliceState {
  editor: NoteEditor | null;
  /** The CRM's intent taxonomy (from the cache). */
  intents: Intent[];
}

const initialState: NotesSliceState = { editor: null, intents: [] };

export const notesSlice = createSlice({
  name: 'notes',
  initialState,
  reducers: {
    /** A call was answered: its note opens (with the draft main kept, if any). */
    noteOpened(
      state,
      action: PayloadAction<{ callId: string; body?: string; intentCode?: string | null }>,
    ) {
      const { callId, body = '', intentCode = null } = action.payload;
      if (state.editor?.callId === callId && body === '') return;
      state.editor = {
        callId,
        customerId: null,
        intentCode,
        body,
        phase: 'editing',
        blockedFindings: [],
        draftSavedAt: null,
        error: null,
      };
    },
    noteEdited(state, action: PayloadAction<{ body: string }>) {
      if (!state.editor || state.editor.phase === 'saving') return;
      state.editor.body = action.payload.body;
      if (state.editor.phase === 'saved') state.editor.phase = 'editing';
    },
    noteIntentChosen(state, action: PayloadAction<{ intentCode: string | null }>) {
      if (!state.editor || state.editor.phase === 'saving') return;
      state.editor.intentCode = action.payload.intentCode;
      if (state.editor.phase === 'saved') state.editor.phase = 'editing';
    },
    intentsLoaded(state, action: PayloadAction<Intent[]>) {
      state.intents = action.payload;
    },
    noteMasked(state) {
      if (!state.editor || state.editor.phase === 'saving') return;
      state.editor.body = maskPersonalData(state.editor.body);
      state.editor.phase = 'editing';
      state.editor.blockedFindings = [];
    },
    draftSaved(state, action: PayloadAction<{ callId: string; savedAt: number }>) {
      if (state.editor?.callId === action.payload.callId) {
        state.editor.draftSavedAt = action.payload.savedAt;
      }
    },
    noteSubmitClicked(state, _action: PayloadAction<{ overrideReason: string | null }>) {
      if (!state.editor) return;
      state.editor.phase = 'saving';
      state.editor.error = null;
    },
    noteBlocked(state, action: PayloadAction<{ findings: PersonalDataFinding[] }>) {
      if (!state.editor) return;
      state.editor.phase = 'blocked';
      state.editor.blockedFindings = action.payload.findings;
    },
    noteSaved(state) {
      if (!state.editor) return;
      state.editor.phase = 'saved';
      state.editor.blockedFindings = [];
    },
    noteSaveFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      if (!state.editor) return;
      state.editor.phase = state.editor.blockedFindings.length > 0 ? 'blocked' : 'editing';
      state.editor.error = action.payload.code;
    },
  },
});

export const {
  noteOpened,
  noteEdited,
  noteIntentChosen,
  intentsLoaded,
  noteMasked,
  draftSaved,
  noteSubmitClicked,
  noteBlocked,
  noteSaved,
  noteSaveFailed,
} = notesSlice.actions;
