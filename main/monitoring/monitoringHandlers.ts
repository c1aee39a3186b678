import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { MonitorMode } from '../../preload/contract';
import { CrmError, createCrmClient } from '../crm/crmClient';
import { monitoringGrantResponseSchema } from '../crm/crmContract';
import { cachedCrmIdentity, cachedTeamRole } from '../crm/crmIdentity';
import { TOKEN_REF_SETTING } from '../crm/syncService';
import { getAccount } from '../db/repositories/accounts';
import { appendAudit } from '../db/repositories/audit';
import { isGrantUsed, pruneUsedGrants, recordGrantUse } from '../db/repositories/monitoringGrants';
import { getSetting } from '../db/repositories/settings';
import { HandlerError, type Handlers } from '../ipc/handle';
import type { Logger } from '../logging/logger';
import type { MachinePolicy } from '../policy/machinePolicy';
import type { SecretStore } from '../secrets/secretStore';
import { sameSipUri, verifyGrant, type GrantCheck } from './grant';

/**
 * How long a used grant id is kept after the grant expired. A grant is accepted until
 * exp + 30 s (clock skew); the id is kept a day longer so that a PC clock set back (a wrong
 * time corrected by hand, a VM restored from a snapshot) cannot make a pruned grant usable again.
 * A few rows per monitored call; nothing to weigh against.
 */
export const USED_GRANT_RETENTION_MS = 24 * 60 * 60_000;

/** Why the lead's own request for a grant failed (MONITOR_REFUSED message). */
export type GrantRequestFailure =
  'not_permitted' | 'unauthorized' | 'no_crm' | 'crm_unavailable' | 'crm_rejected';

interface Session {
  id: string;
  leadId: string;
  leadName: string;
  callId: string;
  mode: MonitorMode;
  startedAt: number;
}

export interface MonitoringService {
  handlers: Pick<
    Handlers,
    | 'monitoring:authorize'
    | 'monitoring:ended'
    | 'monitoring:requestGrant'
    | 'monitoring:featureCode'
    | 'team:getRole'
  >;
  /** The call ended: its monitoring sessions end with it (audited, reason call_closed). */
  callClosed(callId: string, endedAt: number): void;
}

/**
 * Team-lead monitoring, both sides (issue #8). On the agent's app: a lead's request is honoured
 * only with a valid grant from the CRM for this agent, this agent's team and this mode, used
 * once; every decision is audited, and a refusal leaves the call untouched (the renderer mixes
 * nothing in without a session). On the lead's app: the grant is asked of the CRM, which alone
 * decides who is a lead and of which team.
 */
