import type { Language, ProtectionStep } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import type { AppExtra, AppStartListening } from '../../app/listenerTypes';
import { settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import { base64ToArrayBuffer } from '../../shared/base64';
import { noticeLoaded } from '../recordingNotice/recordingNoticeSlice';
import { PROTECTION_STEPS, remainingMs } from './protectionRules';
import { selectEnabledSteps } from './protectionSelectors';
import {
  endRecoveryClicked,
  endRecoveryFailed,
  protectionStateReceived,
  protectionStepClicked,
  protectionStepFailed,
  protectionStepPlayed,
  protectionStepStarted,
  recoveryTimeUp,
} from './protectionSlice';

/**
 * Fetches a protection message from main (checksum-verified there) and hands it to the SIP agent
 * to decode, unless it is already there. Resolves false when it cannot be had.
 */
async function ensureMessage(
  extra: AppExtra,
  language: Language,
  step: ProtectionStep,
): Promise<boolean> {
  if (extra.sip.hasProtectionMessage(language, step)) return true;
  const result = await settle(() => extra.sori.protection.loadMessage({ language, step }));
  if (!result.ok || result.value.language !== language || result.value.step !== step) {
    logToMain(
      extra.sori,
      'error',
      'protection',
      `protection message ${language}/${step} unavailable: ${result.ok ? 'wrong message' : result.error.code}`,
    );
    return false;
  }
  try {
    await extra.sip.provideProtectionMessage(language, step, {
      sha256: result.value.sha256,
      wav: base64ToArrayBuffer(result.value.audio),
    });
    return true;
  } catch (error) {
    logToMain(
      extra.sori,
      'error',
      'protection',
      `protection message ${language}/${step} could not be decoded: ${error instanceof Error ? error.name : 'unknown'}`,
    );
    return false;
  }
}

export function addProtectionListeners(startListening: AppStartListening): void {
  // The rest survives restarts: main knows whether the agent is resting and the policy.
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.protection.getState({}));
      if (result.ok) dispatch(protectionStateReceived(result.value));
      else
        logToMain(
          extra.sori,
          'error',
          'protection',
          `protection:getState failed: ${result.error.code}`,
        );
    },
  });

  // The SIP agent refuses calls while resting; when the rest is over, the state clears by itself
  // and main is asked again (it may have started a new rest, or the policy changed).
  startListening({
    actionCreator: protectionStateReceived,
    effect: async (_action, { dispatch, extra, getState, cancelActiveListeners, delay }) => {
      cancelActiveListeners();
      const until = getState().protection.agent.recoveryUntil;
      extra.sip.setRecoveryUntil(until);
      if (until === null) return;
      // Timers are clamped to ~24.8 days; a rest is at most two hours.
      await delay(Math.min(remainingMs(until, extra.now()), 2 ** 31 - 1));
      dispatch(recoveryTimeUp());
      extra.sip.setRecoveryUntil(null);
      const result = await settle(() => extra.sori.protection.getState({}));
      if (result.ok) dispatch(protectionStateReceived(result.value));
    },
  });

  // Decode the messages as soon as the notice for a language is ready, so a button plays at once.
  startListening({
    actionCreator: noticeLoaded,
    effect: async (action, { extra }) => {
      for (const step of PROTECTION_STEPS)
        await ensureMessage(extra, action.payload.language, step);
    },
  });

  // A protection button: message (microphone closed), then main records it (audit, alert, rest).
  startListening({
    actionCreator: protectionStepClicked,
    effect: async (action, { dispatch, extra, getState }) => {
      const { callId, step } = action.payload;
      const state = getState();
      if (!selectEnabledSteps(state, callId)[step]) return;
      // The language the customer was greeted in: theirs from the CRM record (screen pop), else the UI's.
      const language =
        state.recordingNotice.byCallId[callId]?.language ?? state.settings.language ?? 'ko';
      dispatch(protectionStepStarted({ callId, step }));
      if (!(await ensureMessage(extra, language, step))) {
        dispatch(protectionStepFailed({ callId, step, error: 'unavailable' }));
        return;
      }
      let played;
      try {
        played = await extra.sip.playProtectionMessage(callId, step, language);
      } catch (error) {
        dispatch(protectionStepFailed({ callId, step, error: 'unavailable' }));
        logToMain(
          extra.sori,
          'error',
          'protection',
          `protection message ${step} could not play: ${error instanceof Error ? error.message : 'unknown'}`,
        );
        return;
      }
      if (!played) {
        // The call ended during the message: nothing to record as played.
        dispatch(protectionStepFailed({ callId, step, error: null }));
        return;
      }
      dispatch(protectionStepPlayed({ callId, step }));
      const result = await settle(() =>
        extra.sori.protection.recordStep({ callId, step, language, ...played }),
      );
      if (result.ok) {
        dispatch(protectionStateReceived(result.value));
        return;
      }
      dispatch(
        protectionStepFailed({
          callId,
          step,
          error: result.error.code === 'STEP_NOT_ALLOWED' ? 'notAllowed' : 'recordFailed',
        }),
      );
      logToMain(
        extra.sori,
        'error',
        'protection',
        `protection:recordStep ${step} failed: ${result.error.code}`,
      );
    },
  });

  startListening({
    actionCreator: endRecoveryClicked,
    effect: async (_action, { dispatch, extra }) => {
      const result = await settle(() => extra.sori.protection.endRecovery({}));
      if (result.ok) {
        dispatch(protectionStateReceived(result.value));
        return;
      }
      dispatch(endRecoveryFailed());
      logToMain(
        extra.sori,
        'warn',
        'protection',
        `protection:endRecovery failed: ${result.error.code}`,
      );
    },
  });
}
