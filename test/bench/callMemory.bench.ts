// Renderer memory over a shift's worth of calls (issue #6): the app places 200 sequential calls
// (SORI_BENCH_MEMORY_CALLS) to an auto-answering baresip customer, each hung up once it is
// established, and its memory is read after the first call and after the last: at once (2 s
// later, the page still busy), after the page idled (no GC forced), and after a forced GC, with the
// live instances of the per-call objects (peer connections, audio graphs, media elements, JsSIP
// sessions). A call that leaves something behind shows in the live objects and in the memory after
// GC; garbage that V8 has not collected yet shows only in the first reading.
// Results: bench-results/call-memory-<timestamp>.json and call-memory-latest.json.
// Diagnostics (off by default): SORI_BENCH_MEMORY_EVERY, _HEAP, _RETAINERS, _DUMP (see below).
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
import { chromiumProcesses, pssKiB, totalPssMiB } from './processMemory';
import {
  countGrowth,
  countLiveObjects,
  heapAfterGcMiB,
  heapHistogram,
  histogramGrowth,
  type HeapHistogram,
} from './liveObjects';
import { retainingPaths } from './retainers';
import { chromiumProcessType, privateDirtyKiB } from './privateMemory';
import { rendererMemoryDump } from './memoryDump';
import { writeBenchResult } from './summary';

const CALLS = Number(process.env['SORI_BENCH_MEMORY_CALLS'] ?? 200);
/** With SORI_BENCH_MEMORY_HEAP=1, also the constructors that grew most in V8 heap snapshots. */
const HEAP_SNAPSHOTS = process.env['SORI_BENCH_MEMORY_HEAP'] === '1';
/**
 * With SORI_BENCH_MEMORY_DUMP=1, Chromium's memory-infra dump of the renderer (bytes per
 * allocator) at each checkpoint; tracing starts a process of its own, so the other figures of such
 * a run are off.
 */
const DUMPS = process.env['SORI_BENCH_MEMORY_DUMP'] === '1';
/**
 * SORI_BENCH_MEMORY_EVERY=n adds a checkpoint (memory, forced GC, live objects) every n calls to
 * `series`, without settling: its live objects include the calls JsSIP still holds (the last
 * 32 s). Off by default: a forced GC midway would hide what the last call's first figures show.
 */
const EVERY = Number(process.env['SORI_BENCH_MEMORY_EVERY'] ?? 0);
/** Longer than JsSIP's Timer M (32 s), which keeps the last calls' sessions. */
const SETTLE_MS = Number(process.env['SORI_BENCH_MEMORY_SETTLE_MS'] ?? 40_000);
/** E.g. SORI_BENCH_MEMORY_RETAINERS=RTCSession: what keeps such objects alive after the last call. */
const RETAINERS = (process.env['SORI_BENCH_MEMORY_RETAINERS'] ?? '').split(',').filter(Boolean);

/**
 * Memory of a Chromium tree by process type (browser, renderer, gpu-process,
 * utility:<service>): PSS, and private dirty memory (see privateMemory.ts), MiB.
 */
function memoryByProcessType(pids: readonly number[]) {
  const pss: Record<string, number> = {};
  const priv: Record<string, number> = {};
  for (const pid of pids) {
    const key = chromiumProcessType(pid);
    if (key === null) continue;
    pss[key] = Math.round(((pss[key] ?? 0) + pssKiB(pid) / 1024) * 10) / 10;
    priv[key] = Math.round(((priv[key] ?? 0) + privateDirtyKiB(pid) / 1024) * 10) / 10;
  }
  return { pss, priv };
}

