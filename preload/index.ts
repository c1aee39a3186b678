/**
 * Electron preload (sandboxed, context-isolated): exposes exactly one object, `window.sori`,
 * built from the contract. The page never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL, createSoriApi, type Result } from './contract';

contextBridge.exposeInMainWorld(
  API_GLOBAL,
  createSoriApi({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request) as Promise<Result<unknown>>,
    subscribe(event, listener) {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(event, wrapped);
      return () => ipcRenderer.removeListener(event, wrapped);
    },
  }),
);
