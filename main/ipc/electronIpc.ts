import { ipcMain, type BrowserWindow } from 'electron';
import { channelNames } from '../../preload/contract';
import type { MainServices } from '../services';

/** Binds every contract channel to the router, and forwards push events to `window`. */
export function bindElectronIpc(
  services: MainServices,
  getWindow: () => BrowserWindow | null,
): () => void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      // senderFrame is null when the frame navigated or was destroyed: refused as untrusted.
      services.dispatch(channel, payload, { url: event.senderFrame?.url ?? '' }),
    );
  }
  const unsubscribe = services.events.subscribe((event, payload) => {
    const window = getWindow();
    if (window && !window.isDestroyed()) window.webContents.send(event, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of channelNames) ipcMain.removeHandler(channel);
  };
}
