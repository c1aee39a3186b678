import path from 'node:path';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { Logger } from '../logging/logger';
import type { MainServices } from '../services';
import { createAppUpdaterPort } from '../updates/appUpdaterPort';
import { effectiveUpdateSettings } from '../updates/updatePolicy';
import { createUpdateService, type UpdateService } from '../updates/updateService';
import { createWorkSource } from '../updates/workState';

/**
 * Electron glue for controlled updates: electron-updater's autoUpdater, configured from the
 * policy's `updates` section, behind the update service (updates/updateService.ts), which decides
 * when to check, fetch and install. With IT's kill switch on at start (or a policy file that
 * does not parse) nothing starts: no updater is created and no feed is asked; switching updates
 * on again takes a restart. Switching them off while running applies at once (the service reads
 * the policy on every decision).
 */
export function startAutoUpdates(
  services: Pick<MainServices, 'db' | 'events' | 'policy'>,
  logger: Logger,
): UpdateService | null {
  const log = logger.child('updates');
  if (!effectiveUpdateSettings(services.policy).enabled) {
    log.info('updates disabled by policy: updater not started');
    return null;
  }
  const work = createWorkSource({ db: services.db, events: services.events });
  const service = createUpdateService({
    // Read on every decision: IT's kill switch, channel and feed apply without a restart.
    settings: () => effectiveUpdateSettings(services.policy),
    work,
    logger: log,
    port: createAppUpdaterPort(autoUpdater, {
      // Where electron-builder puts the feed the installer was built with.
      builtInConfigFile: path.join(process.resourcesPath, 'app-update.yml'),
      fallbackConfigFile: path.join(app.getPath('userData'), 'updates', 'app-update.yml'),
      logger: log,
    }),
  });
  // Before services.shutdown closes SQLite, which the work source reads.
  app.once('before-quit', () => {
    service.stop();
    work.stop();
  });
  return service;
}
