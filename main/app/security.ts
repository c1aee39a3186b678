import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl } from './appProtocol';

/** Only these permissions, and only for the app's own origin. */
const ALLOWED_PERMISSIONS = new Set(['media', 'notifications']);

/** Session-wide rules: permission checks and requests go through one decision. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const audioOnly =
      permission !== 'media' ||
      (details as { mediaTypes?: string[] }).mediaTypes?.every((t) => t === 'audio') !== false;
    callback(ALLOWED_PERMISSIONS.has(permission) && audioOnly && isAppUrl(contents.getURL()));
  });
  ses.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      (ALLOWED_PERMISSIONS.has(permission) || permission === 'hid') && isAppUrl(requestingOrigin),
  );
  // USB headsets' call buttons (WebHID): only the app's page, only HID devices. The page asks for
  // Telephony devices only; Electron has no picker, so the first headset offered is taken (a
  // desk has one), and the page remembers it through getDevices() afterwards.
  ses.setDevicePermissionHandler(
    (details) => details.deviceType === 'hid' && isAppUrl(details.origin),
  );
  ses.on('select-hid-device', (event, details, callback) => {
    event.preventDefault();
    const allowed = isAppUrl(details.frame?.url ?? '');
    callback(allowed ? (details.deviceList[0]?.deviceId ?? '') : '');
  });
}

/** Every web contents: no navigation away, no new windows, no webviews. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to the web open in the user's browser, never inside the app.
      if (/^https:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
