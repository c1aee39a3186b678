import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import type { BaresipCustomer } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  startAgentAndCustomer,
  ui,
  waitForTalking,
  type AgentAndCustomer,
} from './support';

// Issue #6 (resilience): a STUN server the policy names but that never answers must not hold
// back the INVITE: after the ICE gathering cap the offer goes out with the candidates found so
// far. The "STUN server" here is a UDP socket that takes every Binding request and answers none.

describe.skipIf(!IN_NETNS)(`ICE gathering cap ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let env: AgentAndCustomer;
  let customer: BaresipCustomer;
  let agent: AppHandle;
  const blackHole = dgram.createSocket('udp4');
  let stunRequests = 0;

  beforeAll(async () => {
    blackHole.on('message', () => stunRequests++);
    await new Promise<void>((resolve) => blackHole.bind(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as AddressInfo;
    env = await startAgentAndCustomer('ice-cap', 'en', {
      policy: {
        version: 1,
        media: { stunServers: [`stun:127.0.0.1:${port}`], iceGatheringCapMs: 1500 },
      },
    });
    ({ customer, agent } = env);
  });
  afterAll(async () => {
    await env?.stop();
    blackHole.close();
  });

  it('sends the INVITE after the cap although the STUN server never answers, and the call works', async () => {
    await dial(agent.page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(agent.page, 'en');
    // The STUN server was asked (so it did hold gathering open), and the app cut gathering short.
    expect(stunRequests).toBeGreaterThan(0);
    await waitFor(
      () => agent.logLines.some((line) => line.includes('ICE gathering capped at 1500 ms')),
      {
        what: 'the app to report the capped ICE gathering',
        timeoutMs: 5_000,
      },
    );
    await agent.page.getByRole('button', { name: ui('en').calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });
});
