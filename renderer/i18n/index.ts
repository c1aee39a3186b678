import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ErrorCode, Language } from '../../preload/contract';
import en from './locales/en.json';
import ko from './locales/ko.json';

export const resources = {
  ko: { translation: ko },
  en: { translation: en },
} as const;

/**
 * The UI's i18next instance. Both catalogs are bundled (no network), initialised synchronously;
 * the language itself is set once main has said which one to use (app:getInfo).
 */
export function createI18n(initial: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: initial,
    fallbackLng: 'en',
    supportedLngs: ['ko', 'en'],
    initAsync: false,
    // React escapes text; nothing from a catalog or an interpolated value is ever parsed as HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** Switches the UI language and <html lang>, so screen readers pronounce it correctly. */
export async function applyLanguage(instance: I18n, language: Language): Promise<void> {
  document.documentElement.lang = language;
  if (instance.language !== language) await instance.changeLanguage(language);
}

/** The catalog key for an IPC error code. */
export const errorKey = (code: ErrorCode) => `errors.${code}` as const;
