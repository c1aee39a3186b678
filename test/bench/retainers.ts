// Why an object is still alive: the shortest retaining path from the GC roots in a V8 heap
// snapshot, as DevTools' "Retainers" pane would show it. A diagnostic for the memory bench
// (SORI_BENCH_MEMORY_RETAINERS=RTCSession,RTCPeerConnection), not part of its figures.
import type { Page } from 'playwright-core';

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

async function takeSnapshot(page: Page): Promise<Snapshot> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
  return JSON.parse(chunks.join('')) as Snapshot;
}

/**
 * For each constructor name, the shortest retaining paths (from the snapshot's root, weak edges
 * ignored) of up to `perName` of its instances, most distant instance first (the oldest calls'
 * objects tend to be the ones that should be gone). Each path is one string per hop:
 * `<node name> --[edge]-->`.
 */
export async function retainingPaths(
  page: Page,
  names: readonly string[],
  perName = 3,
): Promise<Record<string, string[][]>> {
  const s = await takeSnapshot(page);
  const nf = s.snapshot.meta.node_fields;
  const ef = s.snapshot.meta.edge_fields;
  const nodeTypes = s.snapshot.meta.node_types[0];
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const NW = nf.length;
  const EW = ef.length;
  const nType = nf.indexOf('type');
  const nName = nf.indexOf('name');
  const nEdges = nf.indexOf('edge_count');
  const eType = ef.indexOf('type');
  const eName = ef.indexOf('name_or_index');
  const eTo = ef.indexOf('to_node');
  const count = s.nodes.length / NW;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += s.nodes[i * NW + nEdges]! * EW;
  }
  firstEdge[count] = s.edges.length;
  const nodeName = (i: number) => {
    const type = nodeTypes[s.nodes[i * NW + nType]!]!;
    const name = s.strings[s.nodes[i * NW + nName]!]!;
    return type === 'object' ? name : `(${type}) ${name.slice(0, 80)}`;
  };
  const edgeLabel = (e: number) => {
    const type = edgeTypes[s.edges[e + eType]!]!;
    const raw = s.edges[e + eName]!;
    const name = type === 'element' || type === 'hidden' ? String(raw) : s.strings[raw]!;
    return `${type}:${name}`;
  };
  // BFS from the root over strong edges.
  const parentEdge = new Int32Array(count).fill(-1);
  const parent = new Int32Array(count).fill(-1);
  const distance = new Int32Array(count).fill(-1);
  distance[0] = 0;
  const queue = new Uint32Array(count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  while (head < tail) {
    const n = queue[head++]!;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += EW) {
      if (edgeTypes[s.edges[e + eType]!] === 'weak') continue;
      const to = s.edges[e + eTo]! / NW;
      if (distance[to] !== -1) continue;
      distance[to] = distance[n]! + 1;
      parent[to] = n;
      parentEdge[to] = e;
      queue[tail++] = to;
    }
  }
  const result: Record<string, string[][]> = {};
  for (const wanted of names) {
    const instances: number[] = [];
    for (let i = 0; i < count; i++) {
      const type = nodeTypes[s.nodes[i * NW + nType]!];
      const name = s.strings[s.nodes[i * NW + nName]!];
      // JS objects by constructor; Blink objects appear as native nodes (with or without the
      // C++ namespace, depending on the build).
      if (
        (type === 'object' && name === wanted) ||
        (type === 'native' && (name === wanted || name === `blink::${wanted}`))
      ) {
        if (distance[i]! > 0) instances.push(i);
      }
    }
    instances.sort((a, b) => distance[b]! - distance[a]!);
    result[wanted] = instances.slice(0, perName).map((target) => {
      const hops: string[] = [];
      for (let n = target; n > 0; n = parent[n]!) {
        hops.unshift(`${nodeName(parent[n]!)} --[${edgeLabel(parentEdge[n]!)}]-->`);
      }
      hops.push(nodeName(target));
      return hops;
    });
    result[`${wanted} (count)`] = [[String(instances.length)]];
  }
  return result;
}
