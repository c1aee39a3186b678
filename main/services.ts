import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { StartupNotice } from '../preload/contract';
import { findAppRoot } from './appRoot';
import { EVIDENCE_VERIFIER } from './audit/evidence/evidenceFormat';
import { openStore } from './db/store';
import { createEventHub, type EventHub } from './ipc/events';
import { createIpcRouter, type Dispatch } from './ipc/handle';
import { createHandlers } from './ipc/register';
import type { Logger } from './logging/logger';
import { createNoticeLibrary } from './notices/noticeLibrary';
import { createRecordingService } from './recording/recordingHandlers';
import { createSyncService } from './crm/syncService';
import type { MachinePolicy } from './policy/machinePolicy';
import type { SecretStore } from './secrets/secretStore';

/** Client-side recordings (encrypted) live here, under the profile. */
export const RECORDINGS_DIR = 'recordings';

export interface ServicesOptions {
  /** The profile directory: database, secrets and logs live under it. */
  profileDir: string;
  shell: 'electron' | 'chromium';
  version: string;
  /** OS locale, e.g. 'ko-KR'; decides the UI language when the setting is 'system'. */
  systemLocale: string;
  secrets: SecretStore;
  logger: Logger;
  /** Machine policy set by IT (already validated; see policy/machinePolicy.ts). */
  policy: MachinePolicy;
  /** Folder with the recording notices and their manifest (default: the app's resources/notices). */
  noticesDir: string;
  /** Where evidence packages are written; default `<profile>/evidence`. */
  evidenceDir?: string;
  /** Whether a request comes from the app's own renderer. */
  isTrustedSender(url: string): boolean;
}

/**
 * Everything the main process does, independent of Electron: both shells create exactly this
 * and only differ in how requests reach `dispatch` and how `events` reach the window.
 */
export interface MainServices {
  readonly db: Database;
  readonly dbFile: string;
  readonly notices: StartupNotice[];
  readonly events: EventHub;
  readonly dispatch: Dispatch;
  readonly logger: Logger;
  /**
   * Orderly shutdown: asks the renderer to unregister (app:willQuit), waits for its
   * app:readyToQuit or `graceMs`, then checkpoints and closes SQLite.
   */
  shutdown(graceMs?: number): Promise<void>;
}

export function startMainServices(options: ServicesOptions): MainServices {
  const logger = options.logger;
  const store = openStore(options.profileDir);
  logger.info('store opened', { file: store.file, notices: store.notices.map((n) => n.code) });
  logger.info('secret store', { kind: options.secrets.kind });

  const events = createEventHub();
  let rendererQuitReady: (() => void) | null = null;

  const recording = createRecordingService({
    db: store.db,
    secrets: options.secrets,
    logger: logger.child('recording'),
    enabled: options.policy.recording.enabled,
    dir: path.join(options.profileDir, RECORDINGS_DIR),
  });
  const sync = createSyncService({
    db: store.db,
    policy: options.policy.crm,
    secrets: options.secrets,
    events,
    logger: logger.child('sync'),
  });
  const handlers = createHandlers({
    db: store.db,
    secrets: options.secrets,
    events,
    logger,
    notices: store.notices,
    recordingNotices: createNoticeLibrary(options.noticesDir),
    policy: options.policy,
    recording,
    sync,
    evidence: {
      dir: options.evidenceDir ?? path.join(options.profileDir, 'evidence'),
      verifierScript: path.join(findAppRoot(__dirname), EVIDENCE_VERIFIER),
    },
    app: { shell: options.shell, version: options.version, systemLocale: options.systemLocale },
    onRendererReadyToQuit: () => rendererQuitReady?.(),
  });
  const dispatch = createIpcRouter(handlers, { isTrustedSender: options.isTrustedSender, logger });

  let closed = false;
  return {
    db: store.db,
    dbFile: store.file,
    notices: store.notices,
    events,
    dispatch,
    logger,
    async shutdown(graceMs = 3000) {
      if (closed) return;
      closed = true;
      const ready = new Promise<void>((resolve) => {
        rendererQuitReady = resolve;
        setTimeout(resolve, graceMs).unref();
      });
      events.emit('app:willQuit', {});
      await ready;
      sync.stop();
      recording.closeAll();
      store.close();
      logger.info('store closed');
    },
  };
}
