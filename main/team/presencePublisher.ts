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
  /** Something else on the board changed (the rest after an abusive call, callbacks). */
  refresh(): void;
}

const overdueStatement = (db: Database) =>
  db
    .prepare<[number], number>(
      "SELECT count(*) FROM callbacks WHERE status = 'open' AND due_by < ?",
    )
    .pluck();

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
  let callStartedAt: number | null = null;
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
      overdueCallbacks: overdueStatement(deps.db).get(at) ?? 0,
      at,
    };
    replaceOutbox(deps.db, 'agent_presence', payload, at);
    deps.kick();
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
