// Private dirty memory from /proc (Linux): what a process allocated and wrote. Unlike PSS, and
// unlike private clean pages (a library's pages flip between shared and private as other
// processes map them), it does not change when another Chromium starts or exits on the machine
// during a measurement (see processMemory.ts for PSS).
import fs from 'node:fs';

/** Private_Dirty of one process in KiB (0 when it has exited). */
export function privateDirtyKiB(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Private_Dirty:\s+(\d+) kB/m.exec(rollup);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Chromium's process type from its command line: browser, renderer, gpu-process, utility:<service>. */
export function chromiumProcessType(pid: number): string | null {
  let args: string;
  try {
    args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null;
  }
  const type = /--type=(\S+)/.exec(args)?.[1] ?? 'browser';
  const sub = /--utility-sub-type=(\S+)/.exec(args)?.[1];
  return sub ? `${type}:${sub.replace(/^.*\./, '')}` : type;
}
