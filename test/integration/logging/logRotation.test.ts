import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, fileSink, rotatedLogFile } from '../../../main/logging/logger';

const MAX = 4096;
const KEEP = 5;

/** The lines of main.log and its rotated files, oldest file first. */
function readAll(file: string): { files: string[]; lines: string[] } {
  const files: string[] = [];
  for (let i = KEEP + 2; i >= 0; i--) {
    if (fs.existsSync(rotatedLogFile(file, i))) files.push(rotatedLogFile(file, i));
  }
  const lines = files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean));
  return { files, lines };
}

const seqOf = (line: string) => (JSON.parse(line) as { data: { seq: number } }).data.seq;

describe('log rotation (real files in a temp dir)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-logs-'));
    file = path.join(dir, 'logs', 'main.log');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rotates past the limit, caps the number of files, keeps the newest lines in main.log and loses nothing inside the kept window', () => {
    const logger = createLogger({ sinks: [fileSink(file, { maxBytes: MAX, keep: KEEP })] });
    const written = 2000; // ~100 bytes a line: far more than KEEP * MAX
    for (let seq = 0; seq < written; seq++) logger.info('tick', { seq, pad: 'x'.repeat(40) });

    const { files, lines } = readAll(file);
    expect(files.map((f) => path.basename(f))).toEqual([
      'main.4.log',
      'main.3.log',
      'main.2.log',
      'main.1.log',
      'main.log',
    ]);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(
      ['main.1.log', 'main.2.log', 'main.3.log', 'main.4.log', 'main.log'].sort(),
    );
    for (const f of files) expect(fs.statSync(f).size).toBeLessThanOrEqual(MAX);
    // The newest line is the last of main.log.
    const current = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(seqOf(current.at(-1)!)).toBe(written - 1);
    // Oldest file to newest, the kept lines are one unbroken run ending at the newest.
    const seqs = lines.map(seqOf);
    const first = seqs[0]!;
    expect(seqs).toEqual(Array.from({ length: written - first }, (_, i) => first + i));
    // Each rotated file was filled to within one line of the limit: the window is KEEP - 1 full
    // files plus the current one.
    const longest = Math.max(...lines.map((l) => Buffer.byteLength(l) + 1));
    for (const f of files.slice(0, -1)) expect(fs.statSync(f).size).toBeGreaterThan(MAX - longest);
  });

  it('continues the same files after a restart, and rotates when the old file is already full', () => {
    const first = fileSink(file, { maxBytes: MAX, keep: KEEP });
    for (let i = 0; i < 30; i++)
      first.write(JSON.stringify({ data: { seq: i } }) + ' '.repeat(100));
    const sizeBefore = fs.statSync(file).size;
    expect(sizeBefore).toBeLessThanOrEqual(MAX);

    // A new process: appends to main.log where it was, no rotation at open.
    const second = fileSink(file, { maxBytes: MAX, keep: KEEP });
    expect(fs.existsSync(rotatedLogFile(file, 1))).toBe(false);
    for (let i = 30; i < 60; i++)
      second.write(JSON.stringify({ data: { seq: i } }) + ' '.repeat(100));
    const { files, lines } = readAll(file);
    expect(files.length).toBeGreaterThan(1);
    expect(lines.map(seqOf)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    for (const f of files) expect(fs.statSync(f).size).toBeLessThanOrEqual(MAX);
  });

  it('two writers (a second instance starting) do not rotate each other’s lines away', () => {
    const a = fileSink(file, { maxBytes: MAX, keep: KEEP });
    const b = fileSink(file, { maxBytes: MAX, keep: KEEP });
    for (let i = 0; i < 60; i++)
      (i % 2 ? b : a).write(JSON.stringify({ data: { seq: i } }) + ' '.repeat(100));
    const { lines } = readAll(file);
    expect(lines.map(seqOf).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('log files are private to the user (0600)', () => {
    if (process.platform === 'win32') return;
    const sink = fileSink(file, { maxBytes: 200, keep: 2 });
    for (let i = 0; i < 10; i++) sink.write('x'.repeat(80));
    for (const f of [file, rotatedLogFile(file, 1)])
      expect(fs.statSync(f).mode & 0o777).toBe(0o600);
  });
});
