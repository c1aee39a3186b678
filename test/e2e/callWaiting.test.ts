import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForNoticeDone,
  waitForReady,
  waitForTalking,
} from './support';
import { expectAgentSilentFor, heardSoFar, waitForAgentHeardAfter } from './heardAudio';

// Issue #6 (call control): a second call while talking rings as call waiting; answering it puts
// the first customer on hold; 이 통화로 전환 swaps the lines. Two baresip customers, the app as
// agent 1001 (microphone: 440 Hz); who hears the agent is read from each customer's recording.

const words = ui('en').calls;

const lines = (page: Page) => page.getByRole('list', { name: words['lines'] });
const line = (page: Page, n: number) =>
  lines(page)
    .getByRole('listitem')
    .filter({ hasText: String(words['line']).replace('{{n}}', String(n)) });

describe.skipIf(!IN_NETNS)(`call waiting and swap ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let agent: AppHandle;
  let first: BaresipCustomer;
  let second: BaresipCustomer;

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('call-waiting');
    first = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
    second = await startBaresipCustomer(stack, {
      user: '2002',
      sourceWav: audio.customerTone600,
      autoAnswer: true,
    });
    agent = await launchAgent(stack, '1001', { language: 'en', microphoneWav: audio.agentTone440 });
    await waitForReady(agent.page, 'en');
  });
  afterAll(async () => {
    await agent?.close();
    await stack?.stop();
  });

  it('rings while talking, answering holds the first call, and swapping moves the agent between them', async () => {
    const page = agent.page;
    const firstBefore = first.recordings();
    await dial(page, 'en', first.uri);
    await first.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'en');
    await waitForNoticeDone(page);
    await waitForAgentHeardAfter(first, firstBefore, 0, 1);

    // The second customer calls the agent: it rings as a waiting call.
    const secondBefore = second.recordings();
    second.dial(stack.uri('1001'));
    const incoming = page.getByRole('dialog', { name: words['incomingTitle'] });
    await incoming.waitFor({ timeout: 15_000 });
    expect(await incoming.textContent()).toContain(words['waitingHint']);
    expect(await lines(page).getByRole('listitem').count()).toBe(2);
    expect(second.readLog()).not.toMatch(/486 Busy/);

    // 받기: the first customer is put on hold, then the second call is answered.
    await page.getByRole('button', { name: words['answer'], exact: true }).click();
    await second.waitForCallEstablished({ timeoutMs: 15_000 });
    await expect
      .poll(() => line(page, 1).textContent(), { timeout: 15_000 })
      .toContain(words.holdState['held']);
    await expect.poll(() => line(page, 2).getAttribute('aria-current')).toBe('true');
    // The second customer hears the agent once the notice has played on their call.
    await waitForAgentHeardAfter(second, secondBefore, 0, 1);
    await expectAgentSilentFor(first, firstBefore, 2, false);

    // 이 통화로 전환 on line 1: the second customer is held, the first hears the agent again.
    const firstResumedAt = heardSoFar(first, firstBefore).seconds;
    await line(page, 1).getByRole('button', { name: words['swap'] }).click();
    await expect
      .poll(() => line(page, 2).textContent(), { timeout: 15_000 })
      .toContain(words.holdState['held']);
    await expect.poll(() => line(page, 1).getAttribute('aria-current')).toBe('true');
    await waitForAgentHeardAfter(first, firstBefore, firstResumedAt, 1.5);
    await expectAgentSilentFor(second, secondBefore, 2, false);

    // Hang up line 1; the held line 2 is what is left, retrieved with 보류 해제, then hung up.
    await page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await first.waitForCallClosed();
    await expect
      .poll(() => page.getByRole('status', { name: words['callStatus'] }).textContent())
      .toBe(words.holdState['held']);
    const secondResumedAt = heardSoFar(second, secondBefore).seconds;
    await page.getByRole('button', { name: words['resume'], exact: true }).click();
    await waitForAgentHeardAfter(second, secondBefore, secondResumedAt, 1);
    await page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await second.waitForCallClosed();
  });

  it('declining a waiting call (603) leaves the first customer talking to the agent', async () => {
    const page = agent.page;
    const firstBefore = first.recordings();
    await dial(page, 'en', first.uri);
    await first.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'en');
    await waitForNoticeDone(page);
    await waitForAgentHeardAfter(first, firstBefore, 0, 1);
    second.dial(stack.uri('1001'));
    await page.getByRole('dialog', { name: words['incomingTitle'] }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: words['decline'], exact: true }).click();
    await second.waitForCallClosed();
    expect(second.readLog()).toMatch(/603 Decline/);
    // One line again, still talking, and the first customer still hears the agent.
    await expect.poll(() => lines(page).count()).toBe(0);
    await expect
      .poll(() => page.getByRole('status', { name: words['callStatus'] }).textContent())
      .toBe(words.phase['talking']);
    await waitForAgentHeardAfter(first, firstBefore, heardSoFar(first, firstBefore).seconds, 1.5);
    await page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await first.waitForCallClosed();
  });
});
