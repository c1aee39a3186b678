import type { Database } from 'better-sqlite3';
import { agentStatusSchema, type AgentState } from '../../preload/contract';
import type { EventHub } from '../ipc/events';
import type { WorkState } from './updatePolicy';

/** Where the update service learns what the agent is doing, and when that may have changed. */
export interface WorkSource {
  current(): WorkState;
  /** `listener` runs when a deferral may have lifted (agent state or outbox changed). */
  onChange(listener: () => void): () => void;
  stop(): void;
}

/** Outbox kinds that carry a note (see db/repositories/outbox.ts). */
const NOTE_KINDS = ['note.create', 'note.update'] as const;

/**
 * The agent's work as main knows it, read from SQLite and main's own events.
 *
 * Calls: main has no live call object (JsSIP sessions live in the renderer). What it has is the
 * call log: the renderer opens a row when a call starts ringing or dialling (`callLog:open`) and
 * closes it when it ends (`callLog:close`), in the same SQLite file. A call is in progress while
 * its row has no end. Only rows opened in this run count (rowid above the high-water mark taken
 * here, so no clock is involved): a row left open by a crash or kill -9 belongs to a call that
 * died with that process and must not hold updates back for ever. A renderer that crashes
 * mid-call in this run leaves its row open, and the update waits for the next start: the safe
 * side.
 *
 * Notes: every note write queued for the CRM is an outbox row until the CRM has it, so the count
 * of note rows in the outbox is the number of unsynced notes.
 *
 * Agent state: main owns it (agentState/agentStateService.ts) and announces every change as
 * `agentState:changed`; the last one is the state. Before any change the agent is where a shift
 * starts (이석, login), reported as null.
 */
export function createWorkSource(deps: { db: Database; events: EventHub }): WorkSource {
  const { db } = deps;
  const highWater = db
    .prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM call_log')
    .pluck()
    .get()!;
  const openCalls = db
    .prepare<[number], number>('SELECT count(*) FROM call_log WHERE rowid > ? AND ended_at IS NULL')
    .pluck();
  const noteWrites = db
    .prepare<string[], number>(
      `SELECT count(*) FROM outbox WHERE kind IN (${NOTE_KINDS.map(() => '?').join(', ')})`,
    )
    .pluck();

  let agentState: AgentState | null = null;
  const listeners = new Set<() => void>();
  const unsubscribe = deps.events.subscribe((event, payload) => {
    if (event === 'agentState:changed') {
      const status = agentStatusSchema.safeParse(payload);
      if (status.success) agentState = status.data.state;
    } else if (event !== 'sync:status') {
      return;
    }
    for (const listener of listeners) listener();
  });

  return {
    current: () => ({
      callsInProgress: openCalls.get(highWater)!,
      unsyncedNotes: noteWrites.get(...NOTE_KINDS)!,
      agentState,
    }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      unsubscribe();
      listeners.clear();
    },
  };
}
