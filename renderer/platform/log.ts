import type { SoriApi } from '../../preload/contract';

/**
 * Sends a diagnostic line to main's redacting logger. Best effort: logging must never break the
 * caller. Callers pass codes and causes only, never numbers, names or credentials.
 */
export function logToMain(
  sori: SoriApi,
  level: 'debug' | 'info' | 'warn' | 'error',
  scope: string,
  message: string,
): void {
  try {
    void sori.log.write({ level, scope, message: message.slice(0, 2000) }).catch(() => undefined);
  } catch {
    // the bridge is gone; nothing else to tell
  }
}
