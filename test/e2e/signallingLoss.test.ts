import { afterEach, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import { startBaresipCustomer, type SipStack } from '../sip/stack';
import { heardSoFar, waitForAgentHeardAfter } from './heardAudio';
import {
  appBound,
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForNoticeDone,
  waitForRegistered,
  waitForStatus,
  waitForTalking,
} from './support';

// Issue #6 (resilience): the SIP server goes away. The media of an established call does not
// pass through Kamailio (rtpengine and the customer stay up), so the call must go on and say
// that it cannot be controlled; the app re-registers without a reload when the server is back,
// and with two servers configured, registration moves to the second.

const words = ui('en');

describe.skipIf(!IN_NETNS)(`SIP server loss ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  const stacks: SipStack[] = [];
  let agent: AppHandle | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
    for (const stack of stacks.splice(0)) await stack.stop();
  });

  it('Kamailio killed mid-call: the audio goes on, the card says so, and the app re-registers', async () => {
    const audio = await testAudio();
    const stack = await startStack('signalling-loss');
    stacks.push(stack);
    const customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
    agent = await launchAgent(stack, '1001', { language: 'en', microphoneWav: audio.agentTone440 });
    await waitForRegistered(agent.page, 'en');
    const before = customer.recordings();
    await dial(agent.page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(agent.page, 'en');
    await waitForNoticeDone(agent.page);
    await waitForAgentHeardAfter(customer, before, 0, 1);

    await stack.stopKamailio();
    const lost = agent.page.getByRole('alert').filter({ hasText: words.calls['signallingLost']! });
    await lost.waitFor({ timeout: 15_000 });
    // Controls that need the server are off; the call itself is still up and heard.
    expect(
      await agent.page.getByRole('button', { name: words.calls['hold'], exact: true }).isDisabled(),
    ).toBe(true);
    expect(
      await agent.page.getByRole('status', { name: words.calls['callStatus'] }).textContent(),
    ).toBe(words.calls.phase['talking']);
    await waitForAgentHeardAfter(customer, before, heardSoFar(customer, before).seconds, 2);

    await stack.startKamailio();
    await waitForRegistered(agent.page, 'en', 30_000);
    await waitFor(() => appBound(stack), { what: "the app's binding at the restarted Kamailio" });
    await expect.poll(() => lost.count()).toBe(0);
    // Still the same call, and it can be ended through the new connection: the customer gets BYE.
    await agent.page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed({ timeoutMs: 15_000 });
  });

  it('with two servers configured, killing the first moves registration to the second', async () => {
    const first = await startStack('failover-a');
    stacks.push(first);
    const second = await startStack('failover-b');
    stacks.push(second);
    agent = await launchAgent(first, '1001', {
      language: 'en',
      wsServers: [first.wsUrl, second.wsUrl],
    });
    await waitForRegistered(agent.page, 'en');
    await waitFor(() => appBound(first), { what: 'the binding at the first server' });
    expect(await appBound(second)).toBe(false);

    await first.stopKamailio();
    await waitForStatus(agent.page, 'en', words.registration['reconnecting']!);
    await waitForRegistered(agent.page, 'en', 40_000);
    await waitFor(() => appBound(second), { what: 'the binding at the second server' });
  });

  it('a frozen server is found by the keepalive within two intervals, and registration moves on', async () => {
    const first = await startStack('keepalive-a');
    stacks.push(first);
    const second = await startStack('keepalive-b');
    stacks.push(second);
    const keepaliveSeconds = 5;
    agent = await launchAgent(first, '1001', {
      language: 'en',
      wsServers: [first.wsUrl, second.wsUrl],
      policy: { version: 1, signalling: { keepaliveSeconds } },
    });
    await waitForRegistered(agent.page, 'en');
    await waitFor(() => appBound(first), { what: 'the binding at the first server' });
    const handle = agent;

    // The WebSocket stays open to a frozen server: only the keepalive can tell it is dead.
    first.freezeKamailio();
    const frozenAt = performance.now();
    await waitFor(() => handle.logLines.some((line) => line.includes('did not answer two pings')), {
      what: 'the keepalive to give up on the frozen server',
      // The last answered ping may have been just before the freeze: one interval until the
      // next ping, then two half-interval pings (see renderer/sip/keepalive.ts), and margin.
      timeoutMs: (keepaliveSeconds * 3 + 3) * 1000,
    });
    const detectedAfterMs = performance.now() - frozenAt;
    await waitForRegistered(agent.page, 'en', 30_000);
    await waitFor(() => appBound(second), { what: 'the binding at the second server' });
    expect(
      handle.logLines.filter((line) => line.includes('did not answer two pings')),
      `found after ${Math.round(detectedAfterMs)} ms`,
    ).toHaveLength(1);
  });
});
