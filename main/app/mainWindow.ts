import path from 'node:path';
import { BrowserWindow } from 'electron';
import { APP_ORIGIN } from './appProtocol';

/** Options every Sori Desk window is created with; exported so the e2e suite can assert them. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
} as const;

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sori Desk',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: path.resolve(preloadPath) },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
