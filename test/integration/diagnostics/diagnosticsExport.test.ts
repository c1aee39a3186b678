import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiagnosticsBundle } from '../../../main/diagnostics/diagnosticsBundle';
import { createLogger, fileSink } from '../../../main/logging/logger';
import { watchPolicyFile, type PolicySource } from '../../../main/policy/policySource';
import { APP_URL, createIpcTestbed, SHIPPED_NOTICES } from '../ipc/ipcTestbed';

const PASSWORD = 'Sip-Passw0rd-7f3k';
const TOKEN = 'crm-token-Zq81xY6pW0';
const PHONE = '010-9876-5432';
const SIP_USER = '7001234';

type Bed = ReturnType<typeof createIpcTestbed>;
let bed: Bed | null = null;
let policy: PolicySource | null = null;
afterEach(() => {
  policy?.stop();
  bed?.close();
  if (bed) fs.rmSync(bed.profileDir, { recursive: true, force: true });
  bed = null;
  policy = null;
});

async function call(b: Bed, channel: string, request: unknown = {}) {
  const result = await b.dispatch(channel, request, { url: APP_URL });
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('diagnostics:export (real store, real secret store, real files)', () => {
  it('writes one file with versions, policy, health check and logs, and no password, token or phone number', async () => {
    // IT's policy file, read by the same watcher the app uses (where it came from is reported).
    const policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-policy-'));
    const policyFile = path.join(policyDir, 'policy.json');
    fs.writeFileSync(
      policyFile,
      JSON.stringify({
        version: 1,
        settings: { startAtLogin: true },
        healthCheck: { requiredBeforeReady: true },
        // A URL with credentials in it: the bundle keeps the server, never the user:password.
        updates: { feedUrl: 'https://it:feed-Passw0rd-9@updates.example.test/feed' },
      }),
    );
    const logger = createLogger({ sinks: [] });
    policy = watchPolicyFile(policyFile, { logger, pollMs: 60_000 });
    bed = createIpcTestbed(SHIPPED_NOTICES, policy);
    fs.rmSync(policyDir, { recursive: true, force: true }); // read once; the source keeps it

    // The secrets are in the secret store, the note with a phone number in SQLite.
    await call(bed, 'account:save', {
      displayName: '상담원 김',
      sipUri: `sip:${SIP_USER}@127.0.0.1`,
      wsServers: ['ws://127.0.0.1:8080'],
      password: PASSWORD,
    });
    await call(bed, 'sync:setToken', { token: TOKEN });
    const note = {
      callId: 'c1',
      customerId: null,
      intentCode: null,
      body: `고객이 ${PHONE} 으로 다시 연락 요청`,
    };
    await call(bed, 'notes:saveDraft', note);
    await call(bed, 'notes:submit', { ...note, override: { reason: '고객 요청으로 번호 기록' } });
    await call(bed, 'healthCheck:record', {
      startedAt: 1_700_000_000_000,
      finishedAt: 1_700_000_003_000,
      items: [
        {
          check: 'microphone',
          status: 'failed',
          code: 'mic_missing',
          target: null,
          ms: null,
          levelDb: null,
        },
      ],
    });

    // Logs in the profile: through the app's redacting logger (rotated), plus lines an older
    // version might have written unredacted, and a token in a form no pattern recognises.
    const logFile = path.join(bed.profileDir, 'logs', 'main.log');
    const appLog = createLogger({ sinks: [fileSink(logFile, { maxBytes: 2048, keep: 3 })] });
    for (let i = 0; i < 40; i++)
      appLog.info('registered', { attempt: i, uri: `sip:${SIP_USER}@pbx` });
    fs.appendFileSync(logFile, `{"msg":"dialled ${PHONE} password=${PASSWORD}"}\n`);
    fs.appendFileSync(logFile, `{"msg":"CRM answered for Bearer ${TOKEN}"}\n`);
    appLog.info('marker-newest-line');
    expect(fs.existsSync(path.join(bed.profileDir, 'logs', 'main.1.log'))).toBe(true);

    const { file, bytes } = (await call(bed, 'diagnostics:export')) as {
      file: string;
      bytes: number;
    };

    // The file is where the shell said bundles go, complete, private to the user.
    expect(path.dirname(file)).toBe(path.join(bed.profileDir, 'diagnostics'));
    expect(path.basename(file)).toMatch(/^sori-desk-diagnostics-\d{8}T\d{6}Z\.json$/);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    const text = fs.readFileSync(file, 'utf8');
    expect(Buffer.byteLength(text)).toBe(bytes);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    // No secret, no phone number, no SIP user, whichever way it might have got in.
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(TOKEN);
    for (const form of [PHONE, PHONE.replace(/-/g, ''), '9876-5432', '98765432'])
      expect(text).not.toContain(form);
    expect(text).not.toContain(SIP_USER);
    expect(text).not.toContain('feed-Passw0rd-9');
    expect(text).not.toContain('다시 연락 요청'); // no note text at all

    const bundle = JSON.parse(text) as DiagnosticsBundle;
    expect(bundle.format).toBe('sori-desk-diagnostics/1');
    expect(bundle.app).toEqual({ version: '0.0.0-test', shell: 'chromium' });
    expect(bundle.versions.node).toBe(process.versions.node);
    expect(bundle.versions).toHaveProperty('electron');
    expect(bundle.versions).toHaveProperty('chrome');
    expect(bundle.os.platform).toBe(process.platform);
    expect(bundle.database.schemaVersion).toBe(bed.db.pragma('user_version', { simple: true }));
    expect(bundle.database.rows.notes).toBeGreaterThanOrEqual(1);
    expect(bundle.database.rows.health_checks).toBe(1);
    expect(bundle.policy.source).toEqual({
      file: policyFile,
      fileExists: false, // removed after it was read: the bundle says so rather than guessing
      valid: true,
      problems: [],
    });
    expect(bundle.policy.managedSettings).toEqual(['startAtLogin']);
    expect(bundle.policy.effective.healthCheck.requiredBeforeReady).toBe(true);
    expect(bundle.policy.effective.updates.feedUrl).toBe('https://updates.example.test/feed');
    expect(bundle.account).toEqual({
      displayName: '상담원 김',
      sipUri: 'sip:[user]@127.0.0.1',
      wsServers: ['ws://127.0.0.1:8080'],
      dtmfMode: 'rfc4733',
      hasPassword: true,
    });
    expect(JSON.stringify(bundle.account)).not.toMatch(/password"\s*:\s*"/i);
    expect(bundle.lastHealthCheck).toMatchObject({
      passed: false,
      startedAt: 1_700_000_000_000,
      items: [{ check: 'microphone', status: 'failed', code: 'mic_missing' }],
    });
    expect(bundle.sync).toMatchObject({ state: 'disabled' });
    expect(bundle.secretStore).toMatch(/development/);

    // The logs, oldest file first, the newest line last; redacted again on the way out.
    const logs = bundle.logs;
    expect(logs.map((l) => l.file)).toEqual(expect.arrayContaining(['main.1.log', 'main.log']));
    expect(logs.at(-1)!.file).toBe('main.log');
    expect(logs.at(-1)!.lines.at(-1)).toContain('marker-newest-line');
    const allLines = logs.flatMap((l) => l.lines);
    expect(allLines.filter((l) => l.includes('"registered"')).length).toBeGreaterThan(5);
    expect(allLines.some((l) => l.includes('dialled [phone …32] password=[redacted]'))).toBe(true);
    expect(allLines.some((l) => l.includes('Bearer [redacted]'))).toBe(true);

    // The export itself is audited (its size only).
    const audit = bed.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'diagnostics.exported'")
      .all() as { detail: string }[];
    expect(audit.map((row) => JSON.parse(row.detail))).toEqual([{ bytes }]);
  });

  it('works on a fresh profile (no account, no logs, no health check yet)', async () => {
    bed = createIpcTestbed();
    const { file } = (await call(bed, 'diagnostics:export')) as { file: string };
    const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as DiagnosticsBundle;
    expect(bundle.account).toBeNull();
    expect(bundle.lastHealthCheck).toBeNull();
    expect(bundle.logs).toEqual([]);
    expect(bundle.policy).toMatchObject({ source: { file: null, fileExists: false, valid: true } });
    // A second export in the same second gets its own file.
    const again = (await call(bed, 'diagnostics:export')) as { file: string };
    expect(again.file).not.toBe(file);
    expect(fs.existsSync(file)).toBe(true);
  });
});
