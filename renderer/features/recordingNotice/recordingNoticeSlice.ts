import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Language, NoticeFailure } from '../../../preload/contract';
import { callConfirmed, callEnded, callStarted } from '../calls/callsSlice';

/**
 * pending: the call is answered, the notice waits for the voice connection (microphone closed).
 * playing: the customer hears the notice (microphone closed). done: it played to its end and the
 * microphone is open. failed: it could not play, the microphone stays closed (or the call ended).
 */
export type NoticePhase = 'pending' | 'playing' | 'done' | 'failed';

export interface CallNotice {
  callId: string;
  phase: NoticePhase;
  /** 0..100 */
  progress: number;
  language: Language | null;
  durationMs: number | null;
  failure: NoticeFailure | null;
  /** The PBX played the notice (its proof header was on the call), not the app. */
  byPbx: boolean;
  /** The call is over; the entry stays for the ended-call card until the next call. */
  callOver: boolean;
}

/** Where each language's notice is: fetched from main and decoded, or refused. */
export type NoticeLoadStatus =
  | { status: 'loading' }
  | { status: 'ready'; sha256: string }
  | { status: 'failed'; failure: NoticeFailure };

export interface RecordingNoticeState {
  byCallId: Record<string, CallNotice>;
  library: Partial<Record<Language, NoticeLoadStatus>>;
}

const initialState: RecordingNoticeState = { byCallId: {}, library: {} };

const blank = (callId: string): CallNotice => ({
  callId,
  phase: 'pending',
  progress: 0,
  language: null,
  durationMs: null,
  failure: null,
  byPbx: false,
  callOver: false,
});

export const recordingNoticeSlice = createSlice({
  name: 'recordingNotice',
  initialState,
  reducers: {
    noticeLoadStarted(state, action: PayloadAction<{ language: Language }>) {
      state.library[action.payload.language] = { status: 'loading' };
    },
    noticeLoaded(state, action: PayloadAction<{ language: Language; sha256: string }>) {
      state.library[action.payload.language] = { status: 'ready', sha256: action.payload.sha256 };
    },
    noticeLoadFailed(state, action: PayloadAction<{ language: Language; failure: NoticeFailure }>) {
      state.library[action.payload.language] = {
        status: 'failed',
        failure: action.payload.failure,
      };
    },
    noticeStarted(
      state,
      action: PayloadAction<{ callId: string; language: Language; durationMs: number }>,
    ) {
      const { callId, language, durationMs } = action.payload;
      const entry = (state.byCallId[callId] ??= blank(callId));
      if (entry.callOver || entry.phase === 'done' || entry.phase === 'failed') return;
      Object.assign(entry, { phase: 'playing', language, durationMs, progress: 0 });
    },
    noticeProgressed(state, action: PayloadAction<{ callId: string; percent: number }>) {
      const entry = state.byCallId[action.payload.callId];
      if (!entry || entry.phase !== 'playing') return;
      // Never backwards, never 100 before the end is confirmed.
      const percent = Math.max(0, Math.min(99, Math.floor(action.payload.percent)));
      entry.progress = Math.max(entry.progress, percent);
    },
    noticePlayed(state, action: PayloadAction<{ callId: string; language: Language }>) {
      const { callId, language } = action.payload;
      const entry = (state.byCallId[callId] ??= blank(callId));
      if (entry.phase === 'failed') return;
      Object.assign(entry, { phase: 'done', progress: 100, language, failure: null });
    },
    noticeByPbx(state, action: PayloadAction<{ callId: string; language: Language }>) {
      const { callId, language } = action.payload;
      const entry = (state.byCallId[callId] ??= blank(callId));
      if (entry.phase !== 'pending') return;
      Object.assign(entry, { phase: 'done', progress: 100, language, byPbx: true });
    },
    noticeFailed(
      state,
      action: PayloadAction<{ callId: string; language: Language; failure: NoticeFailure }>,
    ) {
      const { callId, language, failure } = action.payload;
      const entry = (state.byCallId[callId] ??= blank(callId));
      if (entry.phase === 'done') return;
      Object.assign(entry, { phase: 'failed', language, failure });
    },
  },
  extraReducers: (builder) => {
    builder.addCase(callStarted, (state, action) => {
      // A new call: forget the notices of calls that are over.
      for (const [id, entry] of Object.entries(state.byCallId)) {
        if (entry.callOver && id !== action.payload.callId) delete state.byCallId[id];
      }
    });
    builder.addCase(callConfirmed, (state, action) => {
      state.byCallId[action.payload.callId] ??= blank(action.payload.callId);
    });
    builder.addCase(callEnded, (state, action) => {
      const entry = state.byCallId[action.payload.callId];
      if (entry) entry.callOver = true;
    });
  },
});

export const {
  noticeLoadStarted,
  noticeLoaded,
  noticeLoadFailed,
  noticeStarted,
  noticeProgressed,
  noticePlayed,
  noticeByPbx,
  noticeFailed,
} = recordingNoticeSlice.actions;
