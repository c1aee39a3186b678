import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForReady,
  waitForTalking,
} from './support';

// Issue #6 (ringing): auto-answer by header. With the policy's autoAnswer.mode 'header', a call
// whose INVITE carries Call-Info …;answer-after=0 (the test Kamailio adds it to calls from 2004,
// as a PBX dialer would) is answered without a click; a call without it rings as usual.

const words = ui('en').calls;

describe.skipIf(!IN_NETNS)(`auto-answer by header ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let agent: AppHandle;
  let plain: BaresipCustomer;
  let dialer: BaresipCustomer;

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('auto-answer');
    plain = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
    dialer = await startBaresipCustomer(stack, {
      user: '2004',
      sourceWav: audio.customerTone600,
      autoAnswer: true,
    });
    agent = await launchAgent(stack, '1001', {
      language: 'en',
      microphoneWav: audio.agentTone440,
      policy: { version: 1, autoAnswer: { mode: 'header' } },
    });
    await waitForReady(agent.page, 'en');
  });
  afterAll(async () => {
    await agent?.close();
    await stack?.stop();
  });

  it('answers the call that asks for it by itself, and lets the other one ring', async () => {
    const page = agent.page;
    const incoming = page.getByRole('dialog', { name: words['incomingTitle'] });

    plain.dial(stack.uri('1001'));
    await incoming.waitFor({ timeout: 15_000 });
    await sleep(2000);
    expect(await incoming.count(), 'a call without the header still rings').toBe(1);
    expect(plain.readLog()).not.toMatch(/Call established/);
    await page.getByRole('button', { name: words['decline'], exact: true }).click();
    await plain.waitForCallClosed();

    dialer.dial(stack.uri('1001'));
    await dialer.waitForCallEstablished({ timeoutMs: 15_000 });
    await waitForTalking(page, 'en');
    expect(agent.logLines.some((line) => line.includes('auto-answered (header) after 0 s'))).toBe(
      true,
    );
    await page.getByRole('button', { name: words['hangUp'], exact: true }).click();
    await dialer.waitForCallClosed();
  });
});
