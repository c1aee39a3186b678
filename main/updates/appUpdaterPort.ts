import fs from 'node:fs';
import path from 'node:path';
// Types only: electron-updater's autoUpdater is created by the Electron glue (app/autoUpdater.ts).
// Its classes load in plain Node (they require 'electron' only when an Electron adapter or
// installer step is used), which is how the integration tests run this file against a real feed.
import type { AppUpdater, Logger as UpdaterLogger, UpdateInfo } from 'electron-updater';
import type { Logger } from '../logging/logger';
import type { UpdateSettings } from './updatePolicy';
import { NO_FEED_ERROR, scrubUrls, type FeedRelease, type UpdaterPort } from './updateService';

/** Where the updater keeps what it downloads, under the OS cache directory. */
export const UPDATER_CACHE_DIR_NAME = 'sori-desk-updater';

export interface AppUpdaterPortOptions {
  /**
   * The feed settings the installer was built with (electron-builder writes
   * `resources/app-update.yml` when the build has a `publish` entry): used when the policy sets
   * no `feedUrl`.
   */
  builtInConfigFile: string;
  /**
   * Where to write a minimal updater config when the installer has none and IT names its own
   * feed: electron-updater reads its download cache directory from that file even when the feed
   * is set in code.
   */
  fallbackConfigFile: string;
  logger: Logger;
}

/**
 * electron-updater's AppUpdater (the autoUpdater of the Electron build) as the update service's
 * port. The check, the channel file (latest.yml, beta.yml; -mac/-linux on those platforms),
 * version comparison and the sha512-checked download are electron-updater's own code; this file
 * only configures it from the policy and keeps its decisions to itself:
 * - autoDownload off: the service decides when to fetch (never during a call);
 * - autoInstallOnAppQuit off: nothing is installed when the agent quits; an update goes in only
 *   through the service's decision, so IT's rules hold on every path;
 * - allowDowngrade off (electron-updater turns it on whenever a channel is set): an older build
 *   would meet a database already migrated by this one, which the app refuses to open.
 */
export function createAppUpdaterPort(
  updater: AppUpdater,
  options: AppUpdaterPortOptions,
): UpdaterPort {
  const log = options.logger;
  updater.logger = updaterLogger(log.child('electron-updater'));
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  let feedConfigured = false;

  return {
    currentVersion: updater.currentVersion.version,
    configure(settings: UpdateSettings) {
      const builtIn = fs.existsSync(options.builtInConfigFile);
      if (settings.feedUrl === null) {
        updater.updateConfigPath = options.builtInConfigFile;
        feedConfigured = builtIn;
      } else {
        if (builtIn) {
          updater.updateConfigPath = options.builtInConfigFile;
        } else {
          fs.mkdirSync(path.dirname(options.fallbackConfigFile), { recursive: true });
          fs.writeFileSync(
            options.fallbackConfigFile,
            `# Written by Sori Desk: the installer has no app-update.yml; the feed is the policy's.\n` +
              `updaterCacheDirName: ${UPDATER_CACHE_DIR_NAME}\n`,
          );
          updater.updateConfigPath = options.fallbackConfigFile;
        }
        // After updateConfigPath, which forgets any feed set before it.
        updater.setFeedURL({
          provider: 'generic',
          url: settings.feedUrl,
          channel: settings.channel,
        });
        feedConfigured = true;
      }
      updater.channel = settings.channel;
      updater.allowDowngrade = false;
    },
    async check() {
      if (!feedConfigured) {
        throw Object.assign(
          new Error(
            'no update feed: the installer has no built-in feed (app-update.yml) and the policy sets no updates.feedUrl',
          ),
          { code: NO_FEED_ERROR },
        );
      }
      const result = await updater.checkForUpdates();
      if (result === null) return null;
      return { release: toRelease(result.updateInfo), newer: result.isUpdateAvailable };
    },
    download: () => updater.downloadUpdate(),
    quitAndInstall() {
      // Silent (no installer wizard in front of the agent), and the app starts again after.
      updater.quitAndInstall(true, true);
    },
  };
}

function toRelease(info: UpdateInfo): FeedRelease {
  return {
    version: info.version,
    releaseDate: info.releaseDate ?? null,
    files: (info.files ?? []).map((file) => ({
      url: file.url,
      sha512: file.sha512,
      size: file.size ?? null,
    })),
  };
}

/**
 * electron-updater's own log lines into ours: its progress at debug (the service logs the
 * decisions), its warnings and errors at warn, first line only, without URL credentials.
 */
function updaterLogger(log: Logger): UpdaterLogger {
  const text = (message: unknown) =>
    scrubUrls(String(message instanceof Error ? message.message : message).split('\n')[0]!).slice(
      0,
      500,
    );
  return {
    debug: (message) => log.debug(text(message)),
    info: (message) => log.debug(text(message)),
    warn: (message) => log.warn(text(message)),
    error: (message) => log.warn(text(message)),
  };
}
