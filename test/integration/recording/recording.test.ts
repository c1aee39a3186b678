import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../main/db/repositories/audit';
import { DEFAULT_POLICY, machinePolicySchema } from '../../../main/policy/machinePolicy';
import {
  createRecordingVault,
  decryptRecording,
  recordingFileName,
  RecordingError,
} from '../../../main/recording/recordingVault';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
/** Chunks with a recognisable plaintext, to show it never reaches the disk in clear. */
const chunk = (i: number) => Buffer.from(`OpusChunk-${i}-`.repeat(200), 'utf8');

function freshDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sori-rec-'));
}

function recorded(chunks: number) {
  const dir = freshDir();
  const key = crypto.randomBytes(32);
  const vault = createRecordingVault(dir, key);
  vault.start('call-1', 'audio/webm;codecs=opus', 1_700_000_000_000);
  for (let i = 0; i < chunks; i++) vault.append('call-1', i, chunk(i));
  const summary = vault.stop('call-1');
  const file = path.join(dir, recordingFileName('call-1'));
  return { dir, key, vault, summary, file };
}

/** Byte offsets of each frame: [start, end) after the header. */
function frames(file: Buffer): Array<[number, number]> {
  let offset = 8 + 4 + file.readUInt32BE(8);
  const out: Array<[number, number]> = [];
  while (offset < file.length) {
    const end = offset + 8 + 12 + file.readUInt32BE(offset + 4) + 16;
    out.push([offset, end]);
    offset = end;
  }
  return out;
}

describe('recording vault: encrypted at rest, chunk by chunk', () => {
  it('decrypts to exactly the chunks appended, whose checksum stop() reported', () => {
    const { vault, summary } = recorded(5);
    const expected = Buffer.concat([0, 1, 2, 3, 4].map(chunk));
    const read = vault.read('call-1');
    expect(read.bytes.equals(expected)).toBe(true);
    expect(read).toMatchObject({ chunks: 5, truncated: false });
    expect(read.header).toMatchObject({ callId: 'call-1', mimeType: 'audio/webm;codecs=opus' });
    expect(summary).toEqual({ chunks: 5, bytes: expected.length, sha256: sha256(expected) });
  });

  it('never writes the audio in clear', () => {
    const { file } = recorded(3);
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(Buffer.from('OpusChunk-'))).toBe(false);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });

  it('refuses a chunk out of order and stores nothing for it', () => {
    const dir = freshDir();
    const vault = createRecordingVault(dir, crypto.randomBytes(32));
    vault.start('c', 'audio/webm', 1);
    vault.append('c', 0, chunk(0));
    const size = fs.statSync(path.join(dir, recordingFileName('c'))).size;
    expect(() => vault.append('c', 2, chunk(2))).toThrow(RecordingError);
    expect(() => vault.append('c', 0, chunk(0))).toThrow(/expected chunk 1/);
    expect(fs.statSync(path.join(dir, recordingFileName('c'))).size).toBe(size);
  });

  it('never overwrites an existing recording of the same call', () => {
    const { vault, dir, key } = recorded(1);
    expect(() => vault.start('call-1', 'audio/webm', 2)).toThrow(/already has a recording/);
    const again = createRecordingVault(dir, key);
    expect(() => again.start('call-1', 'audio/webm', 2)).toThrow(/already has a recording/);
    expect(again.read('call-1').chunks).toBe(1);
  });

  it('finds a changed byte, swapped frames, another key and another call', () => {
    const { file, key } = recorded(3);
    const original = fs.readFileSync(file);
    const spans = frames(original);

    const flipped = Buffer.from(original);
    const [start1] = spans[1]!;
    const at = start1 + 8 + 12 + 5;
    flipped[at] = flipped[at]! ^ 0x01;
    expect(() => decryptRecording(flipped, key)).toThrow(/frame 1 fails authentication/);

    // Frames 0 and 1 exchanged, their sequence numbers patched to look in order.
    const [a0, a1] = spans[0]!;
    const [b0, b1] = spans[1]!;
    const frameA = Buffer.from(original.subarray(a0, a1));
    const frameB = Buffer.from(original.subarray(b0, b1));
    frameA.writeUInt32BE(1, 0);
    frameB.writeUInt32BE(0, 0);
    const swapped = Buffer.concat([
      original.subarray(0, a0),
      frameB,
      frameA,
      original.subarray(b1),
    ]);
    expect(() => decryptRecording(swapped, key)).toThrow(/fails authentication/);

    expect(() => decryptRecording(original, crypto.randomBytes(32))).toThrow(/another key/);
    expect(() => decryptRecording(original, key, 'call-2')).toThrow(/another call/);
    expect(() => decryptRecording(Buffer.from('RIFF....WAVEfmt '), key)).toThrow(
      /not a Sori Desk recording/,
    );
  });

  it('keeps every whole chunk when the last write was torn (crash mid-write)', () => {
    const { file, key } = recorded(4);
    const original = fs.readFileSync(file);
    const [lastStart, lastEnd] = frames(original).at(-1)!;
    const torn = original.subarray(0, lastStart + Math.floor((lastEnd - lastStart) / 2));
    const read = decryptRecording(torn, key);
    expect(read).toMatchObject({ chunks: 3, truncated: true });
    expect(read.bytes.equals(Buffer.concat([0, 1, 2].map(chunk)))).toBe(true);
  });
});

