// Child processes for the real SIP test stack (Kamailio, rtpengine, baresip): each one logs to its
// own file (the first place to look when a SIP test fails), and every child still running when
// the test process ends is killed, so a failed or interrupted test leaves nothing bound to its ports.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** How a child process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Options for {@link startProcess}. */
export interface StartProcessOptions {
  /** Short name used in error messages, e.g. 'kamailio' or 'baresip-2001'. */
  name: string;
  command: string;
  args: readonly string[];
  /** stdout and stderr are appended here (the directory is created). */
  logFile: string;
  cwd?: string;
  /** Extra environment variables on top of process.env. */
  env?: Record<string, string>;
  /** Pipe stdin so {@link ManagedProcess.writeLine} can send commands (baresip reads them). */
  stdin?: boolean;
}

/** Options for {@link ManagedProcess.stop}. */
export interface StopProcessOptions {
  /** Default SIGTERM. */
  signal?: NodeJS.Signals;
  /** After this long the process gets SIGKILL. Default 5000 ms. */
  timeoutMs?: number;
}

const running = new Set<ManagedProcess>();

/** A child process started by {@link startProcess}, with its output in {@link logFile}. */
export class ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ProcessExit>;
  /** Size of the log file when this process started: the log is appended to across restarts. */
  private readonly logStart: number;
  private exitInfo: ProcessExit | undefined;
  private spawnError: Error | undefined;

  /** @internal use {@link startProcess} */
  constructor(options: StartProcessOptions) {
    this.name = options.name;
    this.logFile = options.logFile;
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    const fd = fs.openSync(options.logFile, 'a');
    this.logStart = fs.fstatSync(fd).size;
    try {
      this.child = spawn(options.command, [...options.args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: [options.stdin ? 'pipe' : 'ignore', fd, fd],
        // Its own process group, so that killGroup() reaches its children too: Kamailio's
        // workers survive a SIGKILL of the main process and keep its ports.
        detached: true,
      });
    } finally {
      // The child has its own copy of the descriptor.
      fs.closeSync(fd);
    }
    this.exited = new Promise<ProcessExit>((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        running.delete(this);
        resolve(this.exitInfo);
      });
      this.child.once('error', (error) => {
        // ENOENT and friends: there is no 'exit' event after a failed spawn.
        this.spawnError = error;
        if (this.child.pid === undefined) {
          this.exitInfo = { code: null, signal: null };
          running.delete(this);
          resolve(this.exitInfo);
        }
      });
    });
    this.child.stdin?.on('error', () => {
      // EPIPE when the process has just exited; the exit itself is reported elsewhere.
    });
    running.add(this);
  }

  /** Process id, or undefined when the command could not be started. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True until the process exits. */
  get isRunning(): boolean {
    return this.exitInfo === undefined;
  }

  /**
   * Undefined while running; afterwards a sentence such as "kamailio exited with code 255".
   * Handy as `waitFor`'s `abortIf` so a crashed child fails a wait at once.
   */
  exitDescription(): string | undefined {
    if (this.spawnError && this.child.pid === undefined) {
      return `${this.name} could not be started: ${this.spawnError.message}`;
    }
    if (!this.exitInfo) return undefined;
    const how = this.exitInfo.signal
      ? `was killed by ${this.exitInfo.signal}`
      : `exited with code ${this.exitInfo.code}`;
    return `${this.name} ${how}`;
  }

  /** Everything this process has written so far (not what earlier runs appended to the same file). */
  readLog(): string {
    try {
      const buffer = fs.readFileSync(this.logFile);
      return buffer.subarray(this.logStart).toString('utf8');
    } catch {
      return '';
    }
  }

  /** The last lines of {@link readLog}, for error messages. */
  logTail(lines = 15): string {
    const text = this.readLog().replace(/\r/g, '\n');
    const kept = text.split('\n').filter((line) => line.trim() !== '');
    return kept.slice(-lines).join('\n');
  }

  /** Writes one line to the process's stdin (needs `stdin: true`). */
  writeLine(line: string): void {
    const stdin = this.child.stdin;
    if (!stdin || !this.isRunning) {
      throw new Error(
        `${this.name}: cannot send "${line}": ${this.exitDescription() ?? 'stdin is not piped'}`,
      );
    }
    stdin.write(`${line}\n`);
  }

  /**
   * Signals the process and waits for it to exit; after `timeoutMs` its whole process group gets
   * SIGKILL. Whatever of the group is left once it has exited is killed too. Safe to call twice.
   */
  async stop(options: StopProcessOptions = {}): Promise<ProcessExit> {
    const { signal = 'SIGTERM', timeoutMs = 5000 } = options;
    if (this.isRunning) {
      // Only the main process: it shuts its own children down in order.
      this.child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([this.exited, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') this.killGroup('SIGKILL');
    }
    const exit = await this.exited;
    this.killGroup('SIGKILL');
    return exit;
  }

  /** Signals every process in the child's process group; no-op when none is left. */
  killGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: the group is gone
    }
  }
}

/**
 * Starts a child process whose stdout+stderr are appended to `logFile`. The process is tracked:
 * it is killed when the test process exits or receives SIGINT/SIGTERM, even if the test forgets
 * to stop it.
 */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  installExitHandlers();
  return new ManagedProcess(options);
}

/** Stops every process started by {@link startProcess} that is still running, newest first. */
export async function stopAllProcesses(): Promise<void> {
  for (const proc of [...running].reverse()) await proc.stop();
}

let exitHandlersInstalled = false;
function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  const killAll = () => {
    for (const proc of running) proc.killGroup('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      killAll();
      // Installing a listener cancels Node's default "exit on signal". When nobody else (such
      // as the test runner) handles the signal, restore the default and die of it.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** What is awaited, for the error message: "Timed out after 10000 ms waiting for <what>". */
  what: string;
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Polling interval, default 50 ms. */
  intervalMs?: number;
  /**
   * Checked before every attempt; a returned sentence stops the wait at once with that reason
   * (e.g. `() => proc.exitDescription()`: no point waiting for a crashed process).
   */
  abortIf?: () => string | undefined;
  /** Extra diagnostics appended to the error, e.g. the tail of a log file. */
  details?: () => string;
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Polls `check` until it returns a truthy value and resolves with that value. A `check` that
 * throws counts as "not yet" (its last error is quoted if the wait times out). Throws an Error
 * naming `what` on timeout or when `abortIf` reports a reason.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitForOptions,
): Promise<Truthy<T>> {
  const { what, timeoutMs = 10_000, intervalMs = 50, abortIf, details } = options;
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  const fail = (message: string): never => {
    const parts = [message];
    if (lastError !== undefined)
      parts.push(
        `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
      );
    const extra = details?.();
    if (extra) parts.push(extra);
    throw new Error(parts.join('\n'));
  };
  for (;;) {
    const abortReason = abortIf?.();
    if (abortReason) fail(`Gave up waiting for ${what}: ${abortReason}`);
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) fail(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
