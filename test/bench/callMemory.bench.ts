// Renderer memory over a shift's worth of calls (issue #6): the app places 200 sequential calls
// (SORI_BENCH_MEMORY_CALLS) to an auto-answering baresip customer, each hung up once it is
// established, and its memory is read after the first call and after the last: the page's JS
// heap (performance.memory, Chromium) and the PSS of the whole Chromium process tree. A leak per
// call (sessions, audio graphs, listeners kept alive) shows as growth between the two.
// Results: bench-results/call-memory-<timestamp>.json and call-memory-latest.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
} from '../e2e/support';
import { chromiumProcesses, totalPssMiB } from './processMemory';

const CALLS = Number(process.env['SORI_BENCH_MEMORY_CALLS'] ?? 200);
const REPO_ROOT = path.resolve(__dirname, '../..');

describe.skipIf(!IN_NETNS)(`memory over many calls ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let customer: BaresipCustomer;
  let agent: AppHandle;

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('bench-call-memory');
    customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
    agent = await launchAgent(stack, '1001', { language: 'en', microphoneWav: audio.agentTone440 });
    await waitForRegistered(agent.page, 'en');
  });
  afterAll(async () => {
    await agent?.close();
    await stack?.stop();
  });

  async function oneCall(): Promise<void> {
    const hangUp = agent.page.getByRole('button', { name: ui('en').calls['hangUp'], exact: true });
    await dial(agent.page, 'en', customer.uri);
    await customer.waitForCallEstablished({ timeoutMs: 15_000 });
    await hangUp.click();
    await customer.waitForCallClosed();
    // The card is back to "no call" before the next one is dialled.
    await agent.page
      .getByRole('button', { name: ui('en').calls['dial'], exact: true })
      .and(agent.page.locator(':enabled'))
      .waitFor({ timeout: 10_000 });
  }

  async function memory() {
    // Let the page settle (ended calls' graphs closed, timers fired) before reading.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const heap = await agent.page.evaluate(() => {
      const m = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return m ? m.usedJSHeapSize / 1024 / 1024 : null;
    });
    const pss = totalPssMiB(chromiumProcesses(path.join(agent.profileDir, 'chromium')));
    return {
      jsHeapMiB: heap === null ? null : Math.round(heap * 10) / 10,
      chromiumPssMiB: Math.round(pss),
    };
  }

  it(`${CALLS} sequential calls: memory after the first and after the last`, async () => {
    await oneCall();
    const afterFirst = await memory();
    const started = performance.now();
    for (let i = 1; i < CALLS; i++) await oneCall();
    const afterLast = await memory();
    const report = {
      schema: 'sori-desk-bench-call-memory/1',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      calls: CALLS,
      definition:
        "Each call: dial from the app, baresip auto-answers, hang up once established. Read 2 s after the first and after the last call: the page's performance.memory.usedJSHeapSize (Chromium, no forced GC) and the summed PSS of the app's Chromium process tree (/proc smaps_rollup).",
      afterFirstCall: afterFirst,
      afterLastCall: afterLast,
      growth: {
        jsHeapMiB:
          afterFirst.jsHeapMiB === null || afterLast.jsHeapMiB === null
            ? null
            : Math.round((afterLast.jsHeapMiB - afterFirst.jsHeapMiB) * 10) / 10,
        chromiumPssMiB: afterLast.chromiumPssMiB - afterFirst.chromiumPssMiB,
      },
      secondsForTheRest: Math.round((performance.now() - started) / 1000),
    };
    const dir = path.join(REPO_ROOT, 'bench-results');
    fs.mkdirSync(dir, { recursive: true });
    const text = `${JSON.stringify(report, null, 2)}\n`;
    fs.writeFileSync(path.join(dir, `call-memory-${report.date.replace(/[:.]/g, '-')}.json`), text);
    fs.writeFileSync(path.join(dir, 'call-memory-latest.json'), text);
    process.stdout.write(`call memory bench: ${JSON.stringify(report.growth)}\n`);
  });
});
