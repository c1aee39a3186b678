// `node scripts/demo.mjs --screenshots`: the README's screenshots, made from the real app
// (headless Chromium, 1280x800) on the real stack, so they show what a user sees:
//
//   resources/screenshots/call-ko.png       Korean UI in a call with a customer who called in,
//                                           after one earlier call (so Recent calls has a row)
//   resources/screenshots/first-run-en.png  English UI, first run: the SIP account form
//   resources/screenshots/lead-ko.png       Korean UI of a team lead: 팀 현황 with an agent on a
//                                           call, listening to that call (issue #8's scene)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seedDemoCrm } from '../../test/crmReference/demoData';
import { syntheticCustomer } from '../../test/crmReference/syntheticCustomers';
import { startReferenceCrm, type ReferenceCrm } from '../../test/crmReference/referenceCrm';
import {
  leadModeActive,
  startMonitoringScene,
  type MonitoringScene,
} from '../../test/e2e/monitoringScene';
import { storeCrmToken } from '../../test/e2e/support';
import { launchApp, type AppHandle } from '../../test/harness';
import { ensureTestAudio } from '../../test/sip/audio';
import { startBaresipCustomer, startSipStack, type SipStack } from '../../test/sip/stack';
import {
  REPO_ROOT,
  button,
  callStatus,
  makeCustomerVoice,
  registrationStatus,
  say,
  shown,
  words,
} from './common';

const OUT_DIR = path.join(REPO_ROOT, 'resources/screenshots');
const RUN_DIR = path.join(REPO_ROOT, '.tmp/screenshots');

/** Scrolls every scrolled box back to its top (typing into a field lower down scrolled it). */
async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { querySelectorAll(selector: string): Iterable<{ scrollTop: number }> };
      scrollTo(x: number, y: number): void;
    };
    for (const box of g.document.querySelectorAll('*')) if (box.scrollTop > 0) box.scrollTop = 0;
    g.scrollTo(0, 0);
  });
}

