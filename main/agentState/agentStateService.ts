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
  now?: () => number;
}

export interface AgentStateService {
  handlers: Pick<Handlers, 'agentState:get' | 'agentState:set'>;
  /** The protection flow started a rest: the agent leaves Ready at once. */
  enterRecovery(): void;
  /** An answered call ended and needs its disposition: 대기 becomes 후처리. */
  enterWrapUp(): AgentStatus;
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
  let status: AgentStatus = {
    state: 'notReady',
    reason: 'login',
    since: now(),
    readyBlockedBy: null,
  };

  const change = (next: Omit<AgentStatus, 'since' | 'readyBlockedBy'>) => {
    const at = now();
    appendAudit(deps.db, {
      at,
      actor: next.state === 'recovery' ? 'system' : 'agent',
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
    status = { ...next, since: at, readyBlockedBy: null };
  };

  const resting = () => {
    const until = deps.recoveryUntil();
    return until !== null && until > now();
  };

  /** The rest is over: back to 이석, never straight to Ready (the agent decides when). */
  const current = (): AgentStatus => {
    if (status.state === 'recovery' && !resting()) change({ state: 'notReady', reason: 'break' });
    else if (status.state !== 'recovery' && resting()) change({ state: 'recovery', reason: null });
    return status;
  };

  const readyBlocker = (): ReadyBlocker | null => {
    if (resting()) return 'recovery';
    if (hasUnacknowledgedMandatoryNotice(deps.db)) return 'center_notice';
    if (deps.wrapUpDue?.()) return 'wrap_up';
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
    enterRecovery() {
      if (status.state !== 'recovery') change({ state: 'recovery', reason: null });
    },
    enterWrapUp() {
      // Only from 대기: an agent who went 이석 during the call stays 이석, and rest wins.
      if (current().state === 'ready') change({ state: 'wrapUp', reason: null });
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
