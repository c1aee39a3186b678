import { fixedPolicySource, type PolicySource } from '../../../main/policy/policySource';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { channelNames, type ChannelName } from '../../../preload/contract';
import { SHIPPED_NOTICES } from '../../harness/notices';
import { openStore } from '../../../main/db/store';
import { createEventHub } from '../../../main/ipc/events';
import { createIpcRouter, type Handlers } from '../../../main/ipc/handle';
import { createHandlers } from '../../../main/ipc/register';
import { createLogger, memorySink } from '../../../main/logging/logger';
import { createNoticeLibrary } from '../../../main/notices/noticeLibrary';
import { createRecordingService } from '../../../main/recording/recordingHandlers';
import { createSyncService } from '../../../main/crm/syncService';
import { DEFAULT_POLICY, type MachinePolicy } from '../../../main/policy/machinePolicy';
import {
  createFileSecretStore,
  developmentPlaintextCipher,
} from '../../../main/secrets/secretStore';

export const APP_URL = 'http://127.0.0.1:5999/index.html';

/**
 * The real handlers over a real SQLite file in a fresh profile, behind the real router, with
 * every handler call counted and every pushed event recorded.
 */
/** The app's shipped notices; tests that tamper with notices pass a copy. */
export { SHIPPED_NOTICES };

export function createIpcTestbed(
  noticesDir = SHIPPED_NOTICES,
  policyOrSource: MachinePolicy | PolicySource = DEFAULT_POLICY,
) {
  const policySource =
    'current' in policyOrSource ? policyOrSource : fixedPolicySource(policyOrSource);
  const policy = policySource.current();
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-ipc-'));
  const store = openStore(profileDir);
  const secretsDir = path.join(profileDir, 'secrets');
  const events = createEventHub();
  const pushed: string[] = [];
  events.subscribe((event) => pushed.push(event));
  const log = memorySink();
  const logger = createLogger({ level: 'debug', sinks: [log] });
  const secrets = createFileSecretStore(secretsDir, developmentPlaintextCipher);
  const recording = createRecordingService({
    db: store.db,
    secrets,
    logger,
    enabled: policy.recording.enabled,
    dir: path.join(profileDir, 'recordings'),
  });
  const sync = createSyncService({ db: store.db, policy: policy.crm, secrets, events, logger });
  const handlers = createHandlers({
    db: store.db,
    secrets,
    events,
    logger,
    notices: store.notices,
    recordingNotices: createNoticeLibrary(noticesDir),
    policy: policySource,
    recording,
    sync,
    evidence: {
      dir: path.join(profileDir, 'evidence'),
      verifierScript: path.resolve(__dirname, '../../../out/evidence/verify-evidence.cjs'),
    },
    diagnostics: {
      dir: path.join(profileDir, 'diagnostics'),
      logDir: path.join(profileDir, 'logs'),
    },
    app: { shell: 'chromium', version: '0.0.0-test', systemLocale: 'ko-KR' },
    onRendererReadyToQuit: () => undefined,
  });
  const calls = new Map<ChannelName, number>();
  const counted = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      (request: unknown, sender: unknown) => {
        calls.set(channel, (calls.get(channel) ?? 0) + 1);
        return (handlers[channel] as (r: unknown, s: unknown) => unknown)(request, sender);
      },
    ]),
  ) as unknown as Handlers;
  const dispatch = createIpcRouter(counted, {
    isTrustedSender: (url) => url.startsWith('http://127.0.0.1:5999/'),
    logger,
  });
  const totalChanges = () =>
    (store.db.prepare('select total_changes() as n').get() as { n: number }).n;
  const secretFiles = () => (fs.existsSync(secretsDir) ? fs.readdirSync(secretsDir).sort() : []);
  return {
    handlers,
    dispatch,
    calls,
    pushed,
    events,
    logLines: log.lines,
    db: store.db as Database.Database,
    totalChanges,
    secretFiles,
    profileDir,
    recording,
    close: () => {
      sync.stop();
      store.close();
    },
  };
}
