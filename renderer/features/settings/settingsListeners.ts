import { events } from '../../../preload/contract';
import { appStarted } from '../../app/appActions';
import type { AppStartListening } from '../../app/listenerTypes';
import { errorCodeOf, settle } from '../../platform/ipc';
import {
  appInfoLoaded,
  appInfoUnavailable,
  languageApplied,
  languageChosen,
  micProcessingChosen,
  micProcessingSaved,
  settingChangeFailed,
  settingsLoaded,
  settingsUnavailable,
  startAtLoginApplied,
  startAtLoginChosen,
} from './settingsSlice';

export function addSettingsListeners(startListening: AppStartListening): void {
  startListening({
    actionCreator: appStarted,
    effect: async (_action, { dispatch, extra }) => {
      extra.sori.on('settings:languageChanged', (payload) => {
        const parsed = events['settings:languageChanged'].safeParse(payload);
        if (parsed.success) dispatch(languageApplied({ language: parsed.data.language }));
      });
      const [info, settings] = await Promise.all([
        settle(() => extra.sori.app.getInfo({})),
        settle(() => extra.sori.settings.get({})),
      ]);
      if (settings.ok) dispatch(settingsLoaded(settings.value));
      else dispatch(settingsUnavailable({ code: errorCodeOf(settings.error) }));
      if (info.ok) dispatch(appInfoLoaded(info.value));
      else
        dispatch(
          appInfoUnavailable({ language: extra.fallbackLanguage, code: errorCodeOf(info.error) }),
        );
    },
  });

  // Whatever decided the language, i18next and <html lang> follow it.
  for (const actionCreator of [appInfoLoaded, appInfoUnavailable, languageApplied] as const) {
    startListening({
      matcher: actionCreator.match,
      effect: async (action, { extra }) => {
        await extra.applyLanguage(action.payload.language);
      },
    });
  }

  startListening({
    actionCreator: languageChosen,
    effect: async (action, { dispatch, extra, cancelActiveListeners }) => {
      cancelActiveListeners();
      const result = await settle(() =>
        extra.sori.settings.setLanguage({ language: action.payload.preference }),
      );
      if (result.ok) dispatch(languageApplied({ language: result.value.language }));
      else dispatch(settingChangeFailed({ code: errorCodeOf(result.error) }));
    },
  });

  for (const actionCreator of [settingsLoaded, micProcessingSaved] as const) {
    startListening({
      actionCreator,
      effect: (action, { extra }) => extra.sip.setMicProcessing(action.payload.micProcessing),
    });
  }

  startListening({
    actionCreator: micProcessingChosen,
    effect: async (action, { dispatch, extra }) => {
      // Applies to the next call at once, whatever main answers.
      extra.sip.setMicProcessing(action.payload.enabled);
      const result = await settle(() =>
        extra.sori.settings.setMicProcessing({ enabled: action.payload.enabled }),
      );
      if (result.ok) dispatch(micProcessingSaved(result.value));
      else dispatch(settingChangeFailed({ code: errorCodeOf(result.error) }));
    },
  });

  startListening({
    actionCreator: startAtLoginChosen,
    effect: async (action, { dispatch, extra, cancelActiveListeners }) => {
      cancelActiveListeners();
      const result = await settle(() =>
        extra.sori.settings.setStartAtLogin({ enabled: action.payload.enabled }),
      );
      if (result.ok) {
        dispatch(startAtLoginApplied({ enabled: result.value.startAtLogin }));
        return;
      }
      dispatch(settingChangeFailed({ code: errorCodeOf(result.error) }));
      // The box shows what is in effect, not the refused choice.
      const current = await settle(() => extra.sori.settings.get({}));
      if (current.ok) dispatch(startAtLoginApplied({ enabled: current.value.startAtLogin }));
    },
  });
}
