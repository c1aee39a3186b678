import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProfileDatabase } from '../../main/db/profileDatabase';
import { startReferenceCrm, type ReferenceCrm } from '../crmReference/referenceCrm';
import type { AppHandle } from '../harness';
import { launchKillableApp, type KillableApp } from '../harness/killableApp';
import { freshProfileDir } from '../harness/launchApp';
import { waitFor } from '../sip/processes';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  agentAccount,
  dial,
  launchAgent,
  startStack,
  storeCrmToken,
  testAudio,
  ui,
  waitForRegistered,
  waitForTalking,
} from './support';

const TOKEN = 'agent-token-1001-offline-shift';
const DAY = 24 * 60 * 60 * 1000;
const words = ui('ko');

/** Reads the app's database with a connection of our own (the app may be dead). */
function onDisk<T>(profileDir: string, sql: string): T[] {
  const db = openProfileDatabase(profileDir, { readonly: true });
  try {
    return db.prepare(sql).pluck().all() as T[];
  } finally {
    db.close();
  }
}

/** The next Tuesday–Friday 10:00 in Korea, at least a day ahead: inside the centre's window. */
function nextWeekdayMorningKst(now = Date.now()): number {
  for (let day = 1; ; day++) {
    const kst = new Date(now + day * DAY + 9 * 60 * 60 * 1000);
    const weekday = kst.getUTCDay();
    if (weekday >= 2 && weekday <= 5) {
      return Date.UTC(kst.getUTCFullYear(), kst.getUTCMonth(), kst.getUTCDate(), 10 - 9, 0);
    }
  }
}

