import type { UnknownAction } from '@reduxjs/toolkit';
import {
  languageSchema,
  type Language,
  type RequestOf,
  type SoriApi,
} from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import { policyLoaded } from '../policy/policySlice';
import type { RootState } from '../../app/rootReducer';
import type { AppDispatch, AppExtra, AppStartListening } from '../../app/listenerTypes';
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
/** Every language a notice is shipped in. */
const NOTICE_LANGUAGES: readonly Language[] = languageSchema.options;

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

  // Where IT's policy says the PBX plays the notice, the app trusts the header it names; where an
  // IVR identifies callers, the screen pop reads the CRM id from the header the policy names. The
  // policy's media network and keepalive interval go to the SIP agent here too, in one place.
  // At start and after every change IT makes to the file.
  startListening({
    actionCreator: policyLoaded,
    effect: ({ payload: policy }, { extra }) => {
      extra.sip.setPbxNoticeProof(policy.recordingNotice.pbxProofHeader);
      extra.sip.setCustomerIdHeader(policy.screenPop.customerIdHeader);
      extra.sip.setMediaNetwork(policy.media);
      extra.sip.setKeepaliveInterval(policy.signalling.keepaliveSeconds * 1000);
    },
  });

  // Fetch and decode the notices as soon as the UI language is known, that language first: the
  // UI language is the default, and a customer whose CRM record says otherwise (screen pop) is
  // greeted in their own, so every language's notice must be ready before a call is answered.
  startListening({
    predicate: (action) => languageOf(action) !== null,
    effect: async (action, { dispatch, extra, getState }) => {
      const uiLanguage = languageOf(action);
      if (!uiLanguage) return;
      extra.sip.setNoticeLanguage(uiLanguage);
      for (const language of [uiLanguage, ...NOTICE_LANGUAGES.filter((l) => l !== uiLanguage)]) {
        await ensureNotice(language, dispatch, extra, getState);
      }
    },
  });
}

/** Loads and hands one language's notice to the SIP agent, unless it is loading or loaded. */
async function ensureNotice(
  language: Language,
  dispatch: AppDispatch,
  extra: AppExtra,
  getState: () => RootState,
): Promise<void> {
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
}
