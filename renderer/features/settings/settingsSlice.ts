import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ErrorCode, Language, LanguagePreference, Settings } from '../../../preload/contract';
import { accountSaved } from '../account/accountSlice';

export type View = 'main' | 'settings';

export interface SettingsState {
  /** The UI language main resolved (setting or OS locale); null until app:getInfo answered. */
  language: Language | null;
  /** What the agent chose; null until settings:get answered. */
  preference: LanguagePreference | null;
  micProcessing: boolean;
  startAtLogin: boolean;
  appVersion: string | null;
  shell: 'electron' | 'chromium' | null;
  view: View;
  /** The last settings change that main refused. */
  error: ErrorCode | null;
}

const initialState: SettingsState = {
  language: null,
  preference: null,
  micProcessing: true,
  startAtLogin: false,
  appVersion: null,
  shell: null,
  view: 'main',
  error: null,
};

export const settingsSlice = createSlice({
  name: 'settings',
  initialState,
  reducers: {
    appInfoLoaded(
      state,
      action: PayloadAction<{
        version: string;
        shell: 'electron' | 'chromium';
        language: Language;
      }>,
    ) {
      state.appVersion = action.payload.version;
      state.shell = action.payload.shell;
      state.language = action.payload.language;
    },
    /** app:getInfo failed: run in the browser's language rather than not at all. */
    appInfoUnavailable(state, action: PayloadAction<{ language: Language; code: ErrorCode }>) {
      state.appVersion = '0.0.0';
      state.language = action.payload.language;
      state.error = action.payload.code;
    },
    settingsLoaded(state, action: PayloadAction<Settings>) {
      state.preference = action.payload.language;
      state.micProcessing = action.payload.micProcessing;
      state.startAtLogin = action.payload.startAtLogin;
    },
    settingsUnavailable(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.preference = 'system';
      state.error = action.payload.code;
    },
    /** The agent picked a language in the settings view (listener asks main). */
    languageChosen(state, action: PayloadAction<{ preference: LanguagePreference }>) {
      state.preference = action.payload.preference;
      state.error = null;
    },
    /** Main says the UI language is now this (answer to the choice, or settings:languageChanged). */
    languageApplied(state, action: PayloadAction<{ language: Language }>) {
      state.language = action.payload.language;
    },
    settingChangeFailed(state, action: PayloadAction<{ code: ErrorCode }>) {
      state.error = action.payload.code;
    },
    micProcessingChosen(state, action: PayloadAction<{ enabled: boolean }>) {
      state.micProcessing = action.payload.enabled;
      state.error = null;
    },
    micProcessingSaved(state, action: PayloadAction<Settings>) {
      state.micProcessing = action.payload.micProcessing;
    },
    /** The agent ticked or unticked 로그인 시 자동 시작 (listener asks main). */
    startAtLoginChosen(state, action: PayloadAction<{ enabled: boolean }>) {
      state.startAtLogin = action.payload.enabled;
      state.error = null;
    },
    /** Main's answer: what is in effect (a refused change, e.g. SETTING_MANAGED, puts it back). */
    startAtLoginApplied(state, action: PayloadAction<{ enabled: boolean }>) {
      state.startAtLogin = action.payload.enabled;
    },
    settingsOpened(state) {
      state.view = 'settings';
    },
    settingsClosed(state) {
      state.view = 'main';
    },
  },
  extraReducers: (builder) => {
    // A saved account is the end of the settings visit.
    builder.addCase(accountSaved, (state) => {
      state.view = 'main';
    });
  },
});

export const {
  appInfoLoaded,
  appInfoUnavailable,
  settingsLoaded,
  settingsUnavailable,
  languageChosen,
  languageApplied,
  settingChangeFailed,
  micProcessingChosen,
  micProcessingSaved,
  startAtLoginChosen,
  startAtLoginApplied,
  settingsOpened,
  settingsClosed,
} = settingsSlice.actions;
