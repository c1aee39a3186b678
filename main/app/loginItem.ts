import os from 'node:os';
import { app } from 'electron';
import { xdgAutostartPort, xdgConfigHome, type LoginItemPort } from '../settings/startAtLogin';

/**
 * Start at login. macOS and Windows: Electron's login items. Linux has none: an XDG autostart
 * entry starts the AppImage (or the installed binary; from the sources, electron with the app).
 */
export function electronLoginItem(): LoginItemPort {
  if (process.platform === 'linux') {
    const exec = app.isPackaged
      ? [process.env['APPIMAGE'] ?? process.execPath]
      : [process.execPath, app.getAppPath()];
    return xdgAutostartPort({ configHome: xdgConfigHome(process.env, os.homedir()), exec });
  }
  return {
    kind: 'electron-login-item',
    apply: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }),
  };
}