export function createMonitoringService(deps: {
  db: Database;
  policy: () => MachinePolicy;
  secrets: SecretStore;
  logger: Logger;
  now?: () => number;
}): MonitoringService {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.logger.child('monitoring');
  /** Live sessions; a restart ends every call, so they need not survive one. */
  const sessions = new Map<string, Session>();

  const crmToken = () => {
    const ref = getSetting<string | null>(db, TOKEN_REF_SETTING) ?? null;
    return ref ? deps.secrets.get(ref) : null;
  };

  const endSession = (session: Session, endedAt: number, reason: 'ended' | 'call_closed') => {
    appendAudit(db, {
      at: now(),
      actor: 'system',
      action: 'monitoring.ended',
      subject: session.callId,
      detail: {
        sessionId: session.id,
        lead: session.leadId,
        mode: session.mode,
        callId: session.callId,
        durationMs: Math.max(0, endedAt - session.startedAt),
        reason,
      },
    });
    sessions.delete(session.id);
  };

  const authorize: MonitoringService['handlers']['monitoring:authorize'] = ({
    grant,
    callId,
    mode,
  }) => {
    const at = now();
    const policy = deps.policy();
    const agent = getAccount(db)?.sipUri ?? null;
    const identity = cachedCrmIdentity(db);
    // The team is the CRM's answer for this SIP account's user. Unknown (never synced, a token
    // of someone else, a CRM without /v1/me): no team, and every grant is refused (fail closed).
    const team =
      identity !== null && agent !== null && sameSipUri(identity.sipUri, agent)
        ? identity.team
        : null;

    type Outcome =
      | { refused: Extract<GrantCheck, { ok: false }> }
      | { session: Session; previous: Session | null };
    const outcome = db
      .transaction((): Outcome => {
        pruneUsedGrants(db, at - USED_GRANT_RETENTION_MS);
        const check = verifyGrant(grant, {
          keys: policy.monitoring.publicKeys,
          nowMs: at,
          agent,
          team,
          mode,
          isReplayed: (jti) => isGrantUsed(db, jti),
        });
        if (!check.ok) {
          appendAudit(db, {
            at,
            actor: 'system',
            action: 'monitoring.refused',
            subject: callId,
            // Never the grant itself: it is a bearer credential until it expires.
            detail: { reason: check.reason, mode, lead: check.leadId, callId },
          });
          return { refused: check };
        }
        const { claims } = check;
        recordGrantUse(db, {
          jti: claims.jti,
          leadId: claims.sub,
          agent: claims.agent,
          mode: claims.mode,
          expiresAt: claims.exp * 1000,
          usedAt: at,
        });
        const previous =
          [...sessions.values()].find((s) => s.leadId === claims.sub && s.callId === callId) ??
          null;
        const session: Session = previous
          ? { ...previous, mode: claims.mode, leadName: claims.leadName }
          : {
              id: crypto.randomUUID(),
              leadId: claims.sub,
              leadName: claims.leadName,
              callId,
              mode: claims.mode,
              startedAt: at,
            };
        appendAudit(db, {
          at,
          actor: 'system',
          action: !previous
            ? 'monitoring.started'
            : previous.mode !== session.mode
              ? 'monitoring.mode_changed'
              : 'monitoring.reauthorized',
          subject: callId,
          detail: {
            sessionId: session.id,
            lead: claims.sub,
            mode: session.mode,
            ...(previous ? { from: previous.mode } : {}),
            callId,
            grantId: claims.jti,
            keyId: check.kid,
            indicator: policy.monitoring.indicator,
          },
        });
        return { session, previous };
      })
      .immediate();

    if ('refused' in outcome) {
      log.warn('monitoring refused', { reason: outcome.refused.reason, mode });
      throw new HandlerError('MONITOR_REFUSED', outcome.refused.reason);
    }
    const { session } = outcome;
    sessions.set(session.id, session);
    log.info('monitoring authorized', { mode: session.mode, changed: outcome.previous !== null });
    return {
      sessionId: session.id,
      lead: { id: session.leadId, displayName: session.leadName },
      mode: session.mode,
      indicator: policy.monitoring.indicator,
    };
  };

  const requestGrant: MonitoringService['handlers']['monitoring:requestGrant'] = async ({
    agentSipUri,
    mode,
  }) => {
    const audit = (outcome: string, grantId: string | null) =>
      appendAudit(db, {
        at: now(),
        actor: 'agent',
        action: 'monitoring.requested',
        subject: null,
        detail: { agent: agentSipUri, mode, outcome, grantId },
      });
    const refuse = (failure: GrantRequestFailure): never => {
      audit(failure, null);
      throw new HandlerError('MONITOR_REFUSED', failure);
    };
    const crm = deps.policy().crm;
    if (!crm) return refuse('no_crm');
    const token = crmToken();
    if (!token) return refuse('unauthorized');
    const client = createCrmClient({ baseUrl: crm.baseUrl, token: () => token });
    let grant: string;
    try {
      ({ grant } = await client.request({
        method: 'POST',
        path: '/v1/monitoring/grants',
        body: { agent: agentSipUri, mode },
        response: monitoringGrantResponseSchema,
      }));
    } catch (error) {
      if (!(error instanceof CrmError)) throw error;
      log.warn('monitoring grant not issued', { error: error.kind, status: error.status });
      if (error.kind === 'unauthorized')
        return refuse(error.status === 403 ? 'not_permitted' : 'unauthorized');
      if (error.kind === 'rejected' || error.kind === 'conflict') return refuse('crm_rejected');
      return refuse('crm_unavailable');
    }
    audit('issued', grantIdOf(grant));
    return { grant };
  };

  return {
    callClosed(callId, endedAt) {
      const ending = [...sessions.values()].filter((s) => s.callId === callId);
      if (ending.length === 0) return;
      db.transaction(() => ending.forEach((s) => endSession(s, endedAt, 'call_closed')))();
    },
    handlers: {
      'monitoring:authorize': authorize,
      'monitoring:ended': ({ sessionId, endedAt }) => {
        const session = sessions.get(sessionId);
        if (!session) throw new HandlerError('NOT_FOUND', 'no such monitoring session');
        endSession(session, endedAt, 'ended');
        return {};
      },
      'monitoring:requestGrant': requestGrant,
      // PBX feature-code mode (item 4): the PBX monitors (e.g. Asterisk ChanSpy) and decides who
      // may; the app still offers it only to a lead (as the CRM says) and audits the request.
      'monitoring:featureCode': ({ agentSipUri, mode }) => {
        const { mode: how, featureCodes } = deps.policy().monitoring;
        const identity = cachedCrmIdentity(db);
        const refusal =
          how !== 'pbx-feature-code' || !featureCodes
            ? 'not_pbx_mode'
            : identity?.role !== 'lead'
              ? 'not_permitted'
              : null;
        appendAudit(db, {
          at: now(),
          actor: 'agent',
          action: 'monitoring.requested',
          subject: null,
          detail: {
            agent: agentSipUri,
            mode,
            outcome: refusal ?? 'pbx_feature_code',
            grantId: null,
          },
        });
        if (refusal || !featureCodes) {
          throw new HandlerError('MONITOR_REFUSED', refusal ?? 'not_pbx_mode');
        }
        return { featureCode: featureCodes[mode] };
      },
      'team:getRole': () => cachedTeamRole(db),
    },
  };
}

/** The grant's id, read without verifying (for the lead's own audit row); null if unreadable. */
function grantIdOf(grant: string): string | null {
  try {
    const payload = JSON.parse(
      Buffer.from(grant.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { jti?: unknown };
    return typeof payload.jti === 'string' && payload.jti.length <= 128 ? payload.jti : null;
  } catch {
    return null;
  }
}
