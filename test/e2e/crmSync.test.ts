import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSetting } from '../../main/db/repositories/settings';
import { openProfileStore } from '../harness/profileStore';
import { createFileSecretStore, developmentPlaintextCipher } from '../../main/secrets/secretStore';
import { startReferenceCrm, type ReferenceCrm } from '../crmReference/referenceCrm';
import { launchApp, type AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import { ui } from './support';

const TOKEN = 'agent-token-1001-abcdef';
const DRAFT = '요금 이의 문의: 11월 청구액 재확인 요청, 콜백 예정';

// Acceptance (issue 5, offline): with the CRM down the agent saves a note; the banner says it is
// kept; when the CRM is back it receives the note exactly once and the banner says so.
describe('notes reach the CRM after an outage', () => {
  let crm: ReferenceCrm;
  let app: AppHandle;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-crm-e2e-'));
    crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token: TOKEN });
    await crm.stop(); // down when the shift starts
    app = await launchApp({
      language: 'ko',
      account: {
        user: '1001',
        password: 'unused',
        domain: '127.0.0.1',
        // No SIP server in this test: the panel must work regardless.
        wsServers: ['ws://127.0.0.1:9'],
      },
      policy: { version: 1, crm: { baseUrl: crm.url, syncIntervalSeconds: 1 } },
      prepareProfile(profileDir) {
        // The token as settings stores it, and a note left unsaved by an earlier crash.
        const store = openProfileStore(profileDir);
        const secrets = createFileSecretStore(
          path.join(profileDir, 'secrets'),
          developmentPlaintextCipher,
        );
        setSetting(store.db, 'crmTokenRef', secrets.put(TOKEN));
        store.db
          .prepare(
            "INSERT INTO note_drafts (call_id, body, updated_at) VALUES ('earlier-call', ?, 1)",
          )
          .run(DRAFT);
        store.close();
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await crm?.close();
  });

  it('keeps the note while offline and delivers it once when the CRM is back', async () => {
    const words = ui('ko');
    const page = app.page;
    const banner = page.getByRole('status', { name: words.sync['label'] });
    await banner.filter({ hasText: words.sync.state['offline']! }).waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain(words.sync.problem['unreachable']);

    const body = page.getByRole('textbox', { name: words.notes['body'] });
    await body.waitFor({ timeout: 10_000 });
    expect(await body.inputValue()).toBe(DRAFT);
    await page.getByRole('button', { name: words.notes['save'] }).click();
    await page
      .getByRole('status', { name: words.notes['state'] })
      .filter({ hasText: words.notes['saved']! })
      .waitFor({ timeout: 5_000 });
    await banner.filter({ hasText: '전송 대기 1건' }).waitFor({ timeout: 10_000 });
    expect(crm.received()).toEqual([]);

    await crm.start();
    await banner.filter({ hasText: words.sync.state['online']! }).waitFor({ timeout: 30_000 });
    const [noteId] = app.readDb().prepare('select id from notes').pluck().all() as string[];
    expect(crm.received()).toEqual([
      { kind: 'note', id: noteId, idempotencyKey: expect.any(String) },
    ]);
    await waitFor(
      () =>
        app.readDb().prepare('select sync_state from notes').pluck().get() === 'synced' ||
        undefined,
      { what: 'the note marked synced' },
    );
    expect(await banner.textContent()).not.toContain('전송 대기');
  });

  it('shows both versions when the note was changed in the CRM meanwhile, and sends the one kept', async () => {
    const words = ui('ko');
    const page = app.page;
    const banner = page.getByRole('status', { name: words.sync['label'] });
    const [noteId] = app.readDb().prepare('select id from notes').pluck().all() as string[];

    // Offline again, the agent corrects the note; a team lead edits it in the CRM meanwhile.
    await crm.stop();
    const body = page.getByRole('textbox', { name: words.notes['body'] });
    await body.fill(`${DRAFT} — 고객 재통화 완료`);
    await page.getByRole('button', { name: words.notes['save'] }).click();
    await banner.filter({ hasText: '전송 대기 1건' }).waitFor({ timeout: 15_000 });
    crm.editNote(noteId!, `${DRAFT} (팀장 검토: 요금 조정 승인)`);
    await crm.start();

    const conflict = page.getByRole('region', { name: words.sync['conflictTitle'] });
    await conflict.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain('충돌 1건');
    const text = (await conflict.textContent()) ?? '';
    expect(text).toContain('고객 재통화 완료');
    expect(text).toContain('팀장 검토: 요금 조정 승인');

    await conflict.getByRole('button', { name: words.sync['keepMine'] }).click();
    await conflict.waitFor({ state: 'hidden', timeout: 10_000 });
    await waitFor(() => crm.note(noteId!)?.body === `${DRAFT} — 고객 재통화 완료` || undefined, {
      what: 'the kept version in the CRM',
      timeoutMs: 30_000,
    });
    expect(crm.note(noteId!)?.version).toBe(3);
    await banner.filter({ hasText: words.sync.state['online']! }).waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).not.toContain('충돌');
  });
});
