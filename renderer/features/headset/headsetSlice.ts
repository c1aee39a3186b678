import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export interface HeadsetState {
  /** The connected headset's name, or null. */
  deviceName: string | null;
  /** The shell can talk to headsets (WebHID). */
  supported: boolean;
  /** The last connection attempt failed (the agent picked nothing, or the device refused). */
  failed: boolean;
}

const initialState: HeadsetState = { deviceName: null, supported: false, failed: false };

export const headsetSlice = createSlice({
  name: 'headset',
  initialState,
  reducers: {
    headsetSupportKnown(state, action: PayloadAction<{ supported: boolean }>) {
      state.supported = action.payload.supported;
    },
    headsetConnectClicked(state) {
      state.failed = false;
    },
    headsetConnected(state, action: PayloadAction<{ name: string | null }>) {
      state.deviceName = action.payload.name;
    },
    headsetConnectFailed(state) {
      state.failed = true;
    },
    headsetDisconnected(state) {
      state.deviceName = null;
    },
  },
});

export const {
  headsetSupportKnown,
  headsetConnectClicked,
  headsetConnected,
  headsetConnectFailed,
  headsetDisconnected,
} = headsetSlice.actions;
