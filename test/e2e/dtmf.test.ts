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

// Issue #6 (call control): DTMF typed on the in-call keypad reaches the far end as RFC 4733
// telephone events through rtpengine. baresip 1.0 logs each RTP event it receives as
// "received event: '<digit>' (end=0|1)" (SIP INFO DTMF would read "call: received DTMF").
describe.skipIf(!IN_NETNS)(`DTMF ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let setup: AgentAndCustomer;
  beforeAll(async () => {
    setup = await startAgentAndCustomer('dtmf', 'ko');
  });
  afterAll(() => setup?.stop());

  it('the keypad sends digits the customer receives, in order', async () => {
    const { agent, customer } = setup;
    const words = ui('ko');
    const before = customer.readLog();
    await dial(agent.page, 'ko', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(agent.page, 'ko');
    const keypad = agent.page.getByRole('group', { name: words.calls['keypad'] });
    for (const key of ['1', '2', '9', '#', '*', '0']) {
      await keypad.getByRole('button', { name: key, exact: true }).click();
      // One at a time, as an agent keys a menu choice: the tone and its gap take 170 ms.
      await waitFor(
        () => customer.readLog().slice(before.length).includes(`received event: '${key}' (end=1)`),
        { what: `baresip to receive DTMF ${key}`, timeoutMs: 5_000 },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}\napp log:\n${agent.logLines.slice(-20).join('\n')}`);
      });
    }
    const received = [
      ...customer
        .readLog()
        .slice(before.length)
        .matchAll(/received event: '(.)' \(end=1\)/g),
    ].map((m) => m[1]);
    expect(received).toEqual(['1', '2', '9', '#', '*', '0']);
    await agent.page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });
});

// The per-account option: SIP INFO (application/dtmf-relay), which baresip logs as
// "call: received DTMF: '<digit>' (duration=…)".
describe.skipIf(!IN_NETNS)(`DTMF by SIP INFO ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let env: AgentAndCustomer;
  let customer: BaresipCustomer;
  let agent: AppHandle;
  beforeAll(async () => {
    env = await startAgentAndCustomer('dtmf-info', 'en', { dtmfMode: 'info' });
    ({ customer, agent } = env);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('sends the keys as SIP INFO when the account says so', async () => {
    const words = ui('en');
    const before = customer.readLog();
    await dial(agent.page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(agent.page, 'en');
    const keypad = agent.page.getByRole('group', { name: words.calls['keypad'] });
    for (const key of ['4', '#']) {
      await keypad.getByRole('button', { name: key, exact: true }).click();
      await waitFor(
        () => customer.readLog().slice(before.length).includes(`received DTMF: '${key}'`),
        { what: `baresip to receive DTMF ${key} by SIP INFO`, timeoutMs: 5_000 },
      );
    }
    // Not in the audio path: no RTP telephone events arrived.
    expect(customer.readLog().slice(before.length)).not.toContain('received event:');
    await agent.page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });
});
