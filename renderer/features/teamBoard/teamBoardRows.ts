import type { AgentState, TeamBoardRow } from '../../../preload/contract';

/** A row whose last report is older than this is marked late (its agent's app may be offline). */
export const LATE_AFTER_MS = 60_000;

/** What the board shows for one agent at `now`: seconds and milliseconds, never negative. */
export interface BoardRowView {
  /**
   * What the state column says: the agent's state, but 통화중 while a call is on (the state
   * itself stays 대기 or 이석 during a call), and 미접속 before the first report.
   */
  shownState: AgentState | 'onCall' | 'noReport';
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
    shownState:
      row.state === null
        ? 'noReport'
        : row.callStartedAt !== null && row.state !== 'recovery'
          ? 'onCall'
          : row.state,
    secondsInState: row.state === null ? null : elapsed(row.since),
    callSeconds: elapsed(row.callStartedAt),
    recoveryLeftMs:
      row.recoveryUntil !== null && row.recoveryUntil > now ? row.recoveryUntil - now : null,
    late: row.updatedAt === null || now - row.updatedAt > LATE_AFTER_MS,
  };
}
