import type { SoriApi } from '../../preload/contract';

declare global {
  interface Window {
    /** The one API to main, installed by the Electron preload or the Chromium shell's bridge. */
    sori?: SoriApi;
  }
}

/**
 * The bridge to main, or null when the page was opened without one (e.g. out/renderer/index.html
 * in a plain browser): the app then shows an explanation instead of failing half-way.
 */
export function getSoriApi(): SoriApi | null {
  const api = typeof window === 'undefined' ? undefined : window.sori;
  if (!api || typeof api !== 'object' || typeof api.on !== 'function' || !api.app) return null;
  return api;
}
