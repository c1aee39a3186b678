import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../main/db/repositories/audit';
import { APP_URL, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;
const RRN = '880515-1234569';

const draft = (body: string) => ({
  callId: 'call-1',
  customerId: null,
  intentCode: 'billing.inquiry',
  body,
});

async function call(bed: Bed, channel: string, request: unknown) {
  const result = await bed.dispatch(channel, request, sender);
  return result as { ok: boolean; value?: Record<string, unknown>; error?: { code: string } };
}

const rows = (bed: Bed, sql: string) => bed.db.prepare(sql).all() as Array<Record<string, unknown>>;

describe('intent notes in main (real SQLite)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  it('autosaves a draft per call, the latest text winning', async () => {
    bed = createIpcTestbed();
    await call(bed, 'notes:saveDraft', draft('요금'));
    await call(bed, 'notes:saveDraft', draft('요금 이의 문의'));
    expect((await call(bed, 'notes:getDraft', { callId: 'call-1' })).value).toMatchObject({
      body: '요금 이의 문의',
      intentCode: 'billing.inquiry',
    });
    expect((await call(bed, 'notes:getDraft', { callId: 'other' })).value).toBeNull();
    await call(bed, 'notes:saveDraft', { ...draft('다른 통화'), callId: 'call-2' });
    const listed = (await call(bed, 'notes:listDrafts', { limit: 10 })) as unknown as {
      value: Array<{ callId: string }>;
    };
    expect(listed.value.map((d) => d.callId).sort()).toEqual(['call-1', 'call-2']);
  });

  it('saves a clean note, queues it for the CRM with an idempotency key, and drops the draft', async () => {
    bed = createIpcTestbed();
    await call(bed, 'notes:saveDraft', draft('요금 이의'));
    const saved = await call(bed, 'notes:submit', {
      ...draft('요금 이의 처리 완료'),
      override: null,
    });
    expect(saved.value).toMatchObject({ status: 'saved' });
    const noteId = saved.value!['noteId'] as string;
    expect(rows(bed, 'select id, body, sync_state, intent_code from notes')).toEqual([
      {
        id: noteId,
        body: '요금 이의 처리 완료',
        sync_state: 'pending',
        intent_code: 'billing.inquiry',
      },
    ]);
    const [queued] = rows(bed, "select * from outbox where kind = 'note.create'");
    expect(queued).toMatchObject({ entity: `note:${noteId}` });
    expect(queued!['idempotency_key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(queued!['payload'] as string)).toMatchObject({
      id: noteId,
      callId: 'call-1',
    });
    expect((await call(bed, 'notes:getDraft', { callId: 'call-1' })).value).toBeNull();
    expect(rows(bed, "select action from audit_log where subject = 'call-1'")).toEqual([
      { action: 'note.saved' },
    ]);
  });

  it('refuses a note with a resident registration number, keeping the text as a draft', async () => {
    bed = createIpcTestbed();
    const body = `고객 주민번호 ${RRN} 확인`;
    const blocked = await call(bed, 'notes:submit', { ...draft(body), override: null });
    expect(blocked.value).toEqual({
      status: 'blocked',
      findings: [{ kind: 'rrn', start: body.indexOf(RRN), end: body.indexOf(RRN) + RRN.length }],
    });
    expect(rows(bed, 'select * from notes')).toEqual([]);
    expect(rows(bed, "select * from outbox where kind = 'note.create'")).toEqual([]);
    expect((await call(bed, 'notes:getDraft', { callId: 'call-1' })).value).toMatchObject({ body });
  });

  it('saves it only with an audited override whose reason holds no personal data', async () => {
    bed = createIpcTestbed();
    const body = `고객 주민번호 ${RRN} 및 연락처 010-1234-5678`;
    expect(
      await call(bed, 'notes:submit', { ...draft(body), override: { reason: 'ok' } }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(
      await call(bed, 'notes:submit', {
        ...draft(body),
        override: { reason: '고객 요청, 연락처 010-9876-5432 로 회신' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(rows(bed, 'select * from notes')).toEqual([]);

    const saved = await call(bed, 'notes:submit', {
      ...draft(body),
      override: { reason: '법원 제출용 본인 확인 기록 (팀장 승인)' },
    });
    expect(saved.value).toMatchObject({ status: 'saved' });
    const audit = rows(
      bed,
      "select action, detail from audit_log where subject = 'call-1' order by id",
    );
    expect(audit.map((r) => r['action'])).toEqual(['note.saved', 'note.personal_data_override']);
    expect(JSON.parse(audit[1]!['detail'] as string)).toEqual({
      noteId: saved.value!['noteId'],
      kinds: ['phone', 'rrn'],
      reason: '법원 제출용 본인 확인 기록 (팀장 승인)',
    });
    // The audit trail records that it happened, never the numbers themselves.
    const everything = JSON.stringify(rows(bed, 'select * from audit_log'));
    expect(everything).not.toContain(RRN);
    expect(everything).not.toContain('010-1234-5678');
    expect(everything).not.toContain('01012345678');
    expect(verifyAuditChain(bed.db)).toEqual({ ok: true });
  });
});