const sum = (values: Record<string, number>) =>
  Math.round(Object.values(values).reduce((a, b) => a + b, 0));

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
    agent = await launchAgent(stack, '1001', {
      language: 'en',
      microphoneWav: audio.agentTone440,
    });
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
    const pids = chromiumProcesses(path.join(agent.profileDir, 'chromium'));
    const byType = memoryByProcessType(pids);
    return {
      jsHeapMiB: heap === null ? null : Math.round(heap * 10) / 10,
      chromiumPssMiB: Math.round(totalPssMiB(pids)),
      chromiumPrivateMiB: sum(byType.priv),
      pssByProcessMiB: byType.pss,
      privateByProcessMiB: byType.priv,
    };
  }

  /** The Chromium tree's PSS and private memory now, MiB. */
  function treeMemory() {
    const pids = chromiumProcesses(path.join(agent.profileDir, 'chromium'));
    return {
      chromiumPssMiB: Math.round(totalPssMiB(pids)),
      chromiumPrivateMiB: Math.round(
        pids.reduce((total, pid) => total + privateDirtyKiB(pid), 0) / 1024,
      ),
    };
  }

  /**
   * Memory read 2 s after a call (no GC forced), then, with `settle`, the Chromium tree's memory
   * sampled every 5 s for SETTLE_MS while the page idles (still no GC forced), then the live
   * objects, the heap after a forced GC and the tree's memory 1 s later. Settling outlasts JsSIP's
   * Timer M: it keeps each INVITE client transaction, and through its timer the call's
   * RTCSession and RTCPeerConnection, for 64 x T1 = 32 s after the 200 OK (RFC 6026).
   */
  async function checkpoint(callsDone: number, settle: boolean) {
    const read = await memory();
    const domElements = await agent.page.evaluate<number>(
      "document.getElementsByTagName('*').length",
    );
    const dumpBeforeGc = DUMPS ? await rendererMemoryDump(agent.page) : null;
    const idle: Array<{ s: number; chromiumPssMiB: number; chromiumPrivateMiB: number }> = [];
    if (settle) {
      const idleStart = performance.now();
      while (performance.now() - idleStart < SETTLE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        idle.push({ s: Math.round((performance.now() - idleStart) / 1000), ...treeMemory() });
      }
    }
    const liveObjects = await countLiveObjects(agent.page);
    const jsHeapAfterGc = await heapAfterGcMiB(agent.page);
    // 1 s for the finalisers' native frees.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const afterGc = treeMemory();
    return {
      calls: callsDone,
      ...read,
      domElements,
      ...(settle
        ? {
            idlePssMiB: idle.at(-1)?.chromiumPssMiB ?? null,
            idlePrivateMiB: idle.at(-1)?.chromiumPrivateMiB ?? null,
            idleSamples: idle,
          }
        : {}),
      jsHeapAfterGcMiB: jsHeapAfterGc,
      chromiumPssAfterGcMiB: afterGc.chromiumPssMiB,
      chromiumPrivateAfterGcMiB: afterGc.chromiumPrivateMiB,
      ...(dumpBeforeGc
        ? {
            rendererAllocatorsMiB: {
              beforeGc: dumpBeforeGc,
              afterGc: await rendererMemoryDump(agent.page),
            },
          }
        : {}),
      liveObjects,
    };
  }

  it(`${CALLS} sequential calls: memory after the first and after the last`, async () => {
    await oneCall();
    const first = await checkpoint(1, true);
    const heapAfterFirst: HeapHistogram | null = HEAP_SNAPSHOTS
      ? await heapHistogram(agent.page)
      : null;
    const series = [first];
    const started = performance.now();
    let checkpointMs = 0;
    for (let i = 2; i <= CALLS; i++) {
      await oneCall();
      if (EVERY > 0 && i < CALLS && i % EVERY === 0) {
        const at = performance.now();
        series.push(await checkpoint(i, false));
        checkpointMs += performance.now() - at;
      }
    }
    const secondsForTheRest = Math.round((performance.now() - started - checkpointMs) / 1000);
    const last = await checkpoint(CALLS, true);
    series.push(last);
    const heapAfterLast: HeapHistogram | null = HEAP_SNAPSHOTS
      ? await heapHistogram(agent.page)
      : null;
    const retainers = RETAINERS.length > 0 ? await retainingPaths(agent.page, RETAINERS) : null;
    const { liveObjects: liveAfterFirst, idleSamples: idleFirst, ...afterFirst } = first;
    const { liveObjects: liveAfterLast, idleSamples: idleLast, ...afterLast } = last;
    const diff = (a: number | null | undefined, b: number | null | undefined) =>
      a === null || a === undefined || b === null || b === undefined
        ? null
        : Math.round((b - a) * 10) / 10;
    const report = {
      schema: 'sori-desk-bench-call-memory/2',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      calls: CALLS,
      definition:
        "Each call: dial from the app, baresip auto-answers, hang up once established. Read 2 s after the first and after the last call: the page's performance.memory.usedJSHeapSize (Chromium, no forced GC), the summed PSS of the app's Chromium process tree (/proc smaps_rollup; also by process type), its private dirty memory (Private_Dirty: unlike PSS, not changed by another Chromium starting or exiting on the machine meanwhile) and the page's DOM element count. Then the page idles for settleSeconds with the tree's memory sampled every 5 s (idlePssMiB, idlePrivateMiB: the last sample, still no GC forced); then a forced GC (CDP HeapProfiler.collectGarbage, twice): the live objects, the used V8 heap (jsHeapAfterGcMiB) and the tree's memory 1 s later (chromiumPssAfterGcMiB, chromiumPrivateAfterGcMiB).",
      settleSeconds: SETTLE_MS / 1000,
      afterFirstCall: afterFirst,
      afterLastCall: afterLast,
      growth: {
        jsHeapMiB: diff(afterFirst.jsHeapMiB, afterLast.jsHeapMiB),
        chromiumPssMiB: afterLast.chromiumPssMiB - afterFirst.chromiumPssMiB,
        rendererPssMiB: diff(
          afterFirst.pssByProcessMiB['renderer'],
          afterLast.pssByProcessMiB['renderer'],
        ),
        chromiumPrivateMiB: afterLast.chromiumPrivateMiB - afterFirst.chromiumPrivateMiB,
        rendererPrivateMiB: diff(
          afterFirst.privateByProcessMiB['renderer'],
          afterLast.privateByProcessMiB['renderer'],
        ),
        domElements: afterLast.domElements - afterFirst.domElements,
        idlePssMiB: diff(afterFirst.idlePssMiB, afterLast.idlePssMiB),
        idlePrivateMiB: diff(afterFirst.idlePrivateMiB, afterLast.idlePrivateMiB),
        jsHeapAfterGcMiB: diff(afterFirst.jsHeapAfterGcMiB, afterLast.jsHeapAfterGcMiB),
        chromiumPssAfterGcMiB: afterLast.chromiumPssAfterGcMiB - afterFirst.chromiumPssAfterGcMiB,
        chromiumPrivateAfterGcMiB:
          afterLast.chromiumPrivateAfterGcMiB - afterFirst.chromiumPrivateAfterGcMiB,
      },
      liveObjects: {
        definition:
          'Live instances per constructor in the page after the settling time and a forced GC (Runtime.queryObjects on the prototype). Platform objects by their global constructor; RTCSession, Dialog, UA, ReferSubscriber (JsSIP), OutgoingAudio and CallRecorder (the app) by their class, found among the live functions. Ended calls leak when afterLastCall is above afterFirstCall.',
        afterFirstCall: liveAfterFirst,
        afterLastCall: liveAfterLast,
        growth: countGrowth(liveAfterFirst, liveAfterLast),
      },
      idleSamples: { afterFirstCall: idleFirst, afterLastCall: idleLast },
      series: series.map(({ liveObjects, privateByProcessMiB, ...rest }) => ({
        calls: rest.calls,
        jsHeapMiB: rest.jsHeapMiB,
        chromiumPssMiB: rest.chromiumPssMiB,
        chromiumPrivateMiB: rest.chromiumPrivateMiB,
        rendererPrivateMiB: privateByProcessMiB['renderer'] ?? null,
        domElements: rest.domElements,
        jsHeapAfterGcMiB: rest.jsHeapAfterGcMiB,
        chromiumPrivateAfterGcMiB: rest.chromiumPrivateAfterGcMiB,
        RTCPeerConnection: liveObjects['RTCPeerConnection'],
        RTCSession: liveObjects['RTCSession'],
        MediaStream: liveObjects['MediaStream'],
      })),
      ...(heapAfterFirst && heapAfterLast
        ? { heapSnapshotGrowth: histogramGrowth(heapAfterFirst, heapAfterLast) }
        : {}),
      ...(retainers ? { retainingPaths: retainers } : {}),
      secondsForTheRest,
    };
    writeBenchResult('call-memory', report);
    process.stdout.write(
      `call memory bench: ${JSON.stringify(report.growth)} live objects ${JSON.stringify(report.liveObjects.growth)}\n`,
    );
  });
});
