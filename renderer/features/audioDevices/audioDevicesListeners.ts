import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import { logToMain } from '../../platform/log';
import {
  audioDeviceAvailability,
  audioDeviceChosen,
  audioDevicesListed,
  audioDevicesLoaded,
  audioDevicesSaveFailed,
  microphoneLevelMeasured,
  microphoneMeterFailed,
  microphoneMeterStarted,
  microphoneMeterStopped,
  testToneRequested,
} from './audioDevicesSlice';

export function addAudioDevicesListeners(startListening: AppStartListening): void {
  // The machine's choices reach the SIP agent before the first call.
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      extra.sip.on('audioDeviceChanged', ({ kind, present }) => {
        dispatch(audioDeviceAvailability({ kind, present }));
        logToMain(
          extra.sori,
          present ? 'info' : 'warn',
          'audio',
          present ? `chosen ${kind} is back` : `chosen ${kind} is missing, using the default`,
        );
        void extra.sip.listAudioDevices().then((devices) => dispatch(audioDevicesListed(devices)));
      });
      const result = await settle(() => extra.sori.audioDevices.get({}));
      if (!result.ok) return;
      dispatch(audioDevicesLoaded(result.value));
      extra.sip.setAudioDevices(result.value);
    },
  });

  startListening({
    actionCreator: audioDeviceChosen,
    effect: async (_action, { dispatch, getState, extra }) => {
      const choices = getState().audioDevices.choices;
      // The next call uses it at once, whatever main answers.
      extra.sip.setAudioDevices(choices);
      const result = await settle(() => extra.sori.audioDevices.set(choices));
      if (!result.ok) dispatch(audioDevicesSaveFailed({ code: errorCodeOf(result.error) }));
    },
  });

  // The settings' microphone meter runs from when it is shown until it is hidden, and is
  // restarted on the new microphone when the agent picks another.
  startListening({
    actionCreator: microphoneMeterStarted,
    effect: async (_action, { dispatch, extra, take, cancelActiveListeners }) => {
      cancelActiveListeners();
      void extra.sip.listAudioDevices().then((devices) => dispatch(audioDevicesListed(devices)));
      let stop: () => void;
      try {
        stop = await extra.sip.meterMicrophone((levelDb) =>
          dispatch(microphoneLevelMeasured({ levelDb })),
        );
      } catch {
        dispatch(microphoneMeterFailed());
        return;
      }
      try {
        await take(
          (action) =>
            microphoneMeterStopped.match(action) ||
            (audioDeviceChosen.match(action) && action.payload.kind === 'microphone'),
        );
      } finally {
        stop();
      }
    },
  });
  startListening({
    predicate: (action) => audioDeviceChosen.match(action) && action.payload.kind === 'microphone',
    effect: (_action, { dispatch, getState }) => {
      // Shown, not "has a level": a microphone picked before the first reading still restarts it.
      if (getState().audioDevices.meterShown) dispatch(microphoneMeterStarted());
    },
  });

  startListening({
    actionCreator: testToneRequested,
    effect: async ({ payload }, { extra }) => {
      await extra.sip.playTestTone(payload.kind).catch(() => undefined);
    },
  });
}
