/**
 * The Chromium shell's stand-in for the Electron preload: builds the same `window.sori` API from
 * the contract, over a Playwright binding instead of ipcRenderer. Injected as an init script, so
 * it runs before the renderer's own code.
 */
import { API_GLOBAL, createSoriApi, eventNames, type EventName, type Result } from './contract';

declare global {
  interface Window {
    __soriInvoke(channel: string, request: unknown): Promise<Result<unknown>>;
    __soriPush?: (event: string, payload: unknown) => void;
  }
}

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

Object.defineProperty(window, '__soriPush', {
  value: (event: string, payload: unknown) => {
    if (!(eventNames as string[]).includes(event)) return;
    listeners.get(event as EventName)?.forEach((listener) => listener(payload));
  },
  writable: false,
  configurable: false,
});

Object.defineProperty(window, API_GLOBAL, {
  value: createSoriApi({
    invoke: (channel, request) => window.__soriInvoke(channel, request),
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  }),
  writable: false,
  configurable: false,
});
