import fs from 'node:fs';
import path from 'node:path';
import { redactText, redactValue } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
  /** A logger for one subsystem; its scope prefixes every line. */
  child(scope: string): Logger;
}

export interface LogSink {
  write(line: string): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  sinks: LogSink[];
}

/** Appends lines to a file (created with the directory); synchronous so a crash loses nothing. */
export function fileSink(file: string): LogSink {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  return { write: (line) => fs.writeSync(fd, line + '\n') };
}

export const stderrSink: LogSink = { write: (line) => process.stderr.write(line + '\n') };

/** Collects lines in memory; for tests that check what was (not) logged. */
export function memorySink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => lines.push(line) };
}

/**
 * The one logger factory of the main process. Every message and every data field goes through
 * redaction before any sink sees it.
 */
export function createLogger(options: LoggerOptions, scope = 'main'): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const emit = (level: LogLevel, message: string, data?: unknown) => {
    if (LEVELS[level] < threshold) return;
    const record: Record<string, unknown> = {
      t: new Date().toISOString(),
      level,
      scope,
      msg: redactText(message),
    };
    if (data !== undefined) record['data'] = redactValue(data);
    const line = JSON.stringify(record);
    for (const sink of options.sinks) sink.write(line);
  };
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
    child: (child) => createLogger(options, `${scope}.${child}`),
  };
}