describe('recording over IPC (real handlers, real SQLite, secret store on disk)', () => {
  let bed: ReturnType<typeof createIpcTestbed> | undefined;
  afterEach(() => bed?.close());
  const enabled = machinePolicySchema.parse({ version: 1, recording: { enabled: true } });

  it('is refused when the policy does not record', async () => {
    bed = createIpcTestbed(SHIPPED_NOTICES, DEFAULT_POLICY);
    expect(
      await bed.dispatch('recording:start', { callId: 'c1', mimeType: 'audio/webm' }, sender),
    ).toMatchObject({ ok: false, error: { code: 'RECORDING_DISABLED' } });
    expect(fs.existsSync(path.join(bed.profileDir, 'recordings'))).toBe(false);
    expect(await bed.dispatch('policy:get', {}, sender)).toMatchObject({
      ok: true,
      value: { recording: { enabled: false } },
    });
  });

  it('records, audits start, pauses, resumes and stop with the audio checksum', async () => {
    bed = createIpcTestbed(SHIPPED_NOTICES, enabled);
    const b = bed;
    const call = (channel: string, request: unknown) => b.dispatch(channel, request, sender);
    expect(
      await call('recording:start', { callId: 'c1', mimeType: 'audio/webm;codecs=opus' }),
    ).toMatchObject({ ok: true });
    for (let seq = 0; seq < 3; seq++) {
      expect(
        await call('recording:append', { callId: 'c1', seq, data: chunk(seq).toString('base64') }),
      ).toMatchObject({ ok: true });
    }
    expect(
      await call('recording:append', { callId: 'c1', seq: 7, data: chunk(7).toString('base64') }),
    ).toMatchObject({ ok: false, error: { code: 'OUT_OF_ORDER' } });
    expect(await call('recording:resume', { callId: 'c1', at: 5 })).toMatchObject({
      ok: false,
      error: { code: 'STEP_NOT_ALLOWED' },
    });
    expect(await call('recording:pause', { callId: 'c1', at: 1000 })).toMatchObject({ ok: true });
    expect(await call('recording:pause', { callId: 'c1', at: 1001 })).toMatchObject({
      ok: false,
      error: { code: 'STEP_NOT_ALLOWED' },
    });
    expect(await call('recording:resume', { callId: 'c1', at: 4000 })).toMatchObject({ ok: true });
    expect(await call('recording:stop', { callId: 'c1' })).toMatchObject({
      ok: true,
      value: { chunks: 3 },
    });
    expect(await call('recording:append', { callId: 'c1', seq: 3, data: 'AAAA' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    const rows = bed.db
      .prepare("select action, detail from audit_log where subject = 'c1' order by id")
      .all() as Array<{ action: string; detail: string }>;
    expect(rows.map((r) => r.action)).toEqual([
      'recording.started',
      'recording.paused',
      'recording.resumed',
      'recording.stopped',
    ]);
    expect(JSON.parse(rows[2]!.detail)).toMatchObject({ pausedMs: 3000 });
    const decrypted = bed.recording.vault()!.read('c1');
    expect(JSON.parse(rows[3]!.detail)).toMatchObject({
      chunks: 3,
      sha256: sha256(decrypted.bytes),
      endedPaused: false,
    });
    expect(verifyAuditChain(bed.db)).toEqual({ ok: true });

    // The key is in the secret store, not in SQLite.
    const ref = bed.db
      .prepare("select value from settings where key = 'recordingKeyRef'")
      .pluck()
      .get();
    expect(typeof ref).toBe('string');
    expect(bed.secretFiles()).toContain(`${JSON.parse(ref as string) as string}.secret`);
  });

  it('rejects a mime type or chunk that is not what a recorder produces', async () => {
    bed = createIpcTestbed(SHIPPED_NOTICES, enabled);
    for (const mimeType of ['text/html', 'audio/webm;codecs=opus"><script>', '']) {
      expect(
        await bed.dispatch('recording:start', { callId: 'c1', mimeType }, sender),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    await bed.dispatch('recording:start', { callId: 'c1', mimeType: 'audio/webm' }, sender);
    expect(
      await bed.dispatch('recording:append', { callId: 'c1', seq: 0, data: 'not base64!' }, sender),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});
