import type { ListenerEffectAPI } from '@reduxjs/toolkit';
import { events } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import type { AppDispatch, AppExtra, AppStartListening } from '../../app/listenerTypes';
import type { RootState } from '../../app/rootReducer';
import { errorCodeOf, settle } from '../../platform/ipc';
import { selectCallControls } from '../calls/callsSelectors';
import {
  DEFAULT_HOTKEYS,
  checkHotkeyChange,
  hotkeyActionOf,
  type HotkeyBindings,
} from './accelerator';
import { callCommandOf } from './hotkeyCommands';
import {
  hotkeyPressed,
  hotkeyRecorded,
  hotkeyRefused,
  hotkeysFailed,
  hotkeysLoaded,
  hotkeysResetClicked,
  hotkeysSaveStarted,
} from './hotkeysSlice';

export function addHotkeysListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, getState, extra }) => {
      extra.sori.on('hotkeys:changed', (payload) => {
        const parsed = events['hotkeys:changed'].safeParse(payload);
        if (parsed.success) dispatch(hotkeysLoaded({ bindings: parsed.data }));
      });
      extra.sori.on('hotkey:pressed', (payload) => {
        const parsed = events['hotkey:pressed'].safeParse(payload);
        if (parsed.success) dispatch(hotkeyPressed({ ...parsed.data, source: 'global' }));
      });
      const keyboard = extra.keyboard;
      keyboard?.onKeyDown((press) => {
        const { bindings, recording } = getState().hotkeys;
        // While settings records a new key, every key is the recorder's.
        if (bindings === null || recording !== null) return;
        const action = hotkeyActionOf(bindings, press, keyboard.mac);
        if (action === null) return;
        // The combination is the hotkey's even while its button is disabled: the focused field
        // must not get it either. Every binding has Ctrl, Alt or ⌘ (or is an F-key), so typing
        // a note never gets here.
        press.preventDefault();
        press.stopPropagation();
        // Held down, the OS repeats the key: one press, one toggle.
        if (!press.repeat) dispatch(hotkeyPressed({ action, source: 'window' }));
      });
      const loaded = await settle(() => extra.sori.hotkeys.get({}));
      if (loaded.ok) dispatch(hotkeysLoaded({ bindings: loaded.value }));
      else dispatch(hotkeysFailed({ code: errorCodeOf(loaded.error) }));
    },
  });

  startListening({
    actionCreator: hotkeyPressed,
    effect: ({ payload }, { dispatch, getState }) => {
      const { recording, bindings } = getState().hotkeys;
      if (recording !== null) {
        // In Electron the OS takes a bound combination before the page sees it: pressed while
        // recording, it is the combination the agent wants for the action being recorded.
        if (payload.source === 'global' && bindings) {
          dispatch(hotkeyRecorded({ action: recording, accelerator: bindings[payload.action] }));
        }
        return;
      }
      const command = callCommandOf(payload.action, selectCallControls(getState()));
      if (command) dispatch(command);
    },
  });

  const save = async (
    bindings: HotkeyBindings,
    { dispatch, extra }: ListenerEffectAPI<RootState, AppDispatch, AppExtra>,
  ) => {
    dispatch(hotkeysSaveStarted());
    const saved = await settle(() => extra.sori.hotkeys.set(bindings));
    if (saved.ok) dispatch(hotkeysLoaded({ bindings: saved.value }));
    else dispatch(hotkeysFailed({ code: errorCodeOf(saved.error) }));
  };

  startListening({
    actionCreator: hotkeyRecorded,
    effect: async ({ payload }, api) => {
      const current = api.getState().hotkeys.bindings ?? DEFAULT_HOTKEYS;
      const checked = checkHotkeyChange(current, payload.action, payload.accelerator);
      if (!checked.ok) {
        api.dispatch(hotkeyRefused({ action: payload.action, problem: checked.problem }));
        return;
      }
      await save(checked.bindings, api);
    },
  });

  startListening({
    actionCreator: hotkeysResetClicked,
    effect: (_action, api) => save({ ...DEFAULT_HOTKEYS }, api),
  });
}
