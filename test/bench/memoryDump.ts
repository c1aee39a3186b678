// Chromium's own account of a renderer's memory (the memory-infra dump behind chrome://tracing):
// bytes per allocator (v8, blink_gc, partition_alloc, malloc, …) of the page's renderer process.
// A diagnostic for the memory bench (SORI_BENCH_MEMORY_DUMP=1): it says in which allocator the
// PSS growth sits, which points at the kind of object.
import type { Page } from 'playwright-core';

interface TraceEvent {
  ph: string;
  pid: number;
  name?: string;
  args?: {
    dumps?: {
      allocators?: Record<string, { attrs?: Record<string, { value?: string; units?: string }> }>;
    };
  };
}

/** Allocator dump paths reported (when present), in MiB. */
const REPORTED = [
  'v8',
  'blink_gc',
  'partition_alloc/partitions',
  'partition_alloc/partitions/array_buffer',
  'partition_alloc/partitions/buffer',
  'partition_alloc/partitions/fast_malloc',
  'partition_alloc/partitions/layout',
  'malloc',
  'malloc/allocated_objects',
  'sqlite',
  'skia',
  'gpu',
  'web_cache',
  'media',
  'canvas',
  'blink_objects',
  'discardable',
  'shared_memory',
  'font_caches',
  'cc',
];

/**
 * Takes one detailed memory dump (Tracing with the disabled-by-default-memory-infra category)
 * and returns, for the page's renderer process, the size of each allocator above (MiB) plus the
 * process totals Chromium reports.
 */
export async function rendererMemoryDump(page: Page): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const complete = new Promise<string | undefined>((resolve) =>
      cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream)),
    );
    await cdp.send('Tracing.start', {
      transferMode: 'ReturnAsStream',
      traceConfig: {
        includedCategories: ['disabled-by-default-memory-infra'],
        excludedCategories: ['*'],
        memoryDumpConfig: { triggers: [] },
      } as never,
    });
    const dump = await cdp.send('Tracing.requestMemoryDump', {
      deterministic: true,
      levelOfDetail: 'detailed',
    });
    await cdp.send('Tracing.end');
    const stream = await complete;
    if (!dump.success || !stream) return {};
    let text = '';
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
      if (chunk.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
    // The page's renderer: the process whose dump has a v8 isolate for the main thread and the
    // most blink_gc (the browser process has none).
    const byPid = new Map<number, Record<string, number>>();
    for (const event of events) {
      const allocators = event.ph === 'v' ? event.args?.dumps?.allocators : undefined;
      if (!allocators) continue;
      const sizes = byPid.get(event.pid) ?? {};
      for (const [name, dumpEntry] of Object.entries(allocators)) {
        const size = dumpEntry.attrs?.['size']?.value;
        if (size === undefined) continue;
        const mib = Number.parseInt(size, 16) / 1024 / 1024;
        if (REPORTED.includes(name)) sizes[name] = Math.round(mib * 10) / 10;
      }
      byPid.set(event.pid, sizes);
    }
    let best: Record<string, number> = {};
    for (const sizes of byPid.values()) {
      if ((sizes['blink_gc'] ?? 0) > (best['blink_gc'] ?? 0)) best = sizes;
    }
    return best;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
