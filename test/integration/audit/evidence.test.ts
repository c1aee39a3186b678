import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../main/appRoot';
import { EVIDENCE_VERIFIER } from '../../../main/audit/evidence/evidenceFormat';
import { appendAudit, verifyAuditChain } from '../../../main/db/repositories/audit';
import { machinePolicySchema } from '../../../main/policy/machinePolicy';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
const root = findAppRoot();
const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');
type Bed = ReturnType<typeof createIpcTestbed>;

beforeAll(() => {
  // The verifier every package carries; npm test builds it, a lone run of this file may not have.
  const built = spawnSync(process.execPath, ['scripts/build-evidence-verifier.mjs'], { cwd: root });
  expect(built.status, built.stderr?.toString()).toBe(0);
});

/** Two calls whose audit rows interleave; call c1 recorded, warned and noted. */
async function seed(bed: Bed): Promise<void> {
  const call = (channel: string, request: unknown) => bed.dispatch(channel, request, sender);
  for (const id of ['c1', 'c2']) {
    await call('callLog:open', {
      callId: id,
      direction: 'inbound',
      remote: { uri: 'sip:2001@example.test', displayName: null },
      startedAt: 1_000,
    });
  }
  await call('recording:start', { callId: 'c1', mimeType: 'audio/webm;codecs=opus' });
  await call('notice:report', {
    outcome: 'played',
    callId: 'c1',
    language: 'ko',
    sha256: 'a'.repeat(64),
    startedAt: 1_100,
    endedAt: 5_100,
  });
  appendAudit(bed.db, {
    at: 5_200,
    actor: 'agent',
    action: 'test.other',
    subject: 'c2',
    detail: {},
  });
  for (let seq = 0; seq < 3; seq++) {
    await call('recording:append', {
      callId: 'c1',
      seq,
      data: crypto.randomBytes(2000).toString('base64'),
    });
  }
  await call('protection:recordStep', {
    callId: 'c1',
    step: 'warning1',
    language: 'ko',
    startedAt: 6_000,
    endedAt: 8_000,
  });
  appendAudit(bed.db, {
    at: 8_100,
    actor: 'agent',
    action: 'test.other',
    subject: 'c2',
    detail: {},
  });
  await call('recording:stop', { callId: 'c1' });
  await call('notes:submit', {
    callId: 'c1',
    customerId: null,
    intentCode: 'complaint.abuse',
    body: '폭언으로 1차 경고 후 통화 지속',
    override: null,
  });
}

