import type { Result, SoriApi } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { arrayBufferToBase64 } from '../../shared/base64';
import type { RecordingSink } from '../../sip/sipTypes';
import {
  recordingFailed,
  recordingPauseClicked,
  recordingPaused,
  recordingPolicyReceived,
  recordingResumeClicked,
  recordingResumed,
  recordingStarted,
  recordingStopped,
} from './callRecordingSlice';

/** The SIP agent's recordings go to main, which encrypts them; refusals are logged by code only. */
function ipcRecordingSink(sori: SoriApi): RecordingSink {
  const accepted = async <T>(what: string, call: () => Promise<Result<T>>) => {
    const result = await settle(call);
    if (!result.ok) logToMain(sori, 'error', 'recording', `${what} refused: ${result.error.code}`);
    return result.ok;
  };
  return {
    start: (callId, mimeType) =>
      accepted('start', () => sori.recording.start({ callId, mimeType })),
    append: (callId, seq, chunk) =>
      accepted('chunk', () =>
        sori.recording.append({ callId, seq, data: arrayBufferToBase64(chunk) }),
      ),
    pause: (callId, at) => accepted('pause', () => sori.recording.pause({ callId, at })),
    resume: (callId, at) => accepted('resume', () => sori.recording.resume({ callId, at })),
    stop: (callId) => accepted('stop', () => sori.recording.stop({ callId })),
  };
}

export function addCallRecordingListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      const { sip, sori } = extra;
      sip.on('recordingStarted', (e) => dispatch(recordingStarted(e)));
      sip.on('recordingPaused', (e) => dispatch(recordingPaused(e)));
      sip.on('recordingResumed', (e) => dispatch(recordingResumed(e)));
      sip.on('recordingStopped', (e) => dispatch(recordingStopped(e)));
      sip.on('recordingFailed', (e) => {
        dispatch(recordingFailed(e));
        logToMain(sori, 'error', 'recording', `call recording failed: ${e.reason}`);
      });
      // IT's policy decides whether this desktop records calls at all.
      const result = await settle(() => sori.policy.get({}));
      const enabled = result.ok && result.value.recording.enabled;
      sip.setRecordingSink(enabled ? ipcRecordingSink(sori) : null);
      dispatch(recordingPolicyReceived({ enabled }));
    },
  });

  startListening({
    actionCreator: recordingPauseClicked,
    effect: async ({ payload }, { extra }) => {
      await extra.sip.pauseRecording(payload.callId);
    },
  });
  startListening({
    actionCreator: recordingResumeClicked,
    effect: async ({ payload }, { extra }) => {
      await extra.sip.resumeRecording(payload.callId);
    },
  });
}
