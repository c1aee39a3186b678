import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import type { BaresipCustomer, SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  agentStateStatus,
  dial,
  startAgentAndCustomer,
  ui,
  waitForTalking,
  type AgentAndCustomer,
} from './support';

// Issue #6 (agent states): mandatory after-call work by machine policy. After an answered call
// the agent is in 후처리 for the policy's time with a countdown, cannot end it early, and calls
// offered meanwhile are refused at the SIP level (480, they never ring); when the time is up the
// agent is Ready again by itself and calls ring.

const ACW_SECONDS = 8;
const words = ui('en');

describe.skipIf(!IN_NETNS)(`mandatory after-call work ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let env: AgentAndCustomer;
  let stack: SipStack;
  let customer: BaresipCustomer;
  let agent: AppHandle;

  beforeAll(async () => {
    env = await startAgentAndCustomer('acw', 'en', {
      policy: { version: 1, afterCallWork: { mode: 'mandatory', seconds: ACW_SECONDS } },
    });
    ({ stack, customer, agent } = env);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('runs its time with no early exit, refuses calls meanwhile, then goes Ready by itself', async () => {
    const page = agent.page;
    await dial(page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'en');
    // On the call the toolbar's indicator reads the call's state, as agents expect.
    expect(await agentStateStatus(page, 'en').textContent()).toBe(words.agentState.call['talking']);
    await page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();

    await expect
      .poll(() => agentStateStatus(page, 'en').textContent(), { timeout: 10_000 })
      .toBe(words.agentState.state['wrapUp']);
    const timer = page.getByRole('timer', { name: words.agentState['acwRemaining'] });
    await timer.waitFor();
    expect(await timer.textContent()).toMatch(/^00:0[0-8]$/);
    expect(
      await page.getByRole('button', { name: words.agentState['ready'], exact: true }).isDisabled(),
    ).toBe(true);

    // A call offered during after-call work never rings: 480 at the SIP level.
    const log = customer.readLog().length;
    customer.dial(stack.uri('1001'));
    await customer.waitForCallClosed();
    expect(customer.readLog().slice(log)).toMatch(/480 Temporarily Unavailable/);
    expect(await page.getByRole('dialog', { name: words.calls['incomingTitle'] }).count()).toBe(0);

    // Time up: Ready again without a click, and calls ring.
    await expect
      .poll(() => agentStateStatus(page, 'en').textContent(), {
        timeout: ACW_SECONDS * 1000 + 5000,
      })
      .toBe(words.agentState.state['ready']);
    expect(await timer.count()).toBe(0);
    customer.dial(stack.uri('1001'));
    const incoming = page.getByRole('dialog', { name: words.calls['incomingTitle'] });
    await incoming.waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: words.calls['decline'], exact: true }).click();
    await customer.waitForCallClosed();
  });
});