/** A copy of the package in a fresh folder outside the repository, as an outsider receives it. */
function receive(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-received-'));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

function verify(dir: string) {
  return spawnSync(process.execPath, ['verify-evidence.cjs', '.'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
}

/** Replaces a file and updates manifest.json and SHA256SUMS to match, as a careful forger would. */
function forge(dir: string, file: string, bytes: Buffer | string): void {
  fs.writeFileSync(path.join(dir, file), bytes);
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
    files: Array<{ name: string; sha256: string; bytes: number }>;
  };
  for (const entry of manifest.files) {
    const content = fs.readFileSync(path.join(dir, entry.name));
    entry.sha256 = sha256(content);
    entry.bytes = content.length;
  }
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  const names = [...manifest.files.map((f) => f.name), 'manifest.json'];
  fs.writeFileSync(
    path.join(dir, 'SHA256SUMS'),
    names.map((n) => `${sha256(fs.readFileSync(path.join(dir, n)))}  ${n}\n`).join(''),
  );
}

describe('evidence package (real SQLite, recording vault and the standalone verifier)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  async function exported(): Promise<string> {
    bed = createIpcTestbed(
      SHIPPED_NOTICES,
      machinePolicySchema.parse({ version: 1, recording: { enabled: true } }),
    );
    await seed(bed);
    const result = await bed.dispatch('evidence:export', { callId: 'c1' }, sender);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return (result as { value: { folder: string } }).value.folder;
  }

  it('holds the call, its audit segment, proof, warnings, notes and recording, and verifies without the app', async () => {
    const folder = await exported();
    expect(fs.readdirSync(folder).sort()).toEqual([
      'README.txt',
      'SHA256SUMS',
      'audit-chain.jsonl',
      'call.json',
      'manifest.json',
      'notes.json',
      'notice-proof.json',
      'protection.json',
      'recording-events.json',
      'recording.webm',
      'verify-evidence.cjs',
    ]);
    const read = (name: string) => JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'));
    expect(read('notice-proof.json')).toEqual([
      expect.objectContaining({ action: 'recording_notice.played', subject: 'c1' }),
    ]);
    expect(read('protection.json').map((r: { action: string }) => r.action)).toEqual([
      'protection.warning1',
    ]);
    expect(read('recording-events.json').map((r: { action: string }) => r.action)).toEqual([
      'recording.started',
      'recording.stopped',
    ]);
    expect(read('notes.json')).toEqual([
      expect.objectContaining({ body: '폭언으로 1차 경고 후 통화 지속' }),
    ]);
    // The segment runs from the call's first audit row to its last, other calls' rows included.
    const segment = fs
      .readFileSync(path.join(folder, 'audit-chain.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { subject: string });
    expect(segment.map((r) => r.subject)).toContain('c2');
    expect(segment[0]!.subject).toBe('c1');
    // The recording is the decrypted audio the vault holds.
    expect(
      fs
        .readFileSync(path.join(folder, 'recording.webm'))
        .equals(bed!.recording.vault()!.read('c1').bytes),
    ).toBe(true);

    const copy = receive(folder);
    const run = verify(copy);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^INTACT: call c1, 7 files, .*recording matches the audit log/);
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: copy, encoding: 'utf8' });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);

    // The export itself is audited with the manifest's checksum, and the log stays intact.
    const exportedRow = bed!.db
      .prepare("select detail from audit_log where action = 'evidence.exported'")
      .pluck()
      .get() as string;
    expect(JSON.parse(exportedRow)).toMatchObject({
      folder: path.basename(folder),
      manifestSha256: sha256(fs.readFileSync(path.join(folder, 'manifest.json'))),
    });
    expect(verifyAuditChain(bed!.db)).toEqual({ ok: true });
  });

  it('names what was changed, even when manifest and SHA256SUMS were updated to match', async () => {
    const folder = await exported();
    const lines = fs
      .readFileSync(path.join(folder, 'audit-chain.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const middle = JSON.parse(lines[2]!) as { id: number; detail: string };
    const cases: Array<[string, (dir: string) => void, RegExp]> = [
      [
        'a byte of the recording',
        (dir) => {
          const file = path.join(dir, 'recording.webm');
          const bytes = fs.readFileSync(file);
          bytes[100] = bytes[100]! ^ 1;
          fs.writeFileSync(file, bytes);
        },
        /recording\.webm was changed/,
      ],
      [
        'another recording, checksums forged',
        (dir) => forge(dir, 'recording.webm', crypto.randomBytes(6000)),
        /recording\.webm is not the recording the audit log recorded/,
      ],
      [
        'a row of the chain, checksums forged',
        (dir) =>
          forge(
            dir,
            'audit-chain.jsonl',
            lines
              .map((line, i) =>
                i === 2 ? JSON.stringify({ ...JSON.parse(line), detail: '{"forged":true}' }) : line,
              )
              .join('\n') + '\n',
          ),
        new RegExp(`BROKEN at entry ${middle.id}`),
      ],
      [
        'a row removed, checksums forged',
        (dir) => forge(dir, 'audit-chain.jsonl', lines.filter((_, i) => i !== 2).join('\n') + '\n'),
        new RegExp(`entry ${middle.id} is missing`),
      ],
      [
        'the notice proof edited, checksums forged',
        (dir) => forge(dir, 'notice-proof.json', '[]\n'),
        /notice-proof\.json does not match the audit chain/,
      ],
      [
        'a file added',
        (dir) => fs.writeFileSync(path.join(dir, 'extra.txt'), 'x'),
        /unexpected file extra\.txt/,
      ],
      [
        'the manifest edited',
        (dir) => {
          const file = path.join(dir, 'manifest.json');
          fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"c1"', '"c9"'));
        },
        /manifest\.json was changed/,
      ],
    ];
    for (const [what, change, expected] of cases) {
      const copy = receive(folder);
      change(copy);
      const run = verify(copy);
      expect(run.status, what).toBe(1);
      expect(run.stderr, what).toMatch(expected);
    }
  });

  it('refuses an unknown call', async () => {
    bed = createIpcTestbed();
    expect(await bed.dispatch('evidence:export', { callId: 'nope' }, sender)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('ships a verifier that needs nothing but Node built-ins', () => {
    const code = fs.readFileSync(path.join(root, EVIDENCE_VERIFIER), 'utf8');
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    for (const name of required) expect(name).toMatch(/^node:/);
  });
});
