import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../sip/processes';
import { heardSoFar, waitForAgentHeardAfter } from './heardAudio';
import {
  callStatus,
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  startAgentAndCustomer,
  ui,
  waitForNoticeDone,
  waitForTalking,
  type AgentAndCustomer,
} from './support';

// Issue #6 (resilience): RFC 4028 session timers. The app offers Session-Expires 90 (JsSIP's
// minimum) and, as refresher, re-INVITEs at half of it; baresip (which does not do timers itself)
// answers each refresh and the call goes on. The one slow test of the suite: a refresh takes 45 s.

const offersSeen = (env: AgentAndCustomer) =>
  (
    fs
      .readFileSync(path.join(env.stack.logsDir, 'rtpengine.log'), 'utf8')
      .match(/Received command 'offer'/g) ?? []
  ).length;

describe.skipIf(!IN_NETNS)(`session timers ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let env: AgentAndCustomer;

  beforeAll(async () => {
    env = await startAgentAndCustomer('session-timers', 'en');
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('the call is refreshed by re-INVITE at half the session interval and carries on', async () => {
    const { agent, customer } = env;
    const page = agent.page;
    const before = customer.recordings();
    await dial(page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'en');
    await waitForNoticeDone(page);
    expect(offersSeen(env)).toBe(1);

    await waitFor(() => offersSeen(env) >= 2, {
      what: 'the session refresh re-INVITE (Session-Expires 90: refreshed after 45 s)',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    const refreshedAt = heardSoFar(customer, before).seconds;
    // Still the same call, talking, and the customer still hears the agent.
    await sleep(1000);
    expect(
      await callStatus(page, 'en')
        .getByText(ui('en').calls.phase['talking']!, { exact: true })
        .count(),
    ).toBe(1);
    await waitForAgentHeardAfter(customer, before, refreshedAt, 1);
    expect(customer.readLog()).not.toMatch(/Call closed/);
    await page.getByRole('button', { name: ui('en').calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  }, 120_000);
});
