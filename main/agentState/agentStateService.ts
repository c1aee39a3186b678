import type { Database } from 'better-sqlite3';
import type { AgentStatus, Language, NotReadyReason, ReadyBlocker } from '../../preload/contract';
import { appendAudit } from '../db/repositories/audit';
import { hasUnacknowledgedMandatoryNotice } from '../db/repositories/centerNotices';
import type { Handlers } from '../ipc/handle';
import type { NoticeLibrary } from '../notices/noticeLibrary';

/** Every language a customer may be greeted in: each notice must verify before Ready. */
const NOTICE_LANGUAGES: readonly Language[] = ['ko', 'en'];

export interface AgentStateDeps {
  db: Database;
  recordingNotices: NoticeLibrary;
  /** End of the forced rest after an abusive call (epoch ms), or null. */
  recoveryUntil(): number | null;
  /** An answered call still lacks its mandatory disposition (후처리). */
  wrapUpDue?: () => boolean;
  /** Machine policy: after-call work after every answered call, and whether it may be cut short. */
  afterCallWork?: () => { mode: 'optional' | 'mandatory'; seconds: number };
  /** Told every change of state (the tray and the window follow main's state). */
  onChange?: (status: AgentStatus) => void;
  /** Machine policy asks for a passing health check this shift, and none has passed yet. */
  healthCheckDue?: () => boolean;
  now?: () => number;
}

export interface AgentStateService {
  handlers: Pick<Handlers, 'agentState:get' | 'agentState:set'>;
  /** The state now (a rest that ended is left first), for the team board's presence. */
  status(): AgentStatus;
  /** The protection flow started a rest: the agent leaves Ready at once. */
  enterRecovery(): void;
  /**
   * An answered call ended: 대기 becomes 후처리 when its disposition is due (`dispositionDue`) or
   * the policy makes after-call work mandatory (then for its time, without early exit).
   */
  callEnded(answered: boolean, dispositionDue: boolean): AgentStatus;
}

/**
 * The agent's state, owned by main so that its rules hold whatever the renderer does: a shift
 * starts in 이석 (login), Ready is refused while any recording notice fails its checksum (a call
 * answered then could not tell the customer), while the agent rests after an abusive call, or
 * while a mandatory centre notice is unacknowledged (outdated information), and
 * every change is audited with the time spent in the state left, which is what handle-time and
 * rest reports are computed from (recovery never counts as handling).
 */
export function createAgentStateService(deps: AgentStateDeps): AgentStateService {
  const now = deps.now ?? Date.now;
  // Read at each call's end: a policy change applies from the next call.
  const acw = () => deps.afterCallWork?.() ?? { mode: 'optional', seconds: 30 };
  let status: AgentStatus = {
    state: 'notReady',
    reason: 'login',
    since: now(),
    readyBlockedBy: null,
    wrapUpUntil: null,
  };
  /** End of the running mandatory after-call work, or null. */
  let acwUntil: number | null = null;
  const acwRunning = () => acwUntil !== null && acwUntil > now();

  const change = (
    next: Omit<AgentStatus, 'since' | 'readyBlockedBy' | 'wrapUpUntil'>,
    actor: 'agent' | 'system' = next.state === 'recovery' ? 'system' : 'agent',
  ) => {
    const at = now();
    appendAudit(deps.db, {
      at,
      actor,
      action: 'agent_state.changed',
      subject: null,
      detail: {
        from: status.state,
        fromReason: status.reason,
        to: next.state,
        reason: next.reason,
        secondsInPrevious: Math.max(0, Math.round((at - status.since) / 1000)),
      },
    });
    status = {
      ...next,
      since: at,
      readyBlockedBy: null,
      wrapUpUntil: next.state === 'wrapUp' ? acwUntil : null,
    };
    deps.onChange?.(status);
  };

  const resting = () => {
    const until = deps.recoveryUntil();
    return until !== null && until > now();
  };

  /** The rest is over: back to 이석, never straight to Ready (the agent decides when). */
  const current = (): AgentStatus => {
    if (status.state === 'recovery' && !resting()) change({ state: 'notReady', reason: 'break' });
    else if (status.state !== 'recovery' && resting()) change({ state: 'recovery', reason: null });
    // Mandatory after-call work is over: back to 대기 unless something else still holds it.
    if (acwUntil !== null && !acwRunning()) {
      acwUntil = null;
      if (status.state === 'wrapUp') {
        if (readyBlocker() === null) change({ state: 'ready', reason: null }, 'system');
        else status = { ...status, wrapUpUntil: null };
      }
    }
    return status;
  };

  const readyBlocker = (): ReadyBlocker | null => {
    if (resting()) return 'recovery';
    if (hasUnacknowledgedMandatoryNotice(deps.db)) return 'center_notice';
    if (deps.wrapUpDue?.()) return 'wrap_up';
    if (acwRunning()) return 'acw_time';
    if (deps.healthCheckDue?.()) return 'health_check';
    for (const language of NOTICE_LANGUAGES) {
      try {
        deps.recordingNotices.load(language);
      } catch {
        return 'notice_invalid';
      }
    }
    return null;
  };

  return {
    status: () => current(),
    enterRecovery() {
      if (status.state !== 'recovery') change({ state: 'recovery', reason: null });
    },
    callEnded(answered, dispositionDue) {
      const timed = answered && acw().mode === 'mandatory';
      if (!dispositionDue && !timed) return current();
      // Only from 대기: an agent who went 이석 during the call stays 이석, and rest wins.
      if (current().state !== 'ready') return status;
      if (timed) acwUntil = now() + acw().seconds * 1000;
      change({ state: 'wrapUp', reason: null });
      return status;
    },
    handlers: {
      'agentState:get': () => current(),
      'agentState:set': (request) => {
        const before = current();
        if (request.state === 'notReady') {
          if (before.state === 'recovery') return { ...before };
          const reason: NotReadyReason = request.reason;
          if (before.state !== 'notReady' || before.reason !== reason) {
            change({ state: 'notReady', reason });
          }
          return status;
        }
        if (before.state === 'ready') return status;
        const blocker = readyBlocker();
        if (blocker) {
          appendAudit(deps.db, {
            at: now(),
            actor: 'agent',
            action: 'agent_state.ready_refused',
            subject: null,
            detail: { blocker },
          });
          status = { ...status, readyBlockedBy: blocker };
          return status;
        }
        change({ state: 'ready', reason: null });
        return status;
      },
    },
  };
}
