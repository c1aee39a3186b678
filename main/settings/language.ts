import type { Language, LanguagePreference } from '../../preload/contract';

/** Korean when asked for, or when following an OS whose locale is Korean; English otherwise. */
export function resolveLanguage(preference: LanguagePreference, systemLocale: string): Language {
  if (preference !== 'system') return preference;
  return /^ko\b/i.test(systemLocale) ? 'ko' : 'en';
}
