import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../main/db/repositories/audit';
import { createNoticeLibrary, NoticeError } from '../../../main/notices/noticeLibrary';
import { noticesCopy } from '../../harness/notices';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };

const auditRows = (bed: ReturnType<typeof createIpcTestbed>) =>
  bed.db.prepare('select action, subject, detail from audit_log order by id').all() as Array<{
    action: string;
    subject: string | null;
    detail: string;
  }>;

describe('recording notices (real files, real SQLite)', () => {
  let bed: ReturnType<typeof createIpcTestbed> | undefined;
  afterEach(() => bed?.close());

  it('ships a Korean and an English notice that match their manifest', () => {
    const library = createNoticeLibrary(SHIPPED_NOTICES);
    for (const language of ['ko', 'en'] as const) {
      const notice = library.load(language);
      expect(notice.bytes.subarray(0, 4).toString()).toBe('RIFF');
      expect(crypto.createHash('sha256').update(fs.readFileSync(notice.file)).digest('hex')).toBe(
        notice.sha256,
      );
    }
  });

  it('notice:load hands the verified audio to the renderer', async () => {
    bed = createIpcTestbed();
    const result = await bed.dispatch('notice:load', { language: 'ko' }, sender);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as { sha256: string; audio: string; language: string };
    const bytes = Buffer.from(value.audio, 'base64');
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(value.sha256);
    expect(value.language).toBe('ko');
  });

  it.each([
    [
      'a changed byte',
      (dir: string) => {
        const file = path.join(dir, 'ko/recording-notice.wav');
        const bytes = fs.readFileSync(file);
        bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
        fs.writeFileSync(file, bytes);
      },
    ],
    ['a missing file', (dir: string) => fs.rmSync(path.join(dir, 'ko/recording-notice.wav'))],
    [
      'a broken manifest',
      (dir: string) => fs.writeFileSync(path.join(dir, 'manifest.json'), '{"version": 2'),
    ],
  ])('refuses a notice with %s, and audits the refusal', async (_what, damage) => {
    const dir = noticesCopy();
    damage(dir);
    expect(() => createNoticeLibrary(dir).load('ko')).toThrow(NoticeError);
    bed = createIpcTestbed(dir);
    const result = await bed.dispatch('notice:load', { language: 'ko' }, sender);
    expect(result).toMatchObject({ ok: false, error: { code: 'NOTICE_INVALID' } });
    expect(auditRows(bed).map((r) => r.action)).toEqual(['recording_notice.refused']);
    // The English notice is untouched and still loads.
    if (!fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8').startsWith('{"version": 2')) {
      expect((await bed.dispatch('notice:load', { language: 'en' }, sender)).ok).toBe(true);
    }
  });

  it('notice:report writes the proof into the hash-chained audit log', async () => {
    bed = createIpcTestbed();
    const sha256 = createNoticeLibrary(SHIPPED_NOTICES).load('en').sha256;
    const played = await bed.dispatch(
      'notice:report',
      {
        outcome: 'played',
        callId: 'call-1',
        language: 'en',
        sha256,
        startedAt: 1000,
        endedAt: 5660,
      },
      sender,
    );
    expect(played.ok).toBe(true);
    const failed = await bed.dispatch(
      'notice:report',
      { outcome: 'failed', callId: 'call-2', language: 'ko', failure: 'invalid', at: 7000 },
      sender,
    );
    expect(failed.ok).toBe(true);
    const rows = auditRows(bed);
    expect(rows.map((r) => [r.action, r.subject])).toEqual([
      ['recording_notice.played', 'call-1'],
      ['recording_notice.failed', 'call-2'],
    ]);
    expect(JSON.parse(rows[0]!.detail)).toEqual({
      mode: 'app',
      language: 'en',
      sha256,
      startedAt: 1000,
      endedAt: 5660,
    });
    expect(JSON.parse(rows[1]!.detail)).toMatchObject({ failure: 'invalid' });
    expect(verifyAuditChain(bed.db)).toEqual({ ok: true });
  });

  it('refuses a report that mixes outcomes (no half-proof)', async () => {
    bed = createIpcTestbed();
    const result = await bed.dispatch(
      'notice:report',
      { outcome: 'played', callId: 'c', language: 'ko', failure: 'invalid', at: 1 },
      sender,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(auditRows(bed)).toEqual([]);
  });
});
