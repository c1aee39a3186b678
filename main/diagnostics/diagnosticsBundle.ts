import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { HealthCheckResult, SyncStatus } from '../../preload/contract';
import { getAccount } from '../db/repositories/accounts';
import { lastHealthCheck } from '../db/repositories/healthChecks';
import { redactText } from '../logging/redact';
import type { MachinePolicy } from '../policy/machinePolicy';
import { managedSettings } from '../policy/managedSettings';
import type { PolicyStatus } from '../policy/policySource';

/** Bumped when the bundle's layout changes, so IT's scripts can tell versions apart. */
export const DIAGNOSTICS_FORMAT = 'sori-desk-diagnostics/1';

export interface DiagnosticsOptions {
  db: Database;
  /** The folder the bundle file is written into (created when missing). */
  outDir: string;
  /** The folder of main.log and its rotated files. */
  logDir: string;
  now: number;
  app: { version: string; shell: 'electron' | 'chromium' };
  /** The policy in effect, and the file it came from (its status: valid, or its problems). */
  policy: MachinePolicy;
  policyStatus: PolicyStatus;
  sync: SyncStatus;
  /** The secret store's kind (which OS keychain, or the development store). */
  secretStore: string;
  /**
   * The secrets themselves (SIP password, CRM token), read by the caller. Never written: every
   * occurrence in the finished bundle is replaced, whatever path it took into a log line.
   */
  knownSecrets: readonly string[];
  /** Defaults to this process's. */
  versions?: NodeJS.ProcessVersions;
}

export interface DiagnosticsResult {
  file: string;
  bytes: number;
  /** Occurrences of a known secret that had to be taken out (should always be 0). */
  secretsRemoved: number;
}

export class DiagnosticsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiagnosticsError';
  }
}

/** main.log, main.1.log …: the rotated logs, oldest first. */
export function listLogFiles(logDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(logDir);
  } catch {
    return [];
  }
  const index = (name: string) => Number(/^main(?:\.(\d+))?\.log$/.exec(name)?.[1] ?? 0);
  return names
    .filter((name) => /^main(?:\.\d+)?\.log$/.test(name))
    .sort((a, b) => index(b) - index(a))
    .map((name) => path.join(logDir, name));
}

/** `sip:1001@pbx.example.com` → `sip:[user]@pbx.example.com`; URLs lose any user:password. */
const maskSipUser = (uri: string) => uri.replace(/^(sips?):[^@]*@/i, '$1:[user]@');
function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return redactText(url);
  }
}

/** Row counts of every table (no row itself: the tables hold customers' data). */
function tableCounts(db: Database): Record<string, number> {
  const tables = db
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all();
  return Object.fromEntries(
    tables.map((name) => [
      name,
      db
        .prepare<[], number>(`SELECT count(*) FROM "${name.replace(/"/g, '""')}"`)
        .pluck()
        .get() ?? 0,
    ]),
  );
}

function healthCheckView(run: HealthCheckResult | null) {
  if (!run) return null;
  return {
    ...run,
    items: run.items.map((item) => ({
      ...item,
      target: item.target === null ? null : redactText(item.target),
    })),
  };
}

/** The policy as in effect, with any credentials a URL might carry taken out. */
function policyView(policy: MachinePolicy) {
  return {
    ...policy,
    ...(policy.crm ? { crm: { ...policy.crm, baseUrl: withoutUserInfo(policy.crm.baseUrl) } } : {}),
    ...(policy.updates.feedUrl
      ? { updates: { ...policy.updates, feedUrl: withoutUserInfo(policy.updates.feedUrl) } }
      : {}),
    ...(policy.sip
      ? { sip: { ...policy.sip, wsServers: policy.sip.wsServers.map(withoutUserInfo) } }
      : {}),
  };
}

function readLogs(logDir: string) {
  return listLogFiles(logDir).map((file) => {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      // A file rotated away between listing and reading: the next one still has the newest lines.
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    // Again through the redactor: lines written by an older version, or by hand, are covered too.
    return { file: path.basename(file), lines: lines.map(redactText) };
  });
}

const stamp = (at: number) =>
  new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * What the bundle holds: versions, OS, database schema version and row counts, the effective
 * machine policy and its source, the account (no password, SIP user masked), the last health
 * check, the sync status and the logs, redacted again. No customer data: no row is read except
 * the account and the last health check; every other table is only counted.
 */
export function collectDiagnostics(options: DiagnosticsOptions) {
  const { db } = options;
  const account = getAccount(db);
  const versions = options.versions ?? process.versions;
  return {
    format: DIAGNOSTICS_FORMAT,
    createdAt: new Date(options.now).toISOString(),
    app: { version: options.app.version, shell: options.app.shell },
    versions: {
      electron: versions['electron'] ?? null,
      chrome: versions['chrome'] ?? null,
      node: versions.node,
      v8: versions.v8,
      modules: versions.modules,
    },
    os: {
      platform: process.platform,
      arch: process.arch,
      release: os.release(),
      version: os.version(),
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      memoryMiB: Math.round(os.totalmem() / 1024 / 1024),
      cpus: os.cpus().length,
    },
    database: {
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
      rows: tableCounts(db),
    },
    policy: {
      // Where it came from: the file (when there is none, the built-in defaults apply), and
      // whether it could be used (an invalid file keeps the last valid policy, calling disabled).
      source: {
        file: options.policyStatus.file,
        fileExists: options.policyStatus.file !== null && fs.existsSync(options.policyStatus.file),
        valid: options.policyStatus.valid,
        problems: options.policyStatus.problems,
      },
      managedSettings: managedSettings(options.policy),
      effective: policyView(options.policy),
    },
    secretStore: options.secretStore,
    account: account && {
      displayName: account.displayName,
      sipUri: maskSipUser(account.sipUri),
      wsServers: account.wsServers.map(withoutUserInfo),
      dtmfMode: account.dtmfMode,
      hasPassword: account.passwordRef !== null,
    },
    lastHealthCheck: healthCheckView(lastHealthCheck(db)),
    sync: options.sync,
    logs: readLogs(options.logDir),
  };
}
export type DiagnosticsBundle = ReturnType<typeof collectDiagnostics>;

/**
 * Writes {@link collectDiagnostics} as one JSON file in `outDir`, after taking out every
 * occurrence of a known secret.
 */
export function writeDiagnosticsBundle(options: DiagnosticsOptions): DiagnosticsResult {
  let text = JSON.stringify(collectDiagnostics(options), null, 2) + '\n';
  let secretsRemoved = 0;
  for (const secret of options.knownSecrets) {
    // Short values (a 4-digit PIN) would match by chance everywhere; the redactor covers those.
    if (secret.length < 6) continue;
    const parts = text.split(JSON.stringify(secret).slice(1, -1));
    secretsRemoved += parts.length - 1;
    text = parts.join('[redacted]');
  }
  try {
    JSON.parse(text);
  } catch {
    throw new DiagnosticsError('the diagnostics could not be made safe to write');
  }

  fs.mkdirSync(options.outDir, { recursive: true });
  const base = path.join(options.outDir, `sori-desk-diagnostics-${stamp(options.now)}`);
  let file = `${base}.json`;
  for (let n = 2; fs.existsSync(file); n++) file = `${base}-${n}.json`;
  // Complete before it appears under its name: IT never finds half a bundle.
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, text, { mode: 0o600 });
  fs.renameSync(partial, file);
  return { file, bytes: Buffer.byteLength(text), secretsRemoved };
}
