import fs from 'node:fs';
import type { Logger } from '../logging/logger';
import {
  DEFAULT_POLICY,
  parseMachinePolicy,
  PolicyError,
  type MachinePolicy,
} from './machinePolicy';

/** Whether the machine runs managed: the file's problems when IT's policy cannot be used. */
export interface PolicyStatus {
  /** The policy file read (null: none configured). */
  file: string | null;
  valid: boolean;
  /** Every problem of an invalid file, "path: message" each; empty when valid. */
  problems: string[];
}

/**
 * The machine policy as it is now. Main reads it through `current()` on every decision, so a
 * change IT makes to the file applies without a restart. An invalid file fails closed: calling
 * is disabled (the status says why) while the rest keeps the last valid policy, or the defaults
 * if the app started with a broken file; a pinned setting never unlocks because the file broke.
 */
export interface PolicySource {
  current(): MachinePolicy;
  status(): PolicyStatus;
  /** Called after every change of the policy or of its validity. Returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /** Reads the file again now (the watcher does this by itself). */
  reload(): void;
  stop(): void;
}

/** A policy that never changes (tests, and tools that only read it). */
export function fixedPolicySource(policy: MachinePolicy = DEFAULT_POLICY): PolicySource {
  return {
    current: () => policy,
    status: () => ({ file: null, valid: true, problems: [] }),
    onChange: () => () => undefined,
    reload: () => undefined,
    stop: () => undefined,
  };
}

export interface WatchedPolicyOptions {
  logger: Logger;
  /**
   * How often the file is read again. Polling, not fs.watch: IT tools replace the file (rename
   * over it), delete and recreate it, or edit it in place, and re-reading sees all of these on
   * every platform; reading a small file every few seconds costs nothing.
   */
  pollMs?: number;
}

/** The policy of `file` (null or absent: the defaults), watched for changes. */
export function watchPolicyFile(file: string | null, options: WatchedPolicyOptions): PolicySource {
  const logger = options.logger.child('policy');
  const listeners = new Set<() => void>();
  let policy = DEFAULT_POLICY;
  let status: PolicyStatus = { file, valid: true, problems: [] };
  let lastText: string | null = null;
  let loaded = false;

  const read = (): void => {
    const text = file ? safeRead(file) : null;
    if (loaded && text === lastText) return;
    const first = !loaded;
    loaded = true;
    lastText = text;
    let next: PolicyStatus;
    try {
      policy = file && text !== null ? parseMachinePolicy(file, text) : DEFAULT_POLICY;
      next = { file, valid: true, problems: [] };
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      next = { file, valid: false, problems: error.problems };
    }
    status = next;
    if (next.valid) logger.info(first ? 'policy loaded' : 'policy applied', { file });
    else logger.error('policy invalid: calling disabled', { file, problems: next.problems });
    if (!first) listeners.forEach((listener) => listener());
  };

  read();
  const timer = file ? setInterval(read, options.pollMs ?? 5000) : null;
  timer?.unref();
  return {
    current: () => policy,
    status: () => status,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload: read,
    stop() {
      if (timer) clearInterval(timer);
      listeners.clear();
    },
  };
}

function safeRead(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
