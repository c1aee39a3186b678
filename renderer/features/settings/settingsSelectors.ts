import type { RootState } from '../../app/rootReducer';

export const selectLanguage = (state: RootState) => state.settings.language;
export const selectLanguagePreference = (state: RootState) => state.settings.preference;
export const selectMicProcessing = (state: RootState) => state.settings.micProcessing;
export const selectStartAtLogin = (state: RootState) => state.settings.startAtLogin;
export const selectView = (state: RootState) => state.settings.view;
export const selectSettingsError = (state: RootState) => state.settings.error;
export const selectAppVersion = (state: RootState) => state.settings.appVersion;
/** The UI can render once the language is known (app:getInfo answered or failed). */
export const selectReady = (state: RootState) => state.settings.language !== null;
