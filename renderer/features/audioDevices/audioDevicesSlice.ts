import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { AudioDeviceChoice, AudioDevices, ErrorCode } from '../../../preload/contract';
import type { AudioDeviceInfo } from '../../sip/deviceChoice';

export type AudioDeviceKind = keyof AudioDevices;

export interface AudioDevicesState {
  /** What the agent chose on this machine (null entries: system default). */
  choices: AudioDevices;
  /** The devices present, listed when the settings open (and after a change). */
  available: AudioDeviceInfo[];
  /** Chosen devices that are not present now: calls use the default, the agent is told. */
  missing: AudioDeviceKind[];
  /** The microphone's live level in dBFS while the settings show the meter, else null. */
  meterDb: number | null;
  /** The meter could not open the microphone. */
  meterFailed: boolean;
  /** The settings show the meter (from started to stopped, whether or not a level came yet). */
  meterShown: boolean;
  error: ErrorCode | null;
}

const initialState: AudioDevicesState = {
  choices: { microphone: null, speaker: null, ringer: null },
  available: [],
  missing: [],
  meterDb: null,
  meterFailed: false,
  meterShown: false,
  error: null,
};

export const audioDevicesSlice = createSlice({
  name: 'audioDevices',
  initialState,
  reducers: {
    audioDevicesLoaded(state, action: PayloadAction<AudioDevices>) {
      state.choices = action.payload;
    },
    audioDeviceChosen(
      state,
      action: PayloadAction<{ kind: AudioDeviceKind; choice: AudioDeviceChoice }>,
    ) {
      state.choices[action.payload.kind] = action.payload.choice;
      state.missing = state.missing.filter((kind) => kind !== action.payload.kind);
      state.error = null;
    },
    audioDevicesSaveFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.error = action.payload.code;
    },
    audioDevicesListed(state, action: PayloadAction<AudioDeviceInfo[]>) {
      state.available = action.payload;
    },
    audioDeviceAvailability(
      state,
      action: PayloadAction<{ kind: AudioDeviceKind; present: boolean }>,
    ) {
      const { kind, present } = action.payload;
      state.missing = state.missing.filter((missing) => missing !== kind);
      if (!present) state.missing.push(kind);
    },
    microphoneMeterStarted(state) {
      state.meterDb = null;
      state.meterFailed = false;
      state.meterShown = true;
    },
    microphoneLevelMeasured(state, action: PayloadAction<{ levelDb: number }>) {
      state.meterDb = action.payload.levelDb;
    },
    microphoneMeterFailed(state) {
      state.meterFailed = true;
      state.meterDb = null;
    },
    microphoneMeterStopped(state) {
      state.meterDb = null;
      state.meterShown = false;
    },
    testToneRequested(_state, _action: PayloadAction<{ kind: 'speaker' | 'ringer' }>) {},
  },
});

export const {
  audioDevicesLoaded,
  audioDeviceChosen,
  audioDevicesSaveFailed,
  audioDevicesListed,
  audioDeviceAvailability,
  microphoneMeterStarted,
  microphoneLevelMeasured,
  microphoneMeterFailed,
  microphoneMeterStopped,
  testToneRequested,
} = audioDevicesSlice.actions;
