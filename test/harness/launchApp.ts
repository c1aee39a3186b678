import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Page } from 'playwright-core';
import type { Language } from '../../preload/contract';
import { launchChromiumShell, type ChromiumShell } from '../../main/chromiumShell/launch';
import { saveAccount } from '../../main/db/repositories/accounts';
import { setSetting } from '../../main/db/repositories/settings';
import { createLogger, fileSink, memorySink } from '../../main/logging/logger';
import { openProfileDatabase, openProfileStore, profileSecrets } from './profileStore';

export interface HarnessSipAccount {
  /** e.g. '1001' */
  user: string;
  password: string;
  /** SIP domain, e.g. '127.0.0.1' */
  domain: string;
  /** One or more ws:// URLs. */
  wsServers: string[];
  displayName?: string;
  /** How the account sends DTMF; default RFC 4733. */
  dtmfMode?: 'rfc4733' | 'info';
}

export interface LaunchAppOptions {
  /** UI language; the harness sets the OS locale the app sees (ko-KR or en-US). Default 'en'. */
  language?: Language;
  /** Pre-configured SIP account; omitted = first-run state (the account form is shown). */
  account?: HarnessSipAccount;
  /**
   * Fake microphone WAV (48 kHz mono s16). Omitted = Chromium's default fake beep device.
   * 'none': no fake capture device at all, so the app sees only the machine's real microphones
   * (none here, nor on CI): an agent whose headset is not plugged in.
   */
  microphoneWav?: string | 'none';
  /** Mic echo cancellation/noise suppression/AGC. Default false: they flatten test tones. */
  micProcessing?: boolean;
  /** Re-use a profile directory (e.g. to restart the app on the same database). */
  profileDir?: string;
  /** Show the window (needs $DISPLAY). Default headless. */
  headed?: boolean;
  /** Machine policy (written to a file in the profile and handed to the app like IT's would be). */
  policy?: unknown;
  /** Recording notices folder instead of resources/notices (e.g. a tampered copy). */
  noticesDir?: string;
  /**
   * Runs after seeding, just before the app starts: e.g. damage the database file to see what
   * the app does with it.
   */
  prepareProfile?: (profileDir: string) => void;
  /** Extra Chromium switches (e.g. a remote-debugging port for a test that kills the app). */
  extraArgs?: string[];
}

export interface AppHandle {
  page: Page;
  shell: ChromiumShell;
  profileDir: string;
  /** The profile's SQLite file. */
  dbFile: string;
  /** Lines the main process logged (already redacted), for assertions about logging. */
  logLines: string[];
  /** A read-only connection to the profile's database (one, reused), closed with the app. */
  readDb(): Database;
  /** Orderly shutdown (renderer unregisters, SQLite flushed), like quitting the app. */
  close(): Promise<void>;
}

/** The policy file the app reads: the given policy, or a path with no file (the defaults). */
export function writePolicy(profileDir: string, policy: unknown): string {
  const file = path.join(profileDir, 'machine-policy.json');
  if (policy !== undefined) fs.writeFileSync(file, JSON.stringify(policy));
  return file;
}

/** A fresh, empty profile directory under the OS temp dir. */
export function freshProfileDir(label = 'profile'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sori-${label}-`));
}

/**
 * Writes settings and an account into a profile before the app starts, through the app's own
 * store and secret store (so the password lands where the app keeps it, never in SQLite).
 */
export function seedProfile(
  profileDir: string,
  options: Pick<LaunchAppOptions, 'account' | 'micProcessing'>,
): void {
  const store = openProfileStore(profileDir);
  try {
    setSetting(store.db, 'micProcessing', options.micProcessing ?? false);
    if (options.account) {
      const { user, domain, password, wsServers, displayName, dtmfMode } = options.account;
      const secrets = profileSecrets(profileDir);
      saveAccount(store.db, {
        displayName: displayName ?? `Agent ${user}`,
        sipUri: `sip:${user}@${domain}`,
        wsServers,
        ...(dtmfMode ? { dtmfMode } : {}),
        passwordRef: secrets.put(password),
      });
    }
  } finally {
    store.close();
  }
}

/**
 * Launches Sori Desk in the Chromium shell: the built renderer in Debian's Chromium, the real
 * main services (SQLite on disk, secrets, IPC router) in this process. Run `npm run build` first.
 */
export async function launchApp(options: LaunchAppOptions = {}): Promise<AppHandle> {
  const profileDir = options.profileDir ?? freshProfileDir();
  seedProfile(profileDir, options);
  options.prepareProfile?.(profileDir);
  const memory = memorySink();
  const logger = createLogger({
    level: 'debug',
    sinks: [memory, fileSink(path.join(profileDir, 'logs/main.log'))],
  });
  const shell = await launchChromiumShell({
    profileDir,
    locale: options.language === 'ko' ? 'ko-KR' : 'en-US',
    headless: !options.headed,
    logger,
    ...(options.noticesDir ? { noticesDir: options.noticesDir } : {}),
    policyFile: writePolicy(profileDir, options.policy),
    // Tests change the file and wait for the app to apply it: look often.
    policyPollMs: 100,
    ...(options.microphoneWav && options.microphoneWav !== 'none'
      ? { fakeMicrophoneWav: options.microphoneWav }
      : {}),
    extraArgs: [
      ...(options.microphoneWav === 'none'
        ? ['--use-fake-ui-for-media-stream']
        : options.microphoneWav
          ? []
          : ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']),
      ...(options.extraArgs ?? []),
    ],
  });
  let reader: Database | null = null;
  return {
    page: shell.page,
    shell,
    profileDir,
    dbFile: shell.services.dbFile,
    logLines: memory.lines,
    readDb() {
      reader ??= openProfileDatabase(shell.services.dbFile, { readonly: true });
      return reader;
    },
    async close() {
      reader?.close();
      await shell.close();
    },
  };
}
