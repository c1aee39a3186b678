import { app, session, shell, type WebContents } from 'electron';
import {
  chooseHidDevice,
  devicePermissionAllowed,
  mayNavigate,
  permissionCheckAllowed,
  permissionRequestAllowed,
  windowOpenDecision,
} from './securityRules';

// Electron glue only: every decision is in ./securityRules (plain Node, unit-tested).

/** Session-wide rules: permission checks and requests go through one decision. */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(
      permissionRequestAllowed({
        permission,
        requestingUrl: contents.getURL(),
        mediaTypes: (details as { mediaTypes?: string[] }).mediaTypes,
      }),
    );
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionCheckAllowed({ permission, requestingOrigin, mediaType: details.mediaType }),
  );
  // USB headsets' call buttons (WebHID): only the app's page, only HID devices.
  ses.setDevicePermissionHandler((details) =>
    devicePermissionAllowed(details.deviceType, details.origin),
  );
  ses.on('select-hid-device', (event, details, callback) => {
    event.preventDefault();
    callback(
      chooseHidDevice(
        details.frame?.url ?? '',
        details.deviceList.map((device) => device.deviceId),
      ),
    );
  });
}

/** Every web contents: no navigation away, no new windows, no webviews. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!mayNavigate(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // Links to the web open in the user's browser, never inside the app.
      const { action, openExternally } = windowOpenDecision(url);
      if (openExternally) void shell.openExternal(openExternally);
      return { action };
    });
  });
}
