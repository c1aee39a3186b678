/**
 * How much of the recording notice has played, as a whole percentage 0..100 for the progress bar.
 * Measured on the AudioContext's clock (what was actually rendered), not on wall time.
 */
export function noticeProgressPercent(elapsedSec: number, durationSec: number): number {
  if (!Number.isFinite(elapsedSec) || !Number.isFinite(durationSec) || durationSec <= 0) return 0;
  const percent = Math.floor((elapsedSec / durationSec) * 100);
  return Math.max(0, Math.min(100, percent));
}

/**
 * True when a notice source that stopped after `elapsedSec` of a `durationSec` buffer really
 * reached its end (the 'ended' event also fires when it is stopped early). Allows one render
 * quantum-ish of slack for clock granularity.
 */
export function playedToEnd(elapsedSec: number, durationSec: number, slackSec = 0.05): boolean {
  return Number.isFinite(elapsedSec) && durationSec > 0 && elapsedSec >= durationSec - slackSec;
}
