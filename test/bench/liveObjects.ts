// Live objects of a page, counted through the Chrome DevTools Protocol after a forced GC: the
// per-call objects of a softphone (peer connections, audio graphs, media elements, JsSIP
// sessions) should be back to the idle count after every call, whatever the number of calls.
import type { CDPSession, Page } from 'playwright-core';

/** Web platform constructors reachable as globals of the page. */
export const PLATFORM_CONSTRUCTORS = [
  'RTCPeerConnection',
  'RTCRtpTransceiver',
  'AudioContext',
  'MediaStream',
  'MediaStreamTrack',
  'HTMLAudioElement',
  'MediaRecorder',
  'AudioBufferSourceNode',
  'ConstantSourceNode',
  'GainNode',
  'MediaStreamAudioSourceNode',
  'MediaStreamAudioDestinationNode',
  'WebSocket',
] as const;

/**
 * Classes of the bundle (JsSIP's and the app's), found by their name among the page's live
 * functions: they are not globals. The renderer bundle is not minified, so the names hold.
 */
export const BUNDLE_CLASSES = [
  'RTCSession',
  'Dialog',
  'UA',
  'OutgoingAudio',
  'CallRecorder',
  'ReferSubscriber',
] as const;

export type LiveObjectCounts = Record<string, number | null>;

async function collectGarbage(cdp: CDPSession): Promise<void> {
  // Twice: the first pass can leave objects whose finalisers freed others.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
}

async function countByPrototype(cdp: CDPSession, prototypeObjectId: string): Promise<number> {
  const { objects } = await cdp.send('Runtime.queryObjects', {
    prototypeObjectId,
    objectGroup: 'sori-live-objects',
  });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId!,
    functionDeclaration: 'function () { return this.length; }',
    returnByValue: true,
    objectGroup: 'sori-live-objects',
  });
  return Number(result.value);
}

/**
 * Live instances per constructor after a forced GC (Runtime.queryObjects counts instances whose
 * prototype chain includes the constructor's prototype; a prototype itself is not counted).
 * Null for a name that does not exist in the page.
 */
export async function countLiveObjects(page: Page): Promise<LiveObjectCounts> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await collectGarbage(cdp);
    const counts: LiveObjectCounts = {};
    for (const name of PLATFORM_CONSTRUCTORS) {
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: `typeof ${name} === 'function' ? ${name}.prototype : null`,
        objectGroup: 'sori-live-objects',
      });
      counts[name] = result.objectId ? await countByPrototype(cdp, result.objectId) : null;
    }
    // The bundle's classes: every live function, filtered by name in the page.
    const { result: functionPrototype } = await cdp.send('Runtime.evaluate', {
      expression: 'Function.prototype',
      objectGroup: 'sori-live-objects',
    });
    const { objects: functions } = await cdp.send('Runtime.queryObjects', {
      prototypeObjectId: functionPrototype.objectId!,
      objectGroup: 'sori-live-objects',
    });
    for (const name of BUNDLE_CLASSES) {
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId: functions.objectId!,
        functionDeclaration: `function () {
          const found = this.find((f) => f.name === ${JSON.stringify(name)} &&
            f.prototype && typeof f.prototype === 'object' &&
            /^class\\b/.test(Function.prototype.toString.call(f)));
          return found ? found.prototype : null;
        }`,
        objectGroup: 'sori-live-objects',
      });
      counts[name] = result.objectId ? await countByPrototype(cdp, result.objectId) : null;
    }
    await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'sori-live-objects' });
    return counts;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The page's used V8 heap after a forced GC, MiB (Runtime.getHeapUsage). */
export async function heapAfterGcMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await collectGarbage(cdp);
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return Math.round((usedSize / 1024 / 1024) * 10) / 10;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** `after - before` for every name both know, only where it changed. */
export function countGrowth(before: LiveObjectCounts, after: LiveObjectCounts) {
  const growth: Record<string, number> = {};
  for (const [name, count] of Object.entries(after)) {
    const was = before[name];
    if (typeof count === 'number' && typeof was === 'number' && count !== was) {
      growth[name] = count - was;
    }
  }
  return growth;
}

/** Objects in a V8 heap snapshot by constructor name: count and summed self size. */
export type HeapHistogram = Map<string, { count: number; selfSize: number }>;

/**
 * A V8 heap snapshot (after a forced GC), reduced to a histogram of object nodes by constructor
 * name. For finding what grows; slow (seconds) and heavy, so not part of the regular bench.
 */
export async function heapHistogram(page: Page): Promise<HeapHistogram> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  try {
    await cdp.send('HeapProfiler.enable');
    await collectGarbage(cdp);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const histogram: HeapHistogram = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!];
    if (type !== 'object' && type !== 'native' && type !== 'closure' && type !== 'array') {
      continue;
    }
    const name = `${type === 'object' ? '' : `(${type}) `}${snapshot.strings[snapshot.nodes[i + nameAt]!]}`;
    const entry = histogram.get(name) ?? { count: 0, selfSize: 0 };
    entry.count++;
    entry.selfSize += snapshot.nodes[i + sizeAt]!;
    histogram.set(name, entry);
  }
  return histogram;
}

/** The `limit` constructors whose count grew most between two histograms. */
export function histogramGrowth(before: HeapHistogram, after: HeapHistogram, limit = 25) {
  const rows: Array<{ name: string; count: number; selfSizeKiB: number }> = [];
  for (const [name, entry] of after) {
    const was = before.get(name) ?? { count: 0, selfSize: 0 };
    const count = entry.count - was.count;
    if (count > 0) {
      rows.push({ name, count, selfSizeKiB: Math.round((entry.selfSize - was.selfSize) / 1024) });
    }
  }
  return rows.sort((a, b) => b.count - a.count).slice(0, limit);
}
