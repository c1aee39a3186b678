import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCrmClient } from '../../../main/crm/crmClient';
import { createOutboxSender } from '../../../main/crm/outboxSender';
import type { NoteConflict } from '../../../preload/contract';
import { startReferenceCrm, type ReferenceCrm } from '../../crmReference/referenceCrm';
import { APP_URL, createIpcTestbed } from '../ipc/ipcTestbed';

const TOKEN = 'test-token-0123456789';
const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;

describe('a note edited here and in the CRM (real SQLite, real HTTP on 127.0.0.1)', () => {
  let bed: Bed | undefined;
  let crm: ReferenceCrm | undefined;
  afterEach(async () => {
    bed?.close();
    await crm?.close();
  });

  async function setUp() {
    bed = createIpcTestbed();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-conflict-'));
    crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token: TOKEN });
    let t = 1_800_000_000_000;
    const outbox = createOutboxSender({
      db: bed.db,
      client: createCrmClient({ baseUrl: crm.url, token: () => TOKEN }),
      now: () => t,
      random: () => 1,
    });
    const drain = async () => {
      for (let i = 0; i < 5; i++) {
        await outbox.drain();
        t += 10 * 60_000;
      }
    };
    const save = async (body: string) => {
      const result = await bed!.dispatch(
        'notes:submit',
        { callId: 'call-1', customerId: null, intentCode: null, body, override: null },
        sender,
      );
      return (result as { value: { noteId: string } }).value.noteId;
    };
    const conflicts = async () =>
      ((await bed!.dispatch('notes:conflicts', {}, sender)) as { value: NoteConflict[] }).value;
    const local = (id: string) =>
      bed!.db.prepare('SELECT body, sync_state, crm_version FROM notes WHERE id = ?').get(id);
    return { bed, crm, drain, save, conflicts, local };
  }

  it('an edit saved on the same call updates the note in the CRM (If-Match on its version)', async () => {
    const { crm, drain, save, local } = await setUp();
    const id = await save('요금 문의');
    await drain();
    expect(await save('요금 문의: 11월 청구액 재확인')).toBe(id);
    await drain();
    expect(crm.note(id)).toEqual({ body: '요금 문의: 11월 청구액 재확인', version: 2 });
    expect(local(id)).toEqual({
      body: '요금 문의: 11월 청구액 재확인',
      sync_state: 'synced',
      crm_version: 2,
    });
  });

  it('shows both versions when the CRM changed the note too; keeping mine sends it over theirs', async () => {
    const { bed, crm, drain, save, conflicts, local } = await setUp();
    const id = await save('해지 문의');
    await drain();
    await save('해지 문의: 위약금 안내 후 유지 결정');
    crm.editNote(id, '해지 문의 (팀장 확인: 위약금 면제 승인)');
    await drain();

    expect(local(id)).toMatchObject({ sync_state: 'conflict' });
    expect(await conflicts()).toEqual([
      expect.objectContaining({
        noteId: id,
        callId: 'call-1',
        mine: { body: '해지 문의: 위약금 안내 후 유지 결정', intentCode: null },
        theirs: { body: '해지 문의 (팀장 확인: 위약금 면제 승인)', intentCode: null, version: 2 },
      }),
    ]);
    const status = await bed.dispatch('sync:getStatus', {}, sender);
    expect(status).toMatchObject({ value: { conflicts: 1 } });
    // Parked: further drains do not retry it.
    await drain();
    expect(crm.note(id)?.body).toBe('해지 문의 (팀장 확인: 위약금 면제 승인)');

    expect(
      await bed.dispatch('notes:resolveConflict', { noteId: id, keep: 'mine' }, sender),
    ).toEqual({ ok: true, value: [] });
    await drain();
    expect(crm.note(id)).toEqual({ body: '해지 문의: 위약금 안내 후 유지 결정', version: 3 });
    expect(local(id)).toMatchObject({ sync_state: 'synced', crm_version: 3 });
    const audit = bed.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'note.conflict_resolved'")
      .pluck()
      .all();
    expect(audit).toEqual([JSON.stringify({ keep: 'mine' })]);
  });

  it('taking the CRM version replaces ours here and sends nothing', async () => {
    const { bed, crm, drain, save, conflicts, local } = await setUp();
    const id = await save('배송 문의');
    await drain();
    await save('배송 문의: 내일 도착 예정');
    crm.editNote(id, '배송 문의 (물류팀: 모레 도착)');
    await drain();
    expect(await conflicts()).toHaveLength(1);

    await bed.dispatch('notes:resolveConflict', { noteId: id, keep: 'theirs' }, sender);
    await drain();
    expect(local(id)).toEqual({
      body: '배송 문의 (물류팀: 모레 도착)',
      sync_state: 'synced',
      crm_version: 2,
    });
    expect(crm.note(id)).toEqual({ body: '배송 문의 (물류팀: 모레 도착)', version: 2 });
    expect(bed.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    expect(
      await bed.dispatch('notes:resolveConflict', { noteId: id, keep: 'theirs' }, sender),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
