import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMediaLoss, mediaLossSupport } from '../sip/netem';
import { waitFor } from '../sip/processes';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  startAgentAndCustomer,
  ui,
  waitForTalking,
  type AgentAndCustomer,
} from './support';

// Issue #6 (call quality): the live MOS estimate on the call card and its warning. Real parts:
// Chromium's getStats of a call through Kamailio and rtpengine to a baresip customer, and real
// packet loss on everything rtpengine sends (netfilter in the test namespace, test/sip/netem.ts).

const words = ui('en').calls;
const support = mediaLossSupport();
const skipReason = !IN_NETNS
  ? NETNS_SKIP_REASON
  : support.usable
    ? ''
    : `skipped: no packet loss here (${support.reason})`;

describe.skipIf(skipReason !== '')(`call quality ${skipReason}`, () => {
  let env: AgentAndCustomer;

  beforeAll(async () => {
    env = await startAgentAndCustomer('call-quality', 'en');
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('shows good quality on a clean line, warns once loss sets in, and eases when it stops', async () => {
    const { agent, customer, stack } = env;
    const page = agent.page;
    const quality = page.getByRole('status', { name: words.quality['label'] });
    const warning = page.getByRole('alert').filter({ hasText: 'Call quality is poor' });

    await dial(page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'en');
    await quality.filter({ hasText: words.quality.level['good'] }).waitFor({ timeout: 15_000 });
    const clean = Number(/MOS ([\d.]+)/.exec((await quality.textContent()) ?? '')?.[1]);
    expect(clean).toBeGreaterThan(4);
    expect(await warning.count()).toBe(0);

    const undo = await addMediaLoss(
      { first: stack.ports.rtpengineMin, last: stack.ports.rtpengineMax },
      30,
    );
    try {
      await warning.waitFor({ timeout: 20_000 });
      await quality.filter({ hasText: words.quality.level['bad'] }).waitFor({ timeout: 5_000 });
      const text = (await warning.textContent()) ?? '';
      const loss = Number(/loss ([\d.]+) %/.exec(text)?.[1]);
      expect(loss, text).toBeGreaterThan(10);
      await waitFor(
        () => agent.logLines.some((line) => /call quality bad: MOS [\d.]+, loss/.test(line)),
        { what: 'the quality warning in the log', timeoutMs: 5_000 },
      );
    } finally {
      await undo();
    }
    await quality.filter({ hasText: words.quality.level['good'] }).waitFor({ timeout: 30_000 });
    expect(await warning.count()).toBe(0);
    // No phone number in the quality log lines.
    const logged = agent.logLines.filter((line) => line.includes('call quality')).join('\n');
    expect(logged).not.toContain('2001');

    await page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });
});
