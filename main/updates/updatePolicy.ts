import type { AgentState } from '../../preload/contract';
import type { MachinePolicy } from '../policy/machinePolicy';
import type { PolicySource } from '../policy/policySource';

/**
 * When Sori Desk may look for, fetch and install an update. Pure: the caller says what is going
 * on (time, settings, the agent's work) and gets a decision with its reason, so the rules can be
 * read in one place and tested without a feed or a database.
 */

/** The machine policy's `updates` section (IT's kill switch, channel, own feed, interval). */
export type UpdateSettings = MachinePolicy['updates'];

/** What the agent is doing, as far as an update is concerned. */
export interface WorkState {
  /** Calls of this run that are up (ringing, dialling or talking): call log rows not ended. */
  callsInProgress: number;
  /** Note writes (new notes and edits) still in the CRM outbox, parked conflicts included. */
  unsyncedNotes: number;
  /** The agent's state as main last announced it; null: unchanged since start (이석, login). */
  agentState: AgentState | null;
}

/**
 * The `updates` section to act on now. A policy file that does not parse turns updates off
 * (fail closed, like calling): the app would otherwise fall back to the defaults, which check,
 * on a machine where IT may have meant the kill switch.
 */
export function effectiveUpdateSettings(
  policy: Pick<PolicySource, 'current' | 'status'>,
): UpdateSettings {
  const updates = policy.current().updates;
  return policy.status().valid ? updates : { ...updates, enabled: false };
}

export type DeferReason =
  /** IT switched updates off after this one was found or fetched. */
  | 'disabled'
  /** A call is up: the restart would drop it, and a download would compete with its audio. */
  | 'call_in_progress'
  /** Notes have not reached the CRM: they wait for it in this version's outbox. */
  | 'notes_unsynced'
  /** 후처리: the agent is finishing the last call (disposition, note; a mandatory timer runs). */
  | 'wrap_up'
  /** 대기: calls are being offered to the agent; the restart would take them off the queue. */
  | 'agent_ready';

export type Decision = { allowed: true } | { allowed: false; reason: DeferReason };

export type CheckDecision =
  | { check: true }
  | { check: false; reason: 'disabled' }
  | { check: false; reason: 'not_due'; dueAt: number };

export const HOUR_MS = 3_600_000;

export const checkIntervalMs = (settings: UpdateSettings): number =>
  settings.checkIntervalHours * HOUR_MS;

/**
 * Whether to ask the feed now. `enabled: false` is IT's kill switch: never, whatever else holds.
 * Otherwise once at start (`lastCheckAt` null) and then every `checkIntervalHours`.
 */
export function checkDecision(
  settings: UpdateSettings,
  lastCheckAt: number | null,
  now: number,
): CheckDecision {
  if (!settings.enabled) return { check: false, reason: 'disabled' };
  if (lastCheckAt === null) return { check: true };
  const dueAt = lastCheckAt + checkIntervalMs(settings);
  return now >= dueAt ? { check: true } : { check: false, reason: 'not_due', dueAt };
}

/**
 * Whether to fetch a found update now: not during a call. A download of an installer is tens of
 * megabytes on the link the call's audio uses; between calls nobody hears it.
 */
export function downloadDecision(settings: UpdateSettings, work: WorkState): Decision {
  if (!settings.enabled) return { allowed: false, reason: 'disabled' };
  if (work.callsInProgress > 0) return { allowed: false, reason: 'call_in_progress' };
  return { allowed: true };
}

/**
 * Whether a fetched update may be installed now. Installing quits the app, so:
 * - never during a call;
 * - never while notes wait for the CRM: they would wait through an installer and a schema
 *   migration instead of reaching the CRM from the version that wrote them (a parked conflict
 *   counts too: the agent resolves it first, then the update goes in);
 * - never in 후처리, where the agent is still on the last call's work and a mandatory after-call
 *   timer lives in memory only;
 * - never in 대기, where calls are being offered: the agent would vanish from the queue. The
 *   update goes in at the next 이석 (break, meal, end of shift) or at the next start before 대기.
 * 휴식 after an abusive call (recovery) does not defer: no call is offered, and the rest is kept
 * in SQLite (`recoveryUntil`), so it goes on after the restart and cannot be cut short by it.
 * The order is the order of what matters most to say to IT when several hold.
 */
export function installDecision(settings: UpdateSettings, work: WorkState): Decision {
  if (!settings.enabled) return { allowed: false, reason: 'disabled' };
  if (work.callsInProgress > 0) return { allowed: false, reason: 'call_in_progress' };
  if (work.unsyncedNotes > 0) return { allowed: false, reason: 'notes_unsynced' };
  if (work.agentState === 'wrapUp') return { allowed: false, reason: 'wrap_up' };
  if (work.agentState === 'ready') return { allowed: false, reason: 'agent_ready' };
  return { allowed: true };
}
