import type { Logger } from '../logging/logger';
import {
  checkDecision,
  checkIntervalMs,
  downloadDecision,
  installDecision,
  type DeferReason,
  type UpdateSettings,
} from './updatePolicy';
import type { WorkSource } from './workState';

/** The port's error code when neither the policy nor the installer names a feed. */
export const NO_FEED_ERROR = 'ERR_NO_FEED';

/** A release as the feed describes it (electron-updater's latest.yml / beta.yml). */
export interface FeedRelease {
  version: string;
  releaseDate: string | null;
  files: Array<{ url: string; sha512: string; size: number | null }>;
}

/**
 * The updater, seen from the service. The Electron build wraps electron-updater's autoUpdater
 * (app/autoUpdater.ts, through appUpdaterPort.ts); nothing here needs Electron.
 */
export interface UpdaterPort {
  /** The running version. */
  readonly currentVersion: string;
  /** Points the updater at the policy's channel and feed; called before a check when they change. */
  configure(settings: UpdateSettings): void;
  /**
   * Reads the channel's file from the feed. `newer`: the release is newer than the running
   * version (never a downgrade). Null: the updater is inactive (an unpackaged build).
   */
  check(): Promise<{ release: FeedRelease; newer: boolean } | null>;
  /** Fetches the release found by the last check, checksum verified. Resolves to its files. */
  download(): Promise<string[]>;
  /** Quits the app and runs the installer. */
  quitAndInstall(): void;
}

export type UpdatePhase =
  | 'idle'
  | 'checking'
  /** Found, waiting to be fetched (see `deferredBy`). */
  | 'available'
  | 'downloading'
  /** Fetched, waiting for a moment it may be installed (see `deferredBy`). */
  | 'downloaded'
  | 'installing';

export interface UpdateStatus {
  phase: UpdatePhase;
  /** The release found, from `available` on. */
  version: string | null;
  /** Why the download or install waits, or null. */
  deferredBy: DeferReason | null;
  lastCheckAt: number | null;
}

