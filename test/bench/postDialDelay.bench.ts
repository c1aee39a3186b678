// Post-dial delay with a STUN server that never answers (issue #6): over several calls from the
// app to an auto-answering baresip customer, the time from the click on 걸기 to baresip's
// "Call established", once with no STUN server (the default) and once with the policy naming a
// STUN "server" that takes every Binding request and answers none. The ICE gathering cap
// (media.iceGatheringCapMs, default 2000 ms) is what keeps the second figure bounded.
// Results: bench-results/post-dial-delay-<timestamp>.json and post-dial-delay-latest.json.
// Measures only; the behaviour is asserted by test/e2e/iceGatheringCap.test.ts.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, it } from 'vitest';
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
  waitForRegistered,
  waitForTalking,
} from '../e2e/support';
import { summarize, writeBenchResult } from './summary';

const CALLS = Number(process.env['SORI_BENCH_PDD_CALLS'] ?? 3);

describe.skipIf(!IN_NETNS)(`post-dial delay ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let customer: BaresipCustomer;
  const blackHole = dgram.createSocket('udp4');

  beforeAll(async () => {
    await new Promise<void>((resolve) => blackHole.bind(0, '127.0.0.1', resolve));
    const audio = await testAudio();
    stack = await startStack('bench-pdd');
    customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    blackHole.close();
  });

  /** Click on 걸기 -> baresip logs the call established, per call, in ms (Node clock). */
  async function measure(agent: AppHandle): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      await dial(agent.page, 'en', customer.uri);
      await customer.waitForCallEstablished({ timeoutMs: 60_000 });
      samples.push(performance.now() - t0);
      await waitForTalking(agent.page, 'en');
      await agent.page.getByRole('button', { name: ui('en').calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();
    }
    return samples;
  }

  it(`${CALLS} calls without STUN and ${CALLS} with an unanswering STUN server`, async () => {
    const audio = await testAudio();
    const { port } = blackHole.address() as AddressInfo;
    const results: Record<string, ReturnType<typeof summarize>> = {};
    for (const [label, media] of [
      ['noStun', undefined],
      ['unansweringStun', { stunServers: [`stun:127.0.0.1:${port}`] }],
    ] as const) {
      const agent = await launchAgent(stack, '1001', {
        language: 'en',
        microphoneWav: audio.agentTone440,
        ...(media ? { policy: { version: 1, media } } : {}),
      });
      try {
        await waitForRegistered(agent.page, 'en');
        results[label] = summarize(await measure(agent));
      } finally {
        await agent.close();
      }
    }
    const report = {
      schema: 'sori-desk-bench-post-dial-delay/1',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      calls: CALLS,
      iceGatheringCapMs: 2000,
      definition:
        "Node clock: from just before the click on the dial button to the moment the bench read baresip's 'Call established' line (log polled, so up to ~100 ms late). Includes ICE gathering, the INVITE through Kamailio and rtpengine, baresip's auto-answer and the ACK.",
      noStun: results['noStun'],
      unansweringStun: results['unansweringStun'],
    };
    writeBenchResult('post-dial-delay', report);
    process.stdout.write(
      `post-dial delay bench: ${JSON.stringify({ noStun: report.noStun?.medianMs, unansweringStun: report.unansweringStun?.medianMs })}\n`,
    );
  });
});
