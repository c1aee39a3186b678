// Memory of process trees, read from /proc (Linux only): PSS from /proc/<pid>/smaps_rollup, summed
// over a Chromium instance's processes (browser, zygotes, renderer, GPU/utility/network
// services). PSS charges each shared page to the processes sharing it in equal parts, so the sum
// over one tree counts every page once; it is only comparable between instances measured while
// no other Chromium runs (a second instance would take over part of the shared pages).
import { execSync } from 'node:child_process';
import fs from 'node:fs';

interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
}

/** Every process visible in /proc, with its parent and command name. */
export function listProcesses(): ProcessInfo[] {
  const result: ProcessInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...; comm may contain spaces and parentheses.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      result.push({ pid: Number(entry), ppid, comm });
    } catch {
      // exited meanwhile
    }
  }
  return result;
}

/** `root` and all its descendants. */
export function processTree(root: number, processes = listProcesses()): number[] {
  const children = new Map<number, number[]>();
  for (const p of processes) {
    const list = children.get(p.ppid) ?? [];
    list.push(p.pid);
    children.set(p.ppid, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * The processes of the Chromium instance started with `--user-data-dir=<userDataDir>` below this
 * Node process: its browser process (the topmost one naming that directory) and every descendant.
 * Empty when none runs.
 */
export function chromiumProcesses(userDataDir: string): number[] {
  const processes = listProcesses();
  const ours = new Set(processTree(process.pid, processes));
  const flag = `--user-data-dir=${userDataDir}`;
  const matching = new Set(
    processes.filter((p) => ours.has(p.pid) && cmdline(p.pid).includes(flag)).map((p) => p.pid),
  );
  const parentOf = new Map(processes.map((p) => [p.pid, p.ppid]));
  const browser = [...matching].find((pid) => !matching.has(parentOf.get(pid) ?? -1));
  return browser === undefined ? [] : processTree(browser, processes);
}

/** Descendants of this Node process whose command name is `comm` (e.g. 'kamailio'). */
export function childProcessesNamed(comm: string): number[] {
  const processes = listProcesses();
  const ours = new Set(processTree(process.pid, processes));
  return processes.filter((p) => ours.has(p.pid) && p.comm === comm).map((p) => p.pid);
}

/** PSS of one process in KiB (0 when it has exited). */
export function pssKiB(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Summed PSS of `pids` in MiB. */
export function totalPssMiB(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + pssKiB(pid), 0) / 1024;
}

/** The highest values seen by a {@link MemorySampler}. */
export interface MemoryPeaks {
  /** Peak of the summed PSS of the Chromium tree, MiB. */
  chromiumPssMiB: number;
  /** Number of processes in that tree at the peak. */
  chromiumProcesses: number;
  /** Peak RSS of this Node process (the bench runner; for the app it also hosts the main services), MiB. */
  nodeRssMiB: number;
  samples: number;
}

/**
 * Samples a Chromium tree's PSS and this process's RSS every `intervalMs` until stop(), and
 * reports the peaks (the first sample is taken at once).
 */
export function startMemorySampler(userDataDir: string, intervalMs = 200) {
  const peaks: MemoryPeaks = { chromiumPssMiB: 0, chromiumProcesses: 0, nodeRssMiB: 0, samples: 0 };
  const sample = () => {
    const pids = chromiumProcesses(userDataDir);
    const pss = totalPssMiB(pids);
    if (pss > peaks.chromiumPssMiB) {
      peaks.chromiumPssMiB = pss;
      peaks.chromiumProcesses = pids.length;
    }
    peaks.nodeRssMiB = Math.max(peaks.nodeRssMiB, process.memoryUsage().rss / 1024 / 1024);
    peaks.samples++;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): MemoryPeaks {
      clearInterval(timer);
      sample();
      return { ...peaks };
    },
  };
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** CPU time (user + system) `pids` have used so far, in seconds (exited ones count 0). */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after "(comm)": state is the 1st, utime the 12th, stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks / CLOCK_TICKS;
}
