// Cost of endpoint mixing (issue #8): the agent's app on a call with a baresip customer, first
// unmonitored, then with a team lead listening, then barging in (the lead's app runs in all three,
// so only the mixing differs). For each phase: CPU of the agent's Chromium (all its processes,
// from /proc, as % of one core over the window) and its private dirty memory at the end (not PSS:
// with the lead's Chromium on the same machine, shared pages move between the two), plus the
// Node process (the main services) for reference. Run it alone: two cores shared with anything
// else make the CPU figures noise.
// Results: bench-results/monitoring-<timestamp>.json and monitoring-latest.json.
// Measures only; what each party hears is asserted by test/e2e/monitoring.test.ts.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadModeActive, startMonitoringScene, type MonitoringScene } from '../e2e/monitoringScene';
import { IN_NETNS, NETNS_SKIP_REASON, ui } from '../e2e/support';
import { chromiumProcesses, cpuSeconds } from './processMemory';
import { privateDirtyKiB } from './privateMemory';
import { round, writeBenchResult } from './summary';

const WINDOW_S = Number(process.env['SORI_BENCH_MONITORING_SECONDS'] ?? 20);

interface Phase {
  phase: 'unmonitored' | 'listen' | 'barge';
  /** CPU of the agent's Chromium over the window, % of one core. */
  agentCpuPercent: number;
  agentPrivateMiB: number;
  agentProcesses: number;
  nodeCpuPercent: number;
}

describe.skipIf(!IN_NETNS)(`monitoring cost ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let scene: MonitoringScene;
  beforeAll(async () => {
    scene = await startMonitoringScene('monitoring-bench');
  }, 120_000);
  afterAll(async () => {
    await scene?.stop();
  });

  /** Measures the agent's app over the window. */
  async function measure(phase: Phase['phase']): Promise<Phase> {
    const userDataDir = path.join(scene.agent.profileDir, 'chromium');
    const pids = chromiumProcesses(userDataDir);
    const startCpu = cpuSeconds(pids);
    const startNode = process.cpuUsage();
    const started = performance.now();
    await sleep(WINDOW_S * 1000);
    const wall = (performance.now() - started) / 1000;
    const node = process.cpuUsage(startNode);
    return {
      phase,
      agentCpuPercent: round(((cpuSeconds(pids) - startCpu) / wall) * 100),
      agentPrivateMiB: round(
        chromiumProcesses(userDataDir).reduce((sum, pid) => sum + privateDirtyKiB(pid), 0) / 1024,
      ),
      agentProcesses: pids.length,
      nodeCpuPercent: round(((node.user + node.system) / 1e6 / wall) * 100),
    };
  }

  async function monitor(mode: 'listen' | 'barge'): Promise<void> {
    const words = ui('ko').monitoring;
    const page = scene.lead.page;
    if (mode === 'listen') {
      await page.getByLabel(words['agent']!, { exact: true }).fill('sip:1001@127.0.0.1');
    }
    await page.getByRole('button', { name: words.mode[mode], exact: true }).click();
    await leadModeActive(page, mode).waitFor({ timeout: 20_000 });
  }

  it(
    'CPU and memory of the agent app: unmonitored, listened to, barged into',
    async () => {
      const phases: Phase[] = [await measure('unmonitored')];
      await monitor('listen');
      phases.push(await measure('listen'));
      await monitor('barge');
      phases.push(await measure('barge'));
      const base = phases[0]!;
      const report = {
        date: new Date().toISOString(),
        windowSeconds: WINDOW_S,
        phases,
        vsUnmonitored: phases.slice(1).map((p) => ({
          phase: p.phase,
          cpuPercentPoints: round(p.agentCpuPercent - base.agentCpuPercent),
          privateMiB: round(p.agentPrivateMiB - base.agentPrivateMiB),
        })),
      };
      writeBenchResult('monitoring', report);
      process.stdout.write(`monitoring bench: ${JSON.stringify(report.vsUnmonitored)}\n`);
      // The figures are from a running app: each phase saw the agent's whole process tree.
      expect(phases.every((p) => p.agentProcesses > 0 && p.agentPrivateMiB > 0)).toBe(true);
    },
    WINDOW_S * 3 * 1000 + 120_000,
  );
});
