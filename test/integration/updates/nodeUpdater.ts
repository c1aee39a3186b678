import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { URL } from 'node:url';
// builder-util-runtime is electron-updater's own runtime (its dependency); HttpExecutor is the
// base of electron-updater's ElectronHttpExecutor, with the checksum-verifying download.
import {
  configureRequestOptions,
  configureRequestUrl,
  HttpExecutor,
  type DownloadOptions,
} from 'builder-util-runtime';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';

/**
 * electron-updater's HTTP executor over node:http instead of Electron's net module (there is no
 * Electron here). `download` is ElectronHttpExecutor's, unchanged but for `redirect: 'manual'`,
 * which only Electron's net knows: the sha512 check runs in the shared base class.
 */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void) {
    return (options.protocol === 'https:' ? https.request : http.request)(options, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

/** What electron-updater asks of Electron's `app`, answered from a temporary profile. */
function nodeAppAdapter(dir: string, version: string): AppAdapter {
  return {
    version,
    name: 'Sori Desk',
    isPackaged: true,
    // The installer's built-in feed config: absent, as in builds without a `publish` entry.
    appUpdateConfigPath: path.join(dir, 'resources', 'app-update.yml'),
    userDataPath: path.join(dir, 'userData'),
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

/**
 * electron-updater's DebUpdater (an AppUpdater like the Electron build's autoUpdater: generic
 * feed provider, channel files, semver comparison, staging, sha512-verified download into its
 * cache) running in plain Node. The one stand-in: running the installer and quitting the app
 * (dpkg as root, Electron's app.quit) cannot happen here, so `quitAndInstall` records the call
 * with the verified installer file it would run.
 */
export class NodeTestUpdater extends DebUpdater {
  readonly installs: Array<{ silent: boolean; runAfter: boolean; installer: string | null }> = [];

  constructor(dir: string, version: string) {
    super(null, nodeAppAdapter(dir, version));
    // AppUpdater leaves its executor null when given an app adapter; this is the Node one.
    Object.assign(this, { httpExecutor: new NodeHttpExecutor() });
  }

  override quitAndInstall(isSilent = false, isForceRunAfter = false): void {
    this.installs.push({
      silent: isSilent,
      runAfter: isForceRunAfter,
      installer: this.installerPath,
    });
  }
}
