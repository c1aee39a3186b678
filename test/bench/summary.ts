import fs from 'node:fs';
import path from 'node:path';

/** Rounds to `digits` decimals, for figures in the bench JSON. */
export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Samples (ms) and their median, min, max and mean, as every bench figure reports them. */
export interface Summary {
  n: number;
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    n: samples.length,
    samplesMs: samples.map((s) => round(s)),
    medianMs: round(median),
    minMs: round(sorted[0]!),
    maxMs: round(sorted.at(-1)!),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

/**
 * Writes a bench's report to bench-results/<name>-<timestamp>.json and <name>-latest.json.
 * Returns the timestamped file.
 */
export function writeBenchResult(name: string, report: { date: string }): string {
  const dir = path.resolve(__dirname, '../../bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const file = path.join(dir, `${name}-${report.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, `${name}-latest.json`), text);
  return file;
}
