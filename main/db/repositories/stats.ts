import type { Database } from 'better-sqlite3';
import { perConnection } from '../connection';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The agent's own figures since a moment (the start of their day). */
export interface PersonalStats {
  calls: number;
  answered: number;
  /**
   * Average handle time of answered calls that have ended, seconds: answer to hang-up (after-call
   * work joins it with #6). The rest after an abusive call is a state, not part of any call, so it
   * never counts against it.
   */
  averageHandleSeconds: number | null;
  /** Notes saved here that the CRM has not yet accepted. */
  notesPending: number;
  /** Open callbacks planned before the end of the day (overdue ones included). */
  callbacksDue: number;
}

const statements = perConnection((db: Database) => ({
  calls: db.prepare<
    { since: number },
    { calls: number; answered: number; averageMs: number | null }
  >(
    `SELECT count(*) AS calls,
            count(answered_at) AS answered,
            avg(CASE WHEN answered_at IS NOT NULL AND ended_at IS NOT NULL
                     THEN max(ended_at - answered_at, 0) END) AS averageMs
     FROM call_log WHERE started_at >= @since`,
  ),
  notesPending: db
    .prepare<[], number>("SELECT count(*) FROM notes WHERE sync_state = 'pending'")
    .pluck(),
  callbacksDue: db
    .prepare<{ until: number }, number>(
      `SELECT count(*) FROM callbacks
       WHERE status = 'open' AND min(coalesce(scheduled_at, due_by), due_by) < @until`,
    )
    .pluck(),
}));

export function personalStats(db: Database, since: number): PersonalStats {
  const s = statements(db);
  const { calls, answered, averageMs } = s.calls.get({ since })!;
  return {
    calls,
    answered,
    averageHandleSeconds: averageMs === null ? null : Math.round(averageMs / 1000),
    notesPending: s.notesPending.get()!,
    callbacksDue: s.callbacksDue.get({ until: since + DAY_MS })!,
  };
}
