import type { Database } from 'better-sqlite3';
import type { AgentStatus } from '../../preload/contract';
import type { PresenceWrite } from '../crm/crmContract';
import { replaceOutbox } from '../db/repositories/outbox';

export interface PresencePublisher {
  /** The agent's state changed (main's agent state service). */
  stateChanged(status: AgentStatus): void;
  /** A call began (callLog:open) or ended (callLog:close). */
  callStarted(startedAt: number): void;
  callEnded(): void;
  /**
   * Something else on the board changed (the rest after an abusive call, a callback added or
   * done). A callback's deadline passing needs no call: the publisher wakes for it.
   */
  refresh(): void;
}

/** setTimeout's ceiling is about 24.8 days; a later deadline is re-planned when this fires. */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

/**
 * Publishes the agent's presence for the team lead's board (issue #8 item 2) through the outbox:
 * state and reason, since when, the end of a rest, when the current call began and how many
 * callbacks are overdue. Never a customer, a number or a note. Latest wins: a burst of changes
 * leaves one queued item, and the sync is kicked so it leaves within about a second.
 */
export function createPresencePublisher(deps: {
  db: Database;
  /** Only with a CRM in the policy: otherwise there is nobody to tell. */
  enabled(): boolean;
  status(): AgentStatus;
  recoveryUntil(): number | null;
  kick(): void;
  now?: () => number;
}): PresencePublisher {
  const now = deps.now ?? Date.now;
  const overdue = deps.db
    .prepare<[number], number>(
      "SELECT count(*) FROM callbacks WHERE status = 'open' AND due_by < ?",
    )
    .pluck();
  const nextDeadline = deps.db
    .prepare<[number], number | null>(
      "SELECT min(due_by) FROM callbacks WHERE status = 'open' AND due_by >= ?",
    )
    .pluck();
  let callStartedAt: number | null = null;
  let deadlineTimer: NodeJS.Timeout | null = null;

  // Nothing else happens when a callback's deadline passes, yet the lead's board should count it
  // as overdue then: wake at the next open deadline and publish again.
  const planDeadlineWake = (at: number) => {
    if (deadlineTimer) clearTimeout(deadlineTimer);
    deadlineTimer = null;
    const due = nextDeadline.get(at);
    if (due === null || due === undefined) return;
    deadlineTimer = setTimeout(
      () => {
        deadlineTimer = null;
        // The store closes at quit (and between tests) without telling the publisher.
        if (deps.db.open) publish(deps.status());
      },
      Math.min(due - at + 1, MAX_TIMER_MS),
    );
    deadlineTimer.unref();
  };

  const publish = (status: AgentStatus) => {
    if (!deps.enabled()) return;
    const at = now();
    const until = deps.recoveryUntil();
    const payload: PresenceWrite = {
      state: status.state,
      reason: status.reason,
      since: status.since,
      recoveryUntil: until !== null && until > at ? until : null,
      call: callStartedAt === null ? null : { startedAt: callStartedAt },
      overdueCallbacks: overdue.get(at) ?? 0,
      at,
    };
    replaceOutbox(deps.db, 'agent_presence', payload, at);
    deps.kick();
    planDeadlineWake(at);
  };
  return {
    stateChanged: (status) => publish(status),
    callStarted(startedAt) {
      callStartedAt = startedAt;
      publish(deps.status());
    },
    callEnded() {
      callStartedAt = null;
      publish(deps.status());
    },
    refresh: () => publish(deps.status()),
  };
}