/** What a datetime-local input shows for `epochMs` in the browser's time zone. */
const localInput = (page: Page, epochMs: number) =>
  page.evaluate((ms) => {
    const d = new Date(ms);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, epochMs);

const syncBanner = (page: Page, state: 'online' | 'offline') =>
  page
    .getByRole('status', { name: words.sync['label'] })
    .filter({ hasText: words.sync.state[state]! })
    .waitFor({ timeout: 20_000 });

// Acceptance (issue 5): CRM stopped mid-shift: the agent writes notes, dispositions and
// callbacks; the app is killed with SIGKILL while typing and restarted; the draft is intact; the
// CRM is started again and receives every write exactly once (also when a response was dropped
// after commit), in order.
describe.skipIf(!IN_NETNS)(`an offline shift ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let customer: BaresipCustomer;
  let crm: ReferenceCrm;
  let crashed: KillableApp | undefined;
  let restarted: AppHandle | undefined;

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('offline-shift');
    customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-offline-shift-'));
    crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token: TOKEN });
    crm.seed({
      intents: [
        { code: 'billing.inquiry', label: { ko: '요금 문의', en: 'Billing' }, group: 'billing' },
        { code: 'contract.renewal', label: { ko: '재약정', en: 'Renewal' }, group: 'contract' },
      ],
      dispositions: [
        { code: 'resolved', label: { ko: '처리 완료', en: 'Resolved' }, queues: [] },
        { code: 'callback', label: { ko: '재통화 필요', en: 'Call back' }, queues: [] },
      ],
    });
  });
  afterAll(async () => {
    await crashed?.kill().catch(() => undefined);
    await restarted?.close();
    await stack?.stop();
    await crm?.close();
  });

  it('keeps every write through the outage and a kill -9, and the CRM gets each exactly once, in order', async () => {
    const audio = await testAudio();
    const policy = {
      version: 1,
      crm: { baseUrl: crm.url, syncIntervalSeconds: 1, cache: { scope: 'all' } },
    };
    const profileDir = freshProfileDir('offline-shift');
    storeCrmToken(profileDir, TOKEN);
    crashed = await launchKillableApp({
      language: 'ko',
      microphoneWav: audio.agentTone440,
      account: agentAccount(stack, '1001'),
      profileDir,
      policy,
    });
    const page = crashed.page;
    await waitForRegistered(page, 'ko');
    await syncBanner(page, 'online');
    await waitFor(
      () =>
        onDisk<number>(
          profileDir,
          "SELECT count(*) FROM crm_catalog WHERE kind = 'disposition'",
        )[0] === 2,
      { what: 'the dispositions in the cache', timeoutMs: 20_000 },
    );

    // The CRM goes down mid-shift.
    await crm.stop();
    await syncBanner(page, 'offline');

    // Call 1: a note, a callback, then the mandatory disposition.
    await dial(page, 'ko', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'ko');
    const body = page.getByRole('textbox', { name: words.notes['body'] });
    await page.getByLabel(words.notes['intent']!).selectOption({ label: '재약정' });
    await body.fill('약정 만료 안내, 재약정 의사 있음');
    await page.getByRole('button', { name: words.notes['save'] }).click();
    await page
      .getByRole('status', { name: words.notes['state'] })
      .filter({ hasText: words.notes['saved']! })
      .waitFor({ timeout: 5_000 });

    const form = page.getByRole('form', { name: words.callbacks['schedule'] });
    const at = nextWeekdayMorningKst();
    await form.getByLabel(words.callbacks['number']!).fill('010-1891-9671');
    await form.getByLabel(words.callbacks['reason']!).fill('계약 재녹취');
    await form.getByLabel(words.callbacks['at']!).fill(await localInput(page, at));
    await form.getByLabel(words.callbacks['deadline']!).fill(await localInput(page, at + 3 * DAY));
    await form.getByRole('button', { name: words.callbacks['save'] }).click();
    await form.getByRole('status').filter({ hasText: words.callbacks['created']! }).waitFor();
    await page
      .getByRole('list', { name: words.callbacks['title'] })
      .getByText('계약 재녹취')
      .waitFor();

    await page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
    const wrapUp = page.getByRole('region', { name: words.wrapUp['title'] });
    await wrapUp.waitFor({ timeout: 10_000 });
    await wrapUp.getByLabel(words.wrapUp['disposition']!).selectOption({ label: '처리 완료' });
    await wrapUp.getByRole('button', { name: words.wrapUp['save'] }).click();
    await wrapUp.waitFor({ state: 'hidden', timeout: 10_000 });

    // Call 2: killed with SIGKILL while the agent types its note.
    await dial(page, 'ko', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'ko');
    const typed = '해지 문의: 위약금 안내';
    await page.getByRole('textbox', { name: words.notes['body'] }).pressSequentially(typed, {
      delay: 20,
    });
    await waitFor(() => onDisk<string>(profileDir, 'SELECT body FROM note_drafts')[0] === typed, {
      what: 'the draft on disk',
      timeoutMs: 5_000,
    });
    await crashed.kill();
    crashed = undefined;

    // Restarted, still offline: the draft is intact and is saved.
    restarted = await launchAgent(stack, '1001', {
      language: 'ko',
      microphoneWav: audio.agentTone440,
      profileDir,
      policy,
    });
    const restored = restarted.page.getByRole('textbox', { name: words.notes['body'] });
    await restored.waitFor({ timeout: 15_000 });
    expect(await restored.inputValue()).toBe(typed);
    await restarted.page.getByRole('button', { name: words.notes['save'] }).click();
    await restarted.page
      .getByRole('status', { name: words.notes['state'] })
      .filter({ hasText: words.notes['saved']! })
      .waitFor({ timeout: 5_000 });
    const queued = restarted.readDb().prepare('SELECT kind FROM outbox ORDER BY id').pluck().all();
    expect(queued).toEqual(['note.create', 'callback.create', 'disposition.create', 'note.create']);

    // The CRM comes back, and the answer to the first write it commits is lost on the way.
    crm.setFault({ mode: 'dropAfterCommit', count: 1, path: '/v1/notes' });
    await crm.start();
    await waitFor(
      () =>
        crm.received().length >= 4 &&
        restarted!.readDb().prepare('SELECT count(*) FROM outbox').pluck().get() === 0,
      {
        what: 'every queued write delivered',
        timeoutMs: 60_000,
      },
    );
    await syncBanner(restarted.page, 'online');

    const noteIds = restarted
      .readDb()
      .prepare('SELECT id FROM notes ORDER BY created_at')
      .pluck()
      .all();
    const callbackId = restarted.readDb().prepare('SELECT id FROM callbacks').pluck().get();
    const received = crm.received();
    expect(received.map((r) => r.kind)).toEqual(['note', 'callback', 'disposition', 'note']);
    expect([received[0]!.id, received[1]!.id, received[3]!.id]).toEqual([
      noteIds[0],
      callbackId,
      noteIds[1],
    ]);
    expect(crm.receivedBody('note', noteIds[1] as string)).toMatchObject({ body: typed });
    expect(crm.receivedBody('note', noteIds[0] as string)).toMatchObject({
      intentCode: 'contract.renewal',
    });
    expect(crm.receivedBody('disposition', received[2]!.id)).toMatchObject({ code: 'resolved' });
    // The lost answer was retried with the same key and answered from the first commit.
    expect(crm.replays()).toBeGreaterThanOrEqual(1);
    expect(new Set(received.map((r) => r.idempotencyKey)).size).toBe(4);
  });
});
