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

/** Size of one log file before it is rotated (5 MiB). */
export const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024;
/** Log files kept: main.log and main.1.log … main.4.log (at most 25 MiB of history). */
export const LOG_FILES_KEPT = 5;

export interface FileSinkOptions {
  /** Bytes per file; the line that would cross it goes to a fresh file. */
  maxBytes?: number;
  /** Files kept, the current one included (at least 1). */
  keep?: number;
}

/** `main.log` → `main.2.log`; index 0 is the file itself. */
export function rotatedLogFile(file: string, index: number): string {
  if (index === 0) return file;
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}.${index}${ext}`;
}

/**
 * Appends lines to a file (created with the directory); synchronous so a crash loses nothing.
 * The file is rotated by size: when the next line would make it larger than `maxBytes`, it
 * becomes `main.1.log` (the older ones shift up, the oldest beyond `keep` is deleted) and a fresh
 * `main.log` is started. A restart continues the existing file where it was.
 */
export function fileSink(file: string, options: FileSinkOptions = {}): LogSink {
  const maxBytes = Math.max(1, options.maxBytes ?? LOG_FILE_MAX_BYTES);
  const keep = Math.max(1, Math.floor(options.keep ?? LOG_FILES_KEPT));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let fd = fs.openSync(file, 'a', 0o600);
  let size = fs.fstatSync(fd).size;
  // After a failed rotation (e.g. a virus scanner holding a file on Windows) the current file
  // keeps growing and the next attempt waits for another slice, not every line.
  let retryAt = 0;

  const reopen = () => {
    fs.closeSync(fd);
    fd = fs.openSync(file, 'a', 0o600);
    size = fs.fstatSync(fd).size;
  };
  const rotate = () => {
    // Another process (a second instance starting) may have rotated already: then only follow.
    const onDisk = fs.statSync(file, { throwIfNoEntry: false });
    const mine = fs.fstatSync(fd);
    if (!onDisk || onDisk.ino !== mine.ino || onDisk.dev !== mine.dev) {
      reopen();
      if (size === 0) return;
    }
    fs.closeSync(fd);
    try {
      fs.rmSync(rotatedLogFile(file, keep - 1), { force: true });
      for (let i = keep - 2; i >= 0; i--) {
        const from = rotatedLogFile(file, i);
        if (fs.existsSync(from)) fs.renameSync(from, rotatedLogFile(file, i + 1));
      }
    } finally {
      fd = fs.openSync(file, 'a', 0o600);
      size = fs.fstatSync(fd).size;
    }
  };

  return {
    write(line) {
      const data = Buffer.from(line + '\n', 'utf8');
      if (size > 0 && size + data.length > maxBytes && size >= retryAt) {
        try {
          rotate();
          retryAt = 0;
        } catch {
          retryAt = size + Math.max(1, Math.floor(maxBytes / 16));
        }
      }
      fs.writeSync(fd, data);
      size += data.length;
    },
  };
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
