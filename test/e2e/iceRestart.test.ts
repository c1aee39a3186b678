import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../sip/processes';
import { heardSoFar, waitForAgentHeardAfter } from './heardAudio';
import {
  callStatus,
  IN_NETNS,
  NETNS_SKIP_REASON,
  callStats,
  dial,
  startAgentAndCustomer,
  ui,
  waitForNoticeDone,
  waitForTalking,
  type AgentAndCustomer,
} from './support';

// Issue #6 (resilience): ICE restart on a network change. The browser says the network came
// (back) online; the app re-INVITEs each established call with fresh ICE credentials, rtpengine
// takes the new candidates, and the customer keeps hearing the agent on the same call.

/** How many SDP offers rtpengine has been handed (Kamailio's rtpengine_offer per INVITE). */
const offersSeen = (env: AgentAndCustomer) =>
  (
    fs
      .readFileSync(path.join(env.stack.logsDir, 'rtpengine.log'), 'utf8')
      .match(/Received command 'offer'/g) ?? []
  ).length;

describe.skipIf(!IN_NETNS)(`ICE restart ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let env: AgentAndCustomer;

  beforeAll(async () => {
    env = await startAgentAndCustomer('ice-restart', 'en');
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a network change restarts ICE on the call, which goes on with audio both ways', async () => {
    const { agent, customer } = env;
    const page = agent.page;
    const before = customer.recordings();
    await dial(page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'en');
    await waitForNoticeDone(page);
    await waitForAgentHeardAfter(customer, before, 0, 1);

    const restartAt = heardSoFar(customer, before).seconds;
    const [beforeRestart] = await callStats(page);
    await page.evaluate(() =>
      (globalThis as unknown as EventTarget).dispatchEvent(new Event('online')),
    );
    await waitFor(
      () => agent.logLines.some((line) => line.includes('ICE restart (networkChange): ok')),
      {
        what: 'the ICE restart re-INVITE to be answered',
        timeoutMs: 15_000,
      },
    );
    // The re-INVITE went through the relay: rtpengine got a second offer for the call.
    expect(offersSeen(env)).toBeGreaterThanOrEqual(2);
    // Audio both ways afterwards: the customer hears the agent, the agent keeps receiving.
    await waitForAgentHeardAfter(customer, before, restartAt + 0.5, 1.5);
    await waitFor(
      async () => {
        const [now] = await callStats(page);
        return (
          (now?.inbound?.packetsReceived ?? 0) >
          (beforeRestart?.inbound?.packetsReceived ?? 0) + 100
        );
      },
      { what: 'the agent to keep receiving audio after the restart' },
    );
    expect(
      await callStatus(page, 'en')
        .getByText(ui('en').calls.phase['talking']!, { exact: true })
        .count(),
    ).toBe(1);
    await page.getByRole('button', { name: ui('en').calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });
});
