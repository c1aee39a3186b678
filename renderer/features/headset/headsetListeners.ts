import { selectFeatures } from '../policy/policySelectors';
import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import type { RootState } from '../../app/rootReducer';
import { logToMain } from '../../platform/log';
import type { HeadsetGesture, HeadsetLights } from '../../platform/headset/telephonyHid';
import { selectActiveCall, selectCallControls, selectRingingCall } from '../calls/callsSelectors';
import { callCommandOf } from '../hotkeys/hotkeyCommands';
import {
  headsetConnectClicked,
  headsetConnected,
  headsetConnectFailed,
  headsetDisconnected,
  headsetSupportKnown,
} from './headsetSlice';

/** A headset gesture as the button it stands for (the same rules as the hotkeys). */
const ACTION_OF: Record<HeadsetGesture, 'answer' | 'hangUp' | 'mute'> = {
  offHook: 'answer',
  onHook: 'hangUp',
  mutePressed: 'mute',
};

/** What the headset's lights show now. */
function lightsOf(state: RootState): HeadsetLights {
  const active = selectActiveCall(state);
  return {
    offHook: active !== null && active.phase !== 'ringing',
    ring: selectRingingCall(state) !== null,
    mute: active?.muted ?? false,
  };
}
const sameLights = (a: HeadsetLights, b: HeadsetLights) =>
  a.offHook === b.offHook && a.ring === b.ring && a.mute === b.mute;

export function addHeadsetListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, getState, extra }) => {
      const headset = extra.headset;
      dispatch(headsetSupportKnown({ supported: headset?.supported ?? false }));
      if (!headset?.supported) return;
      headset.onGesture((gesture) => {
        // IT may switch headset buttons off for the machine (policy features.headsetButtons).
        if (!selectFeatures(getState()).headsetButtons) return;
        // Lifting the headset while nothing rings, or putting it down with no call, does nothing.
        const command = callCommandOf(ACTION_OF[gesture], selectCallControls(getState()));
        if (command) dispatch(command);
      });
      headset.onDisconnect(() => {
        dispatch(headsetDisconnected());
        logToMain(extra.sori, 'warn', 'headset', 'headset buttons disconnected');
      });
      const name = await headset.reconnect().catch(() => null);
      if (name) dispatch(headsetConnected({ name }));
    },
  });

  startListening({
    actionCreator: headsetConnectClicked,
    effect: async (_action, { dispatch, extra }) => {
      const name = await extra.headset?.connect().catch(() => null);
      if (name) {
        dispatch(headsetConnected({ name }));
        logToMain(extra.sori, 'info', 'headset', 'headset buttons connected');
      } else dispatch(headsetConnectFailed());
    },
  });

  // The headset's lights follow the calls: ringing, off hook, muted.
  startListening({
    predicate: (_action, current, previous) =>
      current.headset.deviceName !== null &&
      (!sameLights(lightsOf(current), lightsOf(previous)) ||
        current.headset.deviceName !== previous.headset.deviceName),
    effect: (_action, { getState, extra }) => {
      extra.headset?.setLights(lightsOf(getState()));
    },
  });
}
