import type { UnknownAction } from '@reduxjs/toolkit';
import type { Language, RequestOf, SoriApi } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { base64ToArrayBuffer } from '../../shared/base64';
import { appInfoLoaded, appInfoUnavailable, languageApplied } from '../settings/settingsSlice';
import { failureOfLoadError } from './noticeMessage';
import {
  noticeByPbx,
  noticeFailed,
  noticeLoaded,
  noticeLoadFailed,
  noticeLoadStarted,
  noticePlayed,
  noticeProgressed,
  noticeStarted,
} from './recordingNoticeSlice';

/** Hands main the proof for one call (main writes the audit row). Failures are logged, never thrown. */
async function report(sori: SoriApi, request: RequestOf<'notice:report'>): Promise<void> {
  const result = await settle(() => sori.notice.report(request));
  if (!result.ok) {
    logToMain(
      sori,
      'error',
      'notice',
      `notice:report ${request.outcome} failed: ${result.error.code}`,
    );
  }
}

/** The UI language an action announces (main answered, or the agent changed it). */
function languageOf(action: UnknownAction): Language | null {
  if (appInfoLoaded.match(action) || appInfoUnavailable.match(action)) {
    return action.payload.language;
  }
  return languageApplied.match(action) ? action.payload.language : null;
}

export function addRecordingNoticeListeners(startListening: AppStartListening): void {
  // The SIP agent plays the notice on every answered call; its events become state and reports.
  startListening({
    actionCreator: appStarted,
    effect: (_action, { dispatch, extra }) => {
      const { sip, sori } = extra;
      sip.on('noticeStarted', ({ callId, language, durationMs }) =>
        dispatch(noticeStarted({ callId, language, durationMs })),
      );
      sip.on('noticeProgress', (e) => dispatch(noticeProgressed(e)));
      sip.on('noticePlayed', (e) => {
        dispatch(noticePlayed({ callId: e.callId, language: e.language }));
        void report(sori, { outcome: 'played', ...e });
      });
      sip.on('noticeByPbx', (e) => {
        dispatch(noticeByPbx({ callId: e.callId, language: e.language }));
        void report(sori, { outcome: 'pbx_played', ...e });
      });
      sip.on('noticeFailed', (e) => {
        dispatch(noticeFailed({ callId: e.callId, language: e.language, failure: e.failure }));
        void report(sori, { outcome: 'failed', ...e });
        logToMain(sori, 'warn', 'notice', `recording notice failed on a call: ${e.failure}`);
      });
    },
  });

  // Where IT's policy says the PBX plays the notice, the app trusts the header it names.
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { extra }) => {
      const result = await settle(() => extra.sori.policy.get({}));
      if (result.ok) extra.sip.setPbxNoticeProof(result.value.recordingNotice.pbxProofHeader);
      else logToMain(extra.sori, 'error', 'notice', `policy:get failed: ${result.error.code}`);
    },
  });

  // Fetch and decode the notice as soon as the language is known, and again when it changes.
  // TODO(issue 5): the notice's language is the customer's (from the CRM record), per call; the
  // UI language stands in until the CRM provides it.
  startListening({
    predicate: (action) => languageOf(action) !== null,
    effect: async (action, { dispatch, extra, getState }) => {
      const language = languageOf(action);
      if (!language) return;
      extra.sip.setNoticeLanguage(language);
      const known = getState().recordingNotice.library[language];
      if (known && known.status !== 'failed') return; // loading or ready already
      dispatch(noticeLoadStarted({ language }));
      const result = await settle(() => extra.sori.notice.load({ language }));
      if (!result.ok || result.value.language !== language) {
        const failure = result.ok ? 'unavailable' : failureOfLoadError(result.error.code);
        extra.sip.refuseNotice(language, failure);
        dispatch(noticeLoadFailed({ language, failure }));
        logToMain(
          extra.sori,
          'error',
          'notice',
          `recording notice (${language}) unavailable: ${result.ok ? 'wrong language' : result.error.code}`,
        );
        return;
      }
      const { sha256, audio } = result.value;
      try {
        await extra.sip.provideNotice(language, { sha256, wav: base64ToArrayBuffer(audio) });
        dispatch(noticeLoaded({ language, sha256 }));
      } catch (error) {
        dispatch(noticeLoadFailed({ language, failure: 'decode_failed' }));
        logToMain(
          extra.sori,
          'error',
          'notice',
          `recording notice (${language}) could not be decoded: ${error instanceof Error ? error.name : 'unknown'}`,
        );
      }
    },
  });
}
