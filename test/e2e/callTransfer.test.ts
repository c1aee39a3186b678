import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  callLogRows,
  dial,
  heardFrequency,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForNoticeDone,
  waitForReady,
  waitForTalking,
} from './support';

// Issue #6 (call control): 호전환 (blind transfer) of a baresip customer's call from agent 1001 to
// agent 1002, both real app instances, through Kamailio and rtpengine. The app sends REFER;
// baresip calls 1002 itself and reports the outcome by NOTIFY. Who hears whom is read from
// audio: agent 1001 speaks 440 Hz, agent 1002 660 Hz, the customer 1000 Hz.

const words = ui('en').calls;

/** Seconds of `hz` in what the customer heard after `from` (the agents' tones arrive loud). */
const customerHeard = (
  customer: BaresipCustomer,
  since: ReadonlySet<string>,
  hz: number,
  from = 0,
) => customer.heardSeconds(hz, { since, from, minRms: 0.05 });

describe.skipIf(!IN_NETNS)(`호전환 (blind transfer) ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let customer: BaresipCustomer;
  let agent1: AppHandle;
  let agent2: AppHandle;

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('call-transfer');
    customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
    agent1 = await launchAgent(stack, '1001', {
      language: 'en',
      microphoneWav: audio.agentTone440,
    });
    agent2 = await launchAgent(stack, '1002', {
      language: 'en',
      microphoneWav: audio.agentTone660,
    });
    await waitForReady(agent1.page, 'en');
    await waitForReady(agent2.page, 'en');
  });
  afterAll(async () => {
    await agent1?.close();
    await agent2?.close();
    await stack?.stop();
  });
  afterEach(async () => {
    for (const agent of [agent1, agent2]) {
      const hangUp = agent.page.getByRole('button', { name: words['hangUp'], exact: true });
      if (await hangUp.isEnabled()) await hangUp.click();
    }
  });

  /** Agent 1001 calls the customer and talks until the customer hears them. */
  async function agent1TalksToCustomer(): Promise<Set<string>> {
    const before = customer.recordings();
    await dial(agent1.page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(agent1.page, 'en');
    await waitForNoticeDone(agent1.page);
    await customer.waitForHeardTone(440, { seconds: 1, since: before, timeoutMs: 10_000 });
    return before;
  }

  /** How 1001's call with the customer ended, as its call log (SQLite) has it. */
  async function agent1CustomerCallEnd(): Promise<unknown> {
    return waitFor(
      () => {
        const row = callLogRows(agent1).findLast((r) => String(r['remote_uri']).includes('2001'));
        return row?.['end_reason'] ?? undefined;
      },
      { what: "1001's call with the customer to be closed in its call log" },
    );
  }

  /** 1002 hears the customer's 1000 Hz, and the customer hears 1002's 660 Hz. */
  async function expectCustomerAndAgent2HearEachOther(before: Set<string>): Promise<void> {
    await waitFor(
      async () => {
        const heard = await heardFrequency(agent2.page);
        return Math.abs(heard.peakHz - 1000) < 30 && heard.rms > 0.01 ? heard : undefined;
      },
      { what: 'agent 1002 to hear the customer (1000 Hz)', timeoutMs: 20_000 },
    );
    await waitFor(() => customerHeard(customer, before, 660) >= 1.5, {
      what: 'the customer to hear agent 1002 (660 Hz)',
      timeoutMs: 25_000,
      details: () => `660 Hz heard: ${customerHeard(customer, before, 660)} s`,
    });
  }

  async function transferTo(target: string): Promise<void> {
    const page = agent1.page;
    await page.getByRole('button', { name: words['transfer'], exact: true }).click();
    await page.getByRole('textbox', { name: words['transferTarget'] }).fill(target);
    await page.getByRole('button', { name: words['transferBlind'], exact: true }).click();
  }

  it('to agent 1002: the customer and 1002 hear each other, and 1001 is free', async () => {
    const before = await agent1TalksToCustomer();
    await transferTo('1002');

    // baresip calls 1002 itself: it rings there, from the customer.
    const incoming = agent2.page.getByRole('dialog', { name: words['incomingTitle'] });
    await incoming.waitFor({ timeout: 15_000 });
    expect(await incoming.textContent()).toContain('2001');
    await agent2.page.getByRole('button', { name: words['answer'], exact: true }).click();
    await waitForTalking(agent2.page, 'en');

    // 1001's card: the call ended as transferred.
    await agent1.page
      .getByText(ui('en').callEnd['transferred']!, { exact: false })
      .waitFor({ timeout: 15_000 });
    expect(await agent1.page.getByRole('button', { name: words['hangUp'] }).isEnabled()).toBe(
      false,
    );
    // Handed on, not hung up: the history and the counts say so.
    expect(await agent1CustomerCallEnd()).toBe('transferred');

    // 1002 hears the customer's 1000 Hz; the customer hears 1002's 660 Hz once 1002's notice is over.
    await waitForNoticeDone(agent2.page);
    await expectCustomerAndAgent2HearEachOther(before);

    await agent2.page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await waitFor(
      async () => !(await agent2.page.getByRole('button', { name: words['hangUp'] }).isEnabled()),
      { what: "agent 1002's call to end" },
    );
  });

  it('to a target that does not answer (404): 1001 is told why and keeps the customer', async () => {
    const before = await agent1TalksToCustomer();
    await transferTo('1999');
    const alert = agent1.page
      .getByRole('alert')
      .filter({ hasText: words.transferFailure['targetFailed']!.split(' (')[0]! });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('404');
    await expect
      .poll(() => agent1.page.getByRole('status', { name: words['callStatus'] }).textContent())
      .toBe(words.phase['talking']);
    // Still talking: the customer hears 1001 after the failed attempt.
    const after = customer.recordingSeconds(before);
    await waitFor(() => customerHeard(customer, before, 440, after) >= 1.5, {
      what: 'the customer to hear agent 1001 again after the failed transfer',
      timeoutMs: 15_000,
    });
    await agent1.page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });

  async function consultWith(target: string): Promise<void> {
    const page = agent1.page;
    await page.getByRole('button', { name: words['transfer'], exact: true }).click();
    await page.getByRole('textbox', { name: words['transferTarget'] }).fill(target);
    await page.getByRole('button', { name: words['transferConsult'], exact: true }).click();
    // 1002 is called by 1001 (the consult call) and answers.
    const incoming = agent2.page.getByRole('dialog', { name: words['incomingTitle'] });
    await incoming.waitFor({ timeout: 15_000 });
    expect(await incoming.textContent()).toContain('1001');
    await agent2.page.getByRole('button', { name: words['answer'], exact: true }).click();
    await waitForTalking(agent2.page, 'en');
    await agent1.page
      .getByRole('group', { name: words['consulting'] })
      .waitFor({ timeout: 15_000 });
  }

  it('attended: consult 1002 while the customer is held, then 고객연결 hands the customer over', async () => {
    const before = await agent1TalksToCustomer();
    await consultWith('1002');
    // The customer is on hold meanwhile: nothing of 1001 reaches them.
    const heldFrom = customer.recordingSeconds(before);

    await agent1.page.getByRole('button', { name: words['consultComplete'], exact: true }).click();
    await agent1.page
      .getByText(ui('en').callEnd['transferred']!, { exact: false })
      .waitFor({ timeout: 20_000 });
    expect(customerHeard(customer, before, 440, heldFrom + 0.5)).toBe(0);
    expect(await agent1CustomerCallEnd()).toBe('transferred');
    // 1001 has no call left; 1002 talks to the customer on the call that replaced the consult.
    await expect
      .poll(() => agent1.page.getByRole('button', { name: words['hangUp'] }).isEnabled())
      .toBe(false);
    await expectCustomerAndAgent2HearEachOther(before);
    await agent2.page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await customer.waitForCallClosed({ timeoutMs: 15_000 });
  });

  it('attended: 협의취소 ends the consult call and 1001 is back with the customer', async () => {
    const before = await agent1TalksToCustomer();
    await consultWith('1002');
    await agent1.page.getByRole('button', { name: words['consultCancel'], exact: true }).click();
    await expect
      .poll(() => agent2.page.getByRole('button', { name: words['hangUp'] }).isEnabled(), {
        timeout: 15_000,
      })
      .toBe(false);
    const back = customer.recordingSeconds(before);
    await waitFor(() => customerHeard(customer, before, 440, back) >= 1.5, {
      what: 'the customer to hear agent 1001 again after the cancelled consult',
      timeoutMs: 20_000,
    });
    await agent1.page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });

  it("refuses a caller's REFER: the customer cannot make the agent's phone call anyone", async () => {
    await agent1TalksToCustomer();
    const log = customer.readLog().length;
    // baresip's own transfer command sends REFER to the agent's app.
    customer.command('/transfer sip:1002@127.0.0.1');
    await waitFor(() => /transfer failure/i.test(customer.readLog().slice(log)), {
      what: 'baresip to be told the transfer was refused',
      timeoutMs: 15_000,
      details: () => customer.readLog().slice(log).slice(-2000),
    });
    expect(customer.readLog().slice(log)).toMatch(/603 Decline/);
    // 1002 never rang: the app did not place the call the customer asked for. (baresip 1.0 then
    // ends the call itself after a failed transfer; that is the phone's choice, not the app's.)
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await agent2.page.getByRole('dialog', { name: words['incomingTitle'] }).count()).toBe(0);
    const hangUp = agent1.page.getByRole('button', { name: words['hangUp'], exact: true });
    if (await hangUp.isEnabled()) await hangUp.click();
    await customer.waitForCallClosed();
  });
});