/** Time, injectable so tests move it by hand instead of waiting. */
export interface UpdateClock {
  now(): number;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemClock: UpdateClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface UpdateServiceDeps {
  /** The policy's `updates` section as it is now (read on every decision: IT's changes apply live). */
  settings(): UpdateSettings;
  port: UpdaterPort;
  work: WorkSource;
  logger: Logger;
  clock?: UpdateClock;
  /** The first check this long after start, so start-up and registration go first. Default 60 s. */
  firstCheckDelayMs?: number;
  /** A deferred download or install is looked at again this often (calls end without an event). Default 30 s. */
  retryMs?: number;
  /** After a failed check or download, the next try comes after this (at most the interval). Default 30 min. */
  failureRetryMs?: number;
}

export interface UpdateService {
  status(): UpdateStatus;
  /** Does what is due now (check, download or install) and resolves when it is done. */
  tick(): Promise<void>;
  /** Resolves when no step is running. */
  whenIdle(): Promise<void>;
  stop(): void;
}

/**
 * Controlled updates: checks IT's feed on the policy's interval, fetches a newer release when no
 * call is up, and installs it only when nothing of the agent's work is in the way (see
 * updatePolicy.ts). A deferred install is looked at again when main announces a change (agent
 * state, outbox) and every `retryMs` (the end of a call has no event of its own), so it goes in
 * at the first moment it may. Every decision is logged with its reason; the feed's address and
 * errors are logged without credentials.
 */
export function createUpdateService(deps: UpdateServiceDeps): UpdateService {
  const clock = deps.clock ?? systemClock;
  const log = deps.logger;
  const retryMs = deps.retryMs ?? 30_000;
  const failureRetryMs = deps.failureRetryMs ?? 30 * 60_000;

  let phase: UpdatePhase = 'idle';
  let release: FeedRelease | null = null;
  let deferredBy: DeferReason | null = null;
  let lastCheckAt: number | null = null;
  /** After a failure the next check comes sooner than the interval. */
  let retryCheckAt: number | null = null;
  let configured: string | null = null;
  let disabledLogged = false;
  let running: Promise<void> | null = null;
  let cancelTimer: (() => void) | null = null;
  let stopped = false;

  const defer = (what: 'download' | 'install', reason: DeferReason) => {
    // Logged when the reason changes, not on every retry.
    if (deferredBy !== reason) log.info(`${what} deferred`, { version: release?.version, reason });
    deferredBy = reason;
  };

  const check = async (settings: UpdateSettings) => {
    const key = JSON.stringify({ channel: settings.channel, feedUrl: settings.feedUrl });
    if (configured !== key) {
      deps.port.configure(settings);
      configured = key;
    }
    phase = 'checking';
    lastCheckAt = clock.now();
    retryCheckAt = null;
    log.info('checking for update', {
      channel: settings.channel,
      feed: feedOrigin(settings.feedUrl),
      current: deps.port.currentVersion,
    });
    try {
      const found = await deps.port.check();
      if (found === null) {
        log.info('updater inactive (unpackaged build): no update');
        phase = 'idle';
      } else if (!found.newer) {
        log.info('no newer version', {
          current: deps.port.currentVersion,
          latest: found.release.version,
        });
        phase = 'idle';
      } else {
        release = found.release;
        phase = 'available';
        log.info('update found', { version: release.version, channel: settings.channel });
      }
    } catch (error) {
      phase = 'idle';
      const described = describeError(error);
      // No feed at all is a setting, not an outage: asking again sooner would not help.
      if (described.code !== NO_FEED_ERROR) {
        retryCheckAt = clock.now() + Math.min(failureRetryMs, checkIntervalMs(settings));
      }
      log.warn('update check failed', described);
    }
  };

  const download = async (settings: UpdateSettings) => {
    const decision = downloadDecision(settings, deps.work.current());
    if (!decision.allowed) return defer('download', decision.reason);
    deferredBy = null;
    phase = 'downloading';
    log.info('downloading update', { version: release?.version });
    try {
      await deps.port.download();
      phase = 'downloaded';
      log.info('update downloaded (checksum verified)', { version: release?.version });
    } catch (error) {
      // The next check finds the release again and fetches it afresh.
      phase = 'idle';
      release = null;
      retryCheckAt = clock.now() + Math.min(failureRetryMs, checkIntervalMs(settings));
      log.warn('update download failed', describeError(error));
    }
  };

  const install = (settings: UpdateSettings) => {
    const decision = installDecision(settings, deps.work.current());
    if (!decision.allowed) return defer('install', decision.reason);
    deferredBy = null;
    phase = 'installing';
    log.info('installing update: quitting', {
      from: deps.port.currentVersion,
      to: release?.version,
    });
    deps.port.quitAndInstall();
  };

  const step = async () => {
    const settings = deps.settings();
    if (!settings.enabled) {
      // IT's kill switch: no request leaves, and nothing found earlier is fetched or installed.
      if (!disabledLogged) log.info('updates disabled by policy: not checking', { phase });
      disabledLogged = true;
      if (phase === 'available' || phase === 'downloaded') deferredBy = 'disabled';
      return;
    }
    disabledLogged = false;
    if (phase === 'idle') {
      const due = checkDecision(settings, lastCheckAt, clock.now());
      const retryDue = retryCheckAt !== null && clock.now() >= retryCheckAt;
      if (!due.check && !retryDue) return;
      await check(settings);
    }
    if (phase === 'available') await download(settings);
    if (phase === 'downloaded') install(settings);
  };

  /** When to look again: soon while something waits, else when the next check is due. */
  const schedule = () => {
    cancelTimer?.();
    cancelTimer = null;
    if (stopped || phase === 'installing') return;
    const settings = deps.settings();
    let delay: number;
    if (phase === 'available' || phase === 'downloaded') delay = retryMs;
    else if (!settings.enabled || lastCheckAt === null) delay = checkIntervalMs(settings);
    else {
      const next = Math.min(
        lastCheckAt + checkIntervalMs(settings),
        retryCheckAt ?? Number.POSITIVE_INFINITY,
      );
      delay = Math.max(0, next - clock.now());
    }
    cancelTimer = clock.setTimeout(() => void tick(), delay);
  };

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= step()
      .catch((error: unknown) => log.error('update step failed', describeError(error)))
      .finally(() => {
        running = null;
        schedule();
      });
    return running;
  };

  const unsubscribe = deps.work.onChange(() => {
    // Only a waiting download or install can be unblocked by the agent's work changing.
    if (phase === 'available' || phase === 'downloaded') void tick();
  });

  cancelTimer = clock.setTimeout(() => void tick(), deps.firstCheckDelayMs ?? 60_000);
  const initial = deps.settings();
  log.info('update service started', {
    enabled: initial.enabled,
    channel: initial.channel,
    feed: feedOrigin(initial.feedUrl),
    checkIntervalHours: initial.checkIntervalHours,
  });

  return {
    status: () => ({ phase, version: release?.version ?? null, deferredBy, lastCheckAt }),
    tick,
    whenIdle: () => running ?? Promise.resolve(),
    stop() {
      stopped = true;
      cancelTimer?.();
      unsubscribe();
    },
  };
}

/** The feed's origin only: a URL may carry credentials or tokens in its user part or query. */
export function feedOrigin(feedUrl: string | null): string {
  if (feedUrl === null) return 'installer';
  try {
    return new URL(feedUrl).origin;
  } catch {
    return 'invalid';
  }
}

/** An error as a log field: electron-updater's code and HTTP status, and the message without URL credentials. */
export function describeError(error: unknown): {
  code: string | null;
  status: number | null;
  message: string;
} {
  const fields = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  return {
    code: typeof fields.code === 'string' ? fields.code : null,
    status: typeof fields.statusCode === 'number' ? fields.statusCode : null,
    message: scrubUrls(message.split('\n')[0]!.slice(0, 300)),
  };
}

/** Removes `user:password@` and query strings from URLs in free text. */
export function scrubUrls(text: string): string {
  return text
    .replace(/\b(https?:\/\/)[^\s/@]*@/gi, '$1')
    .replace(/(https?:\/\/[^\s?#]*)\?\S*/gi, '$1');
}
