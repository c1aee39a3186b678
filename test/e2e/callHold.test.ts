import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

const words = ui('en').calls;

// Issue #6 (call control): 보류 / 보류 해제 and 음소거 against Kamailio, rtpengine and baresip.
// What the customer hears is read from baresip's recording of the call while it is written:
// the agent's microphone is a 440 Hz tone, so "the customer hears the agent" is 440 Hz in it.
// kamailio.cfg's stand-ins: customer 2003 refuses every re-INVITE (488), 2004 answers the first
// two of each call with 491 Request Pending. baresip 1.0 stops decoding for good once it is put
// on hold, so Kamailio shows it the app's hold offer as sendrecv (route[BARESIP_HOLD]): the
// recording then shows what the app sends while held, which must be nothing of the agent.

const holdButton = (page: Page) =>
  page.getByRole('button', { name: new RegExp(`^(${words['hold']}|${words['resume']})$`) });
const status = (page: Page) => page.getByRole('status', { name: words['callStatus'] });
const waitForStatus = (page: Page, text: string, timeout = 10_000) =>
  expect.poll(() => status(page).textContent(), { timeout }).toBe(text);

describe.skipIf(!IN_NETNS)(`hold, retrieve and mute ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let agent: AppHandle;
  const customers: Partial<Record<'2001' | '2003' | '2004', BaresipCustomer>> = {};

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('call-hold');
    for (const user of ['2001', '2003', '2004'] as const) {
      customers[user] = await startBaresipCustomer(stack, {
        user,
        sourceWav: audio.customerTone1000,
        autoAnswer: true,
      });
    }
    agent = await launchAgent(stack, '1001', { language: 'en', microphoneWav: audio.agentTone440 });
    await waitForReady(agent.page, 'en');
  });
  afterAll(async () => {
    await agent?.close();
    await stack?.stop();
  });

  // A test that failed mid-call must not leave the next one unable to dial.
  afterEach(async () => {
    const hangUpButton = agent.page.getByRole('button', { name: words['hangUp'], exact: true });
    if (await hangUpButton.isEnabled()) {
      await hangUpButton.click();
      await expect.poll(() => hangUpButton.isEnabled(), { timeout: 10_000 }).toBe(false);
    }
  });

  /** Dials `customer`, waits for the notice to end and the customer to hear the agent. */
  async function talkTo(customer: BaresipCustomer): Promise<Set<string>> {
    const before = customer.recordings();
    await dial(agent.page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(agent.page, 'en');
    await waitForNoticeDone(agent.page);
    await waitForAgentHeardAfter(customer, before, 0, 1);
    return before;
  }

  async function hangUp(customer: BaresipCustomer): Promise<void> {
    await agent.page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  }

  it('muted or held, the customer hears nothing of the agent; after unmute and retrieve, again', async () => {
    const customer = customers['2001']!;
    const before = await talkTo(customer);
    const page = agent.page;

    await page.getByRole('button', { name: words['mute'], exact: true }).click();
    await expect
      .poll(() => page.getByRole('button', { name: words['unmute'] }).getAttribute('aria-pressed'))
      .toBe('true');
    await expectAgentSilentFor(customer, before, 2.5, true);
    await page.getByRole('button', { name: words['unmute'], exact: true }).click();
    await waitForAgentHeardAfter(customer, before, heardSoFar(customer, before).seconds, 1);

    await holdButton(page).click();
    await waitForStatus(page, words.holdState['held']!);
    expect(await holdButton(page).textContent()).toBe(words['resume']);
    // What the app offered: a=sendonly (see route[BARESIP_HOLD] in kamailio.cfg).
    expect(fs.readFileSync(path.join(stack.logsDir, 'kamailio.log'), 'utf8')).toContain(
      'hold offer from the agent (a=sendonly) for 2001',
    );
    expect(await holdButton(page).getAttribute('aria-pressed')).toBe('true');
    await expectAgentSilentFor(customer, before, 3, false);
    // The call is still up while held: baresip has not logged its end.
    expect(customer.readLog()).not.toMatch(/session closed|terminate call/);

    const resumedAt = heardSoFar(customer, before).seconds;
    await holdButton(page).click();
    await waitForStatus(page, words.phase['talking']!);
    await waitForAgentHeardAfter(customer, before, resumedAt, 1.5);
    await hangUp(customer);
  });

  it('a hold the far end refuses (488) leaves the call talking, says why, and the agent is heard', async () => {
    const customer = customers['2003']!;
    const before = await talkTo(customer);
    const page = agent.page;
    await holdButton(page).click();
    const alert = page.getByRole('alert').filter({ hasText: words.holdFailed['hold']! });
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toContain('488');
    await waitForStatus(page, words.phase['talking']!);
    expect(await holdButton(page).textContent()).toBe(words['hold']);
    // Not ended (JsSIP's own hold() would have hung up with "Hold Failed"), and heard again.
    await waitForAgentHeardAfter(customer, before, heardSoFar(customer, before).seconds, 1.5);
    expect(await agent.page.getByRole('button', { name: words['hangUp'] }).isEnabled()).toBe(true);
    await hangUp(customer);
  });

  it('a far end that answers 491 Request Pending twice is held after the RFC 3261 retry', async () => {
    const customer = customers['2004']!;
    const before = await talkTo(customer);
    const page = agent.page;
    await holdButton(page).click();
    // JsSIP resends after 1 s and meets 491 again; the app retries after 2.1-4 s (it dialled).
    await waitForStatus(page, words.holdState['held']!, 15_000);
    // Kamailio saw the third re-INVITE: the app's own retry, after JsSIP's single resend.
    const kamailioLog = fs.readFileSync(path.join(stack.logsDir, 'kamailio.log'), 'utf8');
    expect(kamailioLog).toContain('re-INVITE 3 of this call to 2004');
    expect(
      await page.getByRole('alert').filter({ hasText: words.holdFailed['hold']! }).count(),
    ).toBe(0);
    await expectAgentSilentFor(customer, before, 2, false);
    const resumedAt = heardSoFar(customer, before).seconds;
    await holdButton(page).click();
    await waitForStatus(page, words.phase['talking']!);
    await waitForAgentHeardAfter(customer, before, resumedAt, 1);
    await hangUp(customer);
  });
});