/** Waits for web fonts and one more frame, so nothing is captured half-drawn. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const g = globalThis as unknown as {
          document: { fonts: { ready: Promise<unknown> } };
          requestAnimationFrame(callback: () => void): void;
        };
        void g.document.fonts.ready.then(() =>
          g.requestAnimationFrame(() => g.requestAnimationFrame(() => resolve())),
        );
      }),
  );
}

async function firstRunEnglish(): Promise<void> {
  const w = words('en');
  // micProcessing: the app's real default (the harness turns it off for tone tests).
  const app = await launchApp({
    language: 'en',
    profileDir: path.join(RUN_DIR, 'first-run'),
    micProcessing: true,
  });
  try {
    await app.page.getByRole('form', { name: w.account.formLabel }).waitFor();
    await app.page.getByText(w.account.firstRun).waitFor();
    await settle(app.page);
    const file = path.join(OUT_DIR, 'first-run-en.png');
    await app.page.screenshot({ path: file });
    say(`wrote ${shown(file)}`);
  } finally {
    await app.close();
  }
}

const CRM_TOKEN = 'screenshot-agent-token-1001';

async function callKorean(): Promise<void> {
  const w = words('ko');
  const audio = await ensureTestAudio(path.join(os.tmpdir(), 'sori-test-audio'));
  let stack: SipStack | undefined;
  let app: AppHandle | undefined;
  let crm: ReferenceCrm | undefined;
  try {
    stack = await startSipStack({ workDir: path.join(RUN_DIR, 'sip') });
    // The CRM the panel is synced to: 2002's calls carry the CRM id of customer 42 (the test
    // Kamailio's IVR stand-in), so the card pops.
    crm = await startReferenceCrm({
      dbFile: path.join(RUN_DIR, 'crm/crm.sqlite'),
      token: CRM_TOKEN,
    });
    seedDemoCrm(crm, { customers: 5_000 });
    const profileDir = path.join(RUN_DIR, 'call');
    storeCrmToken(profileDir, CRM_TOKEN);
    const voice = await makeCustomerVoice('ko', path.join(RUN_DIR, 'audio'));
    // 2001 answers the agent's call; 2002 calls in, with a name as a real caller would show.
    const answering = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: voice ?? audio.customerTone1000,
      autoAnswer: true,
    });
    const caller = await startBaresipCustomer(stack, {
      user: '2002',
      sourceWav: voice ?? audio.customerTone600,
      autoAnswer: false,
      // The caller ID shows the line owner's name: customer 42's, as in the CRM.
      displayName: syntheticCustomer(42).customer.name,
    });
    app = await launchApp({
      language: 'ko',
      profileDir,
      policy: {
        version: 1,
        crm: { baseUrl: crm.url, syncIntervalSeconds: 5, cache: { scope: 'all' } },
        screenPop: { customerIdHeader: 'X-Customer-Id' },
      },
      microphoneWav: audio.agentTone440,
      account: {
        user: '1001',
        password: stack.users['1001'],
        domain: stack.domain,
        wsServers: [stack.wsUrl],
        displayName: '상담원 1001',
      },
    });
    const { page } = app;
    await registrationStatus(page, 'ko')
      .filter({ hasText: w.registration.registered })
      .waitFor({ timeout: 20_000 });

    // An earlier call, so Recent calls is not empty.
    const number = page.getByRole('textbox', { name: w.calls.number, exact: true });
    await number.fill('2001');
    await button(page, w.calls.dial).click();
    await answering.waitForCallEstablished({ timeoutMs: 15_000 });
    await callStatus(page, 'ko').filter({ hasText: w.calls.phase.talking }).waitFor();
    await page.waitForTimeout(2500);
    await button(page, w.calls.hangUp).click();
    await answering.waitForCallClosed();
    await callStatus(page, 'ko').filter({ hasText: w.calls.ended }).waitFor();
    await number.fill('');
    // 후처리: the call's outcome before 대기.
    const wrapUp = page.getByRole('region', { name: w.wrapUp.title });
    await wrapUp.getByLabel(w.wrapUp.disposition).selectOption({ label: '처리 완료' });
    await wrapUp.getByRole('button', { name: w.wrapUp.save }).click();
    await wrapUp.waitFor({ state: 'hidden' });

    // The agent goes Ready (대기); the customer calls in; the agent answers.
    await button(page, w.agentState.ready).click();
    await page
      .getByRole('status', { name: w.agentState.current })
      .filter({ hasText: w.agentState.state.ready })
      .waitFor();
    caller.dial(stack.uri('1001'));
    await page.getByRole('dialog', { name: w.calls.incomingTitle }).waitFor({ timeout: 15_000 });
    await button(page, w.calls.answer).click();
    await caller.waitForCallEstablished({ timeoutMs: 15_000 });
    await callStatus(page, 'ko').filter({ hasText: w.calls.phase.talking }).waitFor();
    // A few seconds on the call timer; the mouse away from the buttons (no hover highlight).
    await page.mouse.move(1200, 700);
    // The notice has played (protection buttons on the card); the agent types the call's note.
    await page.getByText(w.recordingNotice.played).waitFor({ timeout: 30_000 });
    await page.getByLabel(w.customer.card).waitFor({ timeout: 10_000 });
    await page.getByLabel(w.notes.intent).selectOption({ label: '요금 이의' });
    await page
      .getByRole('textbox', { name: w.notes.body })
      .fill('요금 이의 문의: 11월 청구액 중 부가서비스 요금 확인 요청. 내역 재안내 후 콜백 예정.');
    await scrollToTop(page);
    await settle(page);
    const file = path.join(OUT_DIR, 'call-ko.png');
    await page.screenshot({ path: file });
    say(`wrote ${shown(file)}`);
    caller.hangup();
    await caller.waitForCallClosed();
  } finally {
    await app?.close();
    await stack?.stop();
    await crm?.close();
  }
}

async function leadKorean(): Promise<void> {
  const w = words('ko');
  let scene: MonitoringScene | undefined;
  try {
    // Agent 1001 on a call with a customer; lead 1002 of the same team in their own app.
    scene = await startMonitoringScene('screenshots');
    const { page } = scene.lead;
    const board = page.getByRole('region', { name: w.teamBoard.title });
    await board
      .getByRole('row')
      .filter({ hasText: '김상담' })
      .filter({ hasText: /\d+:\d\d/ })
      .first()
      .waitFor({ timeout: 20_000 });
    // 모니터링 on the agent's row starts listening to their call.
    await board.getByRole('button', { name: w.teamBoard.monitor, exact: true }).first().click();
    await leadModeActive(page, 'listen').waitFor({ timeout: 20_000 });
    await page.mouse.move(1200, 700);
    await page.waitForTimeout(3000);
    await settle(page);
    const file = path.join(OUT_DIR, 'lead-ko.png');
    await page.screenshot({ path: file });
    say(`wrote ${shown(file)}`);
  } finally {
    await scene?.stop();
  }
}

async function main(): Promise<void> {
  fs.rmSync(RUN_DIR, { recursive: true, force: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  await firstRunEnglish();
  await callKorean();
  await leadKorean();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
