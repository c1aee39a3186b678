import type { TeamBoardRow } from '../../../preload/contract';

/** A row whose last report is older than this is marked late (its agent's app may be offline). */
export const LATE_AFTER_MS = 60_000;

/** What the board shows for one agent at `now`: seconds and milliseconds, never negative. */
export interface BoardRowView {
  /** Seconds in the current state, or null when the agent has not reported. */
  secondsInState: number | null;
  /** Seconds on the current call, or null when not on a call. */
  callSeconds: number | null;
  /** Milliseconds left of the rest after an abusive call, or null when not resting. */
  recoveryLeftMs: number | null;
  /** The last report is old (or there is none): what the row says may be out of date. */
  late: boolean;
}

/**
 * Derives the ticking values of a board row. Times come from the agent's PC and `now` from the
 * lead's, so a small skew must not show negative times: everything is clamped at zero.
 */
export function boardRowView(row: TeamBoardRow, now: number): BoardRowView {
  const elapsed = (from: number | null) =>
    from === null ? null : Math.max(0, Math.floor((now - from) / 1000));
  return {
    secondsInState: row.state === null ? null : elapsed(row.since),
    callSeconds: elapsed(row.callStartedAt),
    recoveryLeftMs:
      row.recoveryUntil !== null && row.recoveryUntil > now ? row.recoveryUntil - now : null,
    late: row.updatedAt === null || now - row.updatedAt > LATE_AFTER_MS,
  };
}
