import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { StartupNotice } from '../preload/contract';
import { findAppRoot } from './appRoot';
import { EVIDENCE_VERIFIER } from './audit/evidence/evidenceFormat';
import { secretStoreKeyring } from './db/databaseKey';
import { appendAudit } from './db/repositories/audit';
import { openStore } from './db/store';
import { createEventHub, type EventHub } from './ipc/events';
import { createIpcRouter, type Dispatch } from './ipc/handle';
import { createHandlers } from './ipc/register';
import type { Logger } from './logging/logger';
import { createNoticeLibrary } from './notices/noticeLibrary';
import { createRecordingService } from './recording/recordingHandlers';
import { createSyncService } from './crm/syncService';
import { createPolicyBoundSync } from './crm/policyBoundSync';
import { TOKEN_REF_SETTING } from './crm/syncService';
import { getSetting } from './db/repositories/settings';
import { createTeamBoardService } from './team/teamBoard';
import type { PolicySource } from './policy/policySource';
import type { SecretStore } from './secrets/secretStore';
import { createStartAtLogin, type LoginItemPort } from './settings/startAtLogin';

/** main.log and its rotated files, under the profile (both shells' loggers write there). */
export const LOG_DIR = 'logs';

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
  /** Machine policy set by IT, as it is now (see policy/policySource.ts). Stopped at shutdown. */
  policy: PolicySource;
  /** Folder with the recording notices and their manifest (default: the app's resources/notices). */
  noticesDir: string;
  /** Where evidence packages are written; default `<profile>/evidence`. */
  evidenceDir?: string;
  /** Where diagnostics for IT are written; default `<profile>/diagnostics`. */
  diagnosticsDir?: string;
  /** Tells the OS to start the app at login (Electron glue); none: the setting is only stored. */
  loginItem?: LoginItemPort | null;
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
  /** IT's machine policy as it is now (the Electron glue reads features from it). */
  readonly policy: PolicySource;
  /**
   * Orderly shutdown: asks the renderer to unregister (app:willQuit), waits for its
   * app:readyToQuit or `graceMs`, then checkpoints and closes SQLite.
   */
  shutdown(graceMs?: number): Promise<void>;
}

export function startMainServices(options: ServicesOptions): MainServices {
  const logger = options.logger;
  logger.info('secret store', { kind: options.secrets.kind });
  // The database is encrypted with a key kept in the secret store (OS keychain in Electron).
  const store = openStore(options.profileDir, { keyring: secretStoreKeyring(options.secrets) });
  logger.info('store opened', {
    file: store.file,
    encryption: store.encryption,
    notices: store.notices.map((n) => n.code),
  });
  if (store.encryption === 'migrated') {
    appendAudit(store.db, {
      at: Date.now(),
      actor: 'system',
      action: 'store.encrypted',
      subject: null,
      detail: { cipher: 'chacha20', keyStore: options.secrets.kind },
    });
  }

  const events = createEventHub();
  let rendererQuitReady: (() => void) | null = null;

  const recording = createRecordingService({
    db: store.db,
    secrets: options.secrets,
    logger: logger.child('recording'),
    enabled: options.policy.current().recording.enabled,
    dir: path.join(options.profileDir, RECORDINGS_DIR),
  });
  const sync = createPolicyBoundSync(
    options.policy,
    (crm) =>
      createSyncService({
        db: store.db,
        policy: crm,
        secrets: options.secrets,
        events,
        logger: logger.child('sync'),
      }),
    () => logger.info('crm settings applied', { crm: options.policy.current().crm !== undefined }),
  );
  // A lead's team board follows the role the sync caches (GET /v1/me) and the policy's CRM.
  const teamBoard = createTeamBoardService({
    db: store.db,
    crm: () => options.policy.current().crm,
    token: () => {
      const ref = getSetting<string>(store.db, TOKEN_REF_SETTING);
      return ref ? options.secrets.get(ref) : null;
    },
    events,
    logger: logger.child('teamBoard'),
  });
  const stopTeamBoardPolicy = options.policy.onChange(() => teamBoard.reconcile());
  const stopTeamBoardRole = events.subscribe((event) => {
    if (event === 'team:role') teamBoard.reconcile();
  });
  const startAtLogin = createStartAtLogin({
    db: store.db,
    policy: () => options.policy.current(),
    port: options.loginItem ?? null,
    logger: logger.child('startAtLogin'),
  });
  // A value the policy pins is applied at start (and when IT changes it), whatever was chosen.
  startAtLogin.applyAtStart();
  const stopStartAtLogin = options.policy.onChange(() => startAtLogin.applyAtStart());
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
    teamBoard,
    evidence: {
      dir: options.evidenceDir ?? path.join(options.profileDir, 'evidence'),
      verifierScript: path.join(findAppRoot(__dirname), EVIDENCE_VERIFIER),
    },
    diagnostics: {
      dir: options.diagnosticsDir ?? path.join(options.profileDir, 'diagnostics'),
      logDir: path.join(options.profileDir, LOG_DIR),
    },
    startAtLogin,
    app: { shell: options.shell, version: options.version, systemLocale: options.systemLocale },
    onRendererReadyToQuit: () => rendererQuitReady?.(),
  });
  const dispatch = createIpcRouter(handlers, { isTrustedSender: options.isTrustedSender, logger });
  // The window re-reads what it needs (servers, pinned settings, call options) when IT changes
  // the file; main's own decisions read the policy on every request.
  const stopPolicyEvents = options.policy.onChange(() => events.emit('policy:changed', {}));

  let closed = false;
  return {
    db: store.db,
    dbFile: store.file,
    notices: store.notices,
    events,
    dispatch,
    logger,
    policy: options.policy,
    async shutdown(graceMs = 3000) {
      if (closed) return;
      closed = true;
      const ready = new Promise<void>((resolve) => {
        rendererQuitReady = resolve;
        setTimeout(resolve, graceMs).unref();
      });
      events.emit('app:willQuit', {});
      await ready;
      stopPolicyEvents();
      stopStartAtLogin();
      stopTeamBoardPolicy();
      stopTeamBoardRole();
      teamBoard.stop();
      options.policy.stop();
      sync.stop();
      recording.closeAll();
      store.close();
      logger.info('store closed');
    },
  };
}
