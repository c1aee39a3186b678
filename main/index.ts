/**
 * Electron main process: lifecycle only. Everything the app does lives in the services
 * (main/services.ts), which the Chromium shell runs unchanged without Electron.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { appVersion, findAppRoot } from './appRoot';
import { registerAppScheme, serveRenderer, isAppUrl } from './app/appProtocol';
import { findDialLinkInArgs, parseDialLink } from './app/dialLink';
import { createMainWindow } from './app/mainWindow';
import { electronLoginItem } from './app/loginItem';
import { startGlobalHotkeys } from './app/globalHotkeys';
import { startTray } from './app/tray';
import { startAutoUpdates } from './app/autoUpdater';
import { hardenSession, hardenWebContents } from './app/security';
import { StoreError } from './db/errors';
import { bindElectronIpc } from './ipc/electronIpc';
import { createLogger, fileSink, stderrSink } from './logging/logger';
import { createSafeStorageCipher } from './secrets/safeStorageCipher';
import { createFileSecretStore } from './secrets/secretStore';
import { startMainServices, type MainServices } from './services';
import { storeErrorMessage } from './db/storeErrorMessage';
import { watchPolicyFile } from './policy/policySource';

/** Where IT puts the machine policy (issue #7 adds registry/MDM sources). */
function defaultPolicyFile(): string {
  if (process.platform === 'win32') {
    return path.join(process.env['ProgramData'] ?? 'C:\\ProgramData', 'SoriDesk', 'policy.json');
  }
  if (process.platform === 'darwin') return '/Library/Application Support/SoriDesk/policy.json';
  return '/etc/sori-desk/policy.json';
}

const profileDir = app.getPath('userData');
const logger = createLogger({
  sinks: [fileSink(path.join(profileDir, 'logs/main.log')), stderrSink],
});

process.on('uncaughtException', (error) => logger.error('uncaught exception', { error }));
process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { reason }));

if (!app.requestSingleInstanceLock()) {
  // A second launch (e.g. a tel: link) hands its arguments to the running instance and leaves.
  app.quit();
} else {
  registerAppScheme();
  for (const scheme of ['tel', 'sip']) app.setAsDefaultProtocolClient(scheme);
  void run();
}

async function run(): Promise<void> {
  let services: MainServices | null = null;
  let window: BrowserWindow | null = null;
  const pendingDial: string[] = [];
  const requestDial = (target: string | null) => {
    if (!target) return;
    if (services && window) services.events.emit('dial:requested', { target });
    else pendingDial.push(target);
    window?.show();
  };

  app.on('second-instance', (_event, argv) => requestDial(findDialLinkInArgs(argv)));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    requestDial(parseDialLink(url));
  });
  requestDial(findDialLinkInArgs(process.argv));

  await app.whenReady();
  hardenSession();
  hardenWebContents();
  const root = findAppRoot(__dirname);
  serveRenderer(path.join(root, 'out/renderer'));

  try {
    services = startMainServices({
      // An invalid file does not stop the app: it starts with calling disabled and the problems
      // listed (fail closed), and applies the file as soon as IT fixes it.
      policy: watchPolicyFile(process.env['SORI_POLICY_FILE'] ?? defaultPolicyFile(), { logger }),
      profileDir,
      shell: 'electron',
      version: appVersion(root),
      // Packaged: electron-builder's extraResources; from the sources: the repository's copy.
      noticesDir: app.isPackaged
        ? path.join(process.resourcesPath, 'notices')
        : path.join(root, 'resources/notices'),
      systemLocale: app.getLocale(),
      secrets: createFileSecretStore(path.join(profileDir, 'secrets'), createSafeStorageCipher()),
      evidenceDir: path.join(app.getPath('documents'), 'Sori Desk Evidence'),
      diagnosticsDir: path.join(app.getPath('documents'), 'Sori Desk Diagnostics'),
      loginItem: electronLoginItem(),
      logger,
      isTrustedSender: isAppUrl,
    });
  } catch (error) {
    logger.error('start-up failed', { error });
    const korean = app.getLocale().startsWith('ko');
    const message =
      error instanceof StoreError ? storeErrorMessage(error, korean ? 'ko' : 'en') : String(error);
    dialog.showErrorBox('Sori Desk', message);
    app.exit(1);
    return;
  }

  window = createMainWindow(path.join(__dirname, '../preload/index.js'));
  bindElectronIpc(services, () => window);
  startGlobalHotkeys(services);
  startTray(
    services,
    () => window,
    app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(root, 'resources/tray'),
    app.getLocale().startsWith('ko') ? 'ko' : 'en',
  );
  // Controlled updates; not started at all while IT's kill switch is on (policy updates.enabled).
  startAutoUpdates(services, logger);
  window.webContents.once('did-finish-load', () => pendingDial.splice(0).forEach(requestDial));
  window.webContents.on('render-process-gone', (_event, details) =>
    logger.error('renderer process gone', { reason: details.reason, exitCode: details.exitCode }),
  );

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    // Unregister and flush SQLite before the process goes away.
    event.preventDefault();
    quitting = true;
    void services.shutdown(window && !window.isDestroyed() ? 3000 : 0).finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
}
