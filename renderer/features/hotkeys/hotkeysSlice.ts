import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode } from '../../../preload/contract';
import type { HotkeyAction, HotkeyBindings, HotkeyProblem } from './accelerator';

export interface HotkeysSliceState {
  /** The agent's hotkeys as main keeps them; null until loaded (no key acts before that). */
  bindings: HotkeyBindings | null;
  /** The action whose new key is being recorded in settings (hotkeys do not act meanwhile). */
  recording: HotkeyAction | null;
  /** Why the last recorded key was not taken. */
  problem: { action: HotkeyAction; problem: HotkeyProblem } | null;
  /** Main could not load or keep the hotkeys. */
  error: ErrorCode | null;
}

const initialState: HotkeysSliceState = {
  bindings: null,
  recording: null,
  problem: null,
  error: null,
};

export const hotkeysSlice = createSlice({
  name: 'hotkeys',
  initialState,
  reducers: {
    /** From hotkeys:get, hotkeys:set, or the hotkeys:changed push. */
    hotkeysLoaded(state, action: PayloadAction<{ bindings: HotkeyBindings }>) {
      state.bindings = action.payload.bindings;
      state.error = null;
    },
    hotkeysFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.error = action.payload.code;
    },
    /** A hotkey was pressed in the window or, in Electron, anywhere (hotkey:pressed). */
    hotkeyPressed(
      _state,
      _action: PayloadAction<{ action: HotkeyAction; source: 'window' | 'global' }>,
    ) {},
    /** 변경 pressed in settings: the next key combination becomes the action's hotkey. */
    hotkeyRecordingStarted(state, action: PayloadAction<{ action: HotkeyAction }>) {
      state.recording = action.payload.action;
      state.problem = null;
      state.error = null;
    },
    /** Escape, or the focus left the control. */
    hotkeyRecordingCancelled(state) {
      state.recording = null;
    },
    /** The agent pressed a combination while recording (checked by the listener). */
    hotkeyRecorded(state, _action: PayloadAction<{ action: HotkeyAction; accelerator: string }>) {
      state.recording = null;
    },
    /** The recorded combination cannot be a hotkey (the grammar, or another action has it). */
    hotkeyRefused(state, action: PayloadAction<{ action: HotkeyAction; problem: HotkeyProblem }>) {
      state.recording = null;
      state.problem = action.payload;
    },
    /** The listener is sending new bindings to main. */
    hotkeysSaveStarted(state) {
      state.problem = null;
      state.error = null;
    },
    /** 기본값으로: all four back to the defaults. */
    hotkeysResetClicked(state) {
      state.recording = null;
    },
  },
});

export const {
  hotkeysLoaded,
  hotkeysFailed,
  hotkeyPressed,
  hotkeyRecordingStarted,
  hotkeyRecordingCancelled,
  hotkeyRecorded,
  hotkeyRefused,
  hotkeysSaveStarted,
  hotkeysResetClicked,
} = hotkeysSlice.actions;
