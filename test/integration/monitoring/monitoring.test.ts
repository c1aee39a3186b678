import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/db/store';
import { isGrantUsed } from '../../../main/db/repositories/monitoringGrants';
import { HandlerError } from '../../../main/ipc/handle';
import { createLogger, memorySink } from '../../../main/logging/logger';
import { signGrant, verifyGrant, type GrantClaims } from '../../../main/monitoring/grant';
import { createMonitoringService } from '../../../main/monitoring/monitoringHandlers';
import { machinePolicySchema, type MachinePolicy } from '../../../main/policy/machinePolicy';
import {
  createFileSecretStore,
  developmentPlaintextCipher,
} from '../../../main/secrets/secretStore';
import type { MonitorMode } from '../../../preload/contract';
import {
  generateGrantSigningKey,
  startReferenceCrm,
  type CrmUser,
  type ReferenceCrm,
} from '../../crmReference/referenceCrm';
import { AGENT, LEAD, OTHER_LEAD, OUTSIDER, TEAMMATE, TOKENS } from '../../crmReference/teamUsers';
import { APP_URL, createIpcTestbed, SHIPPED_NOTICES } from '../ipc/ipcTestbed';

/*
 * Team-lead monitoring end to end on real parts: the reference CRM over HTTP on 127.0.0.1 knows
 * who each token belongs to (GET /v1/me) and signs grants (POST /v1/monitoring/grants); the
 * lead's app and the agent's app are each the real handlers over their own SQLite profile.
 */

const signingKey = generateGrantSigningKey('crm-2026-12');
let crm: ReferenceCrm;
let policy: MachinePolicy;
const beds: Array<ReturnType<typeof createIpcTestbed>> = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-monitor-crm-'));
  crm = await startReferenceCrm({
    dbFile: path.join(dir, 'crm.sqlite'),
    token: TOKENS.agent,
    user: AGENT,
    users: [
      { ...LEAD, token: TOKENS.lead },
      { ...OTHER_LEAD, token: TOKENS.otherLead },
      { ...TEAMMATE, token: TOKENS.teammate },
    ],
    directory: [OUTSIDER],
    grantKey: signingKey,
  });
  policy = machinePolicySchema.parse({
    version: 1,
    crm: { baseUrl: crm.url, syncIntervalSeconds: 1 },
    monitoring: { publicKeys: [crm.grantPublicKey] },
  });
});
afterAll(() => crm?.close());
afterEach(() => {
  for (const bed of beds.splice(0)) bed.close();
});

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An app signed in as `user` (SIP account and CRM token), synced until it knows its role. */
async function app(user: CrmUser | null, token: string | null, appPolicy = policy) {
  const bed = createIpcTestbed(SHIPPED_NOTICES, appPolicy);
  beds.push(bed);
  const send = (channel: string, request: unknown) =>
    bed.dispatch(channel, request, { url: APP_URL });
  if (user) {
    await send('account:save', {
      displayName: user.displayName,
      sipUri: user.sipUri,
      wsServers: ['ws://127.0.0.1:8080'],
      password: 'pw',
    });
  }
  if (token) {
    await send('sync:setToken', { token });
    await until(async () => {
      const role = await send('team:getRole', {});
      return role.ok && role.value !== null;
    });
  }
  const audit = (action: string) =>
    bed.db
      .prepare<[string], { subject: string | null; detail: string }>(
        'SELECT subject, detail FROM audit_log WHERE action = ? ORDER BY id',
      )
      .all(action)
      .map((row) => ({
        subject: row.subject,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
      }));
  const allAudit = () =>
    bed.db.prepare<[], string>("SELECT action || ' ' || detail FROM audit_log").pluck().all();
  return { bed, send, audit, allAudit };
}

/** A lead's app asks the CRM for a grant, as the renderer would. */
async function requestGrant(
  lead: Awaited<ReturnType<typeof app>>,
  agentSipUri: string,
  mode: MonitorMode,
) {
  const result = await lead.send('monitoring:requestGrant', { agentSipUri, mode });
  if (!result.ok) throw new Error(`no grant: ${result.error.code} ${result.error.message}`);
  return (result.value as { grant: string }).grant;
}

/** A grant signed with the CRM's own key, for what the CRM would never issue. */
const craft = (
  over: Partial<GrantClaims> = {},
  key: crypto.KeyObject | string = signingKey.privateKey,
  kid = signingKey.kid,
) => {
  const iat = Math.floor(Date.now() / 1000);
  return signGrant(
    {
      iss: 'reference-crm',
      sub: LEAD.agentId,
      leadName: LEAD.displayName,
      agent: AGENT.sipUri,
      team: 'team-a',
      mode: 'listen',
      iat,
      exp: iat + 60,
      jti: crypto.randomBytes(18).toString('base64url'),
      ...over,
    },
    { kid, privateKey: key },
  );
};

describe('team roles come from the CRM (GET /v1/me)', () => {
  it('a lead is a lead of their team, an agent is an agent; no token: unknown', async () => {
    const lead = await app(LEAD, TOKENS.lead);
    expect(await lead.send('team:getRole', {})).toEqual({
      ok: true,
      value: { role: 'lead', team: 'team-a', leadId: 'lead-7' },
    });
    const agent = await app(AGENT, TOKENS.agent);
    expect(await agent.send('team:getRole', {})).toEqual({
      ok: true,
      value: { role: 'agent', team: 'team-a', leadId: null },
    });
    // Signing out forgets the role with the token.
    await agent.send('account:signOut', { purge: false });
    expect(await agent.send('team:getRole', {})).toEqual({ ok: true, value: null });
    const nobody = await app(AGENT, null);
    expect(await nobody.send('team:getRole', {})).toEqual({ ok: true, value: null });
  });
});

describe("monitoring:authorize on the agent's app", () => {
  it('a grant the CRM issued to the lead for this agent opens a session, audited on both sides', async () => {
    const lead = await app(LEAD, TOKENS.lead);
    const agent = await app(AGENT, TOKENS.agent);
    const grant = await requestGrant(lead, AGENT.sipUri, 'listen');

    const result = await agent.send('monitoring:authorize', {
      grant,
      callId: 'call-1',
      mode: 'listen',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        lead: { id: 'lead-7', displayName: '김팀장' },
        mode: 'listen',
        indicator: true,
      },
    });
    const { sessionId } = (result as { value: { sessionId: string } }).value;
    const jti = crm.issuedGrants().at(-1)!.jti;
    expect(agent.audit('monitoring.started')).toEqual([
      {
        subject: 'call-1',
        detail: {
          sessionId,
          lead: 'lead-7',
          mode: 'listen',
          callId: 'call-1',
          grantId: jti,
          keyId: 'crm-2026-12',
          indicator: true,
        },
      },
    ]);
    expect(lead.audit('monitoring.requested')).toEqual([
      {
        subject: null,
        detail: { agent: AGENT.sipUri, mode: 'listen', outcome: 'issued', grantId: jti },
      },
    ]);
    // The grant is a bearer credential: it is in no audit row, on either side.
    expect(
      [...agent.allAudit(), ...lead.allAudit()].some((row) => row.includes(grant.split('.')[2]!)),
    ).toBe(false);
  });

  it('a mode switch is a new grant for the same lead and call: same session, audited; ended with its duration', async () => {
    const lead = await app(LEAD, TOKENS.lead);
    const agent = await app(AGENT, TOKENS.agent);
    const first = await agent.send('monitoring:authorize', {
      grant: await requestGrant(lead, AGENT.sipUri, 'listen'),
      callId: 'call-2',
      mode: 'listen',
    });
    const { sessionId } = (first as { value: { sessionId: string } }).value;
    const switched = await agent.send('monitoring:authorize', {
      grant: await requestGrant(lead, AGENT.sipUri, 'whisper'),
      callId: 'call-2',
      mode: 'whisper',
    });
    expect(switched).toMatchObject({ ok: true, value: { sessionId, mode: 'whisper' } });
    expect(agent.audit('monitoring.mode_changed')).toEqual([
      {
        subject: 'call-2',
        detail: expect.objectContaining({
          sessionId,
          from: 'listen',
          mode: 'whisper',
          lead: 'lead-7',
        }),
      },
    ]);

    const startedAt = agent.audit('monitoring.started')[0]!;
    expect(startedAt).toBeDefined();
    const endedAt = Date.now() + 1500;
    expect(await agent.send('monitoring:ended', { sessionId, endedAt })).toEqual({
      ok: true,
      value: {},
    });
    const [ended] = agent.audit('monitoring.ended');
    expect(ended).toMatchObject({
      subject: 'call-2',
      detail: { sessionId, lead: 'lead-7', mode: 'whisper', callId: 'call-2', reason: 'ended' },
    });
    expect(ended!.detail['durationMs']).toBeGreaterThanOrEqual(1500);
    expect(ended!.detail['durationMs']).toBeLessThan(10_000);
    expect(await agent.send('monitoring:ended', { sessionId, endedAt })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('the call closing ends its monitoring sessions', async () => {
    const lead = await app(LEAD, TOKENS.lead);
    const agent = await app(AGENT, TOKENS.agent);
    await agent.send('callLog:open', {
      callId: 'call-3',
      direction: 'inbound',
      remote: { uri: 'sip:customer@127.0.0.1', displayName: null },
      startedAt: Date.now(),
    });
    await agent.send('monitoring:authorize', {
      grant: await requestGrant(lead, AGENT.sipUri, 'barge'),
      callId: 'call-3',
      mode: 'barge',
    });
    await agent.send('callLog:close', {
      callId: 'call-3',
      endedAt: Date.now(),
      endReason: 'remote_hangup',
    });
    expect(agent.audit('monitoring.ended')).toEqual([
      {
        subject: 'call-3',
        detail: expect.objectContaining({ mode: 'barge', reason: 'call_closed' }),
      },
    ]);
  });

  describe('refused with MONITOR_REFUSED, the reason audited, the grant never stored', () => {
    const refusedWith = async (
      agent: Awaited<ReturnType<typeof app>>,
      grant: string,
      reason: string,
      lead: string | null,
      mode: MonitorMode = 'listen',
    ) => {
      const before = agent.audit('monitoring.refused').length;
      const started = agent.audit('monitoring.started').length;
      expect(await agent.send('monitoring:authorize', { grant, callId: 'call-9', mode })).toEqual({
        ok: false,
        error: { code: 'MONITOR_REFUSED', message: reason },
      });
      const rows = agent.audit('monitoring.refused');
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toEqual({
        subject: 'call-9',
        detail: { reason, mode, lead, callId: 'call-9' },
      });
      expect(agent.audit('monitoring.started')).toHaveLength(started);
    };

    it('forged: signed with another key under the CRM kid, or not a grant at all', async () => {
      const agent = await app(AGENT, TOKENS.agent);
      const forger = crypto.generateKeyPairSync('ed25519').privateKey;
      await refusedWith(agent, craft({}, forger), 'bad_signature', null);
      await refusedWith(agent, craft({}, forger, 'someone-elses-key'), 'unknown_key', null);
      await refusedWith(agent, 'not.a.grant', 'malformed', null);
      // A real grant with its payload changed (listen -> barge) no longer verifies.
      const lead = await app(LEAD, TOKENS.lead);
      const [h, p, s] = (await requestGrant(lead, AGENT.sipUri, 'listen')).split('.') as [
        string,
        string,
        string,
      ];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as GrantClaims;
      const tampered = Buffer.from(JSON.stringify({ ...payload, mode: 'barge' })).toString(
        'base64url',
      );
      await refusedWith(agent, `${h}.${tampered}.${s}`, 'bad_signature', null, 'barge');
    });

    it('expired, too long-lived, and for another mode', async () => {
      const agent = await app(AGENT, TOKENS.agent);
      const now = Math.floor(Date.now() / 1000);
      await refusedWith(agent, craft({ iat: now - 200, exp: now - 80 }), 'expired', 'lead-7');
      await refusedWith(agent, craft({ iat: now, exp: now + 3600 }), 'too_long_lived', 'lead-7');
      await refusedWith(agent, craft({ mode: 'listen' }), 'mode_mismatch', 'lead-7', 'barge');
    });

    it('replayed: the same grant twice, and again after the store is reopened', async () => {
      const lead = await app(LEAD, TOKENS.lead);
      const agent = await app(AGENT, TOKENS.agent);
      const grant = await requestGrant(lead, AGENT.sipUri, 'listen');
      expect(
        (await agent.send('monitoring:authorize', { grant, callId: 'call-9', mode: 'listen' })).ok,
      ).toBe(true);
      await refusedWith(agent, grant, 'replayed', 'lead-7');

      // A restart: the grant id is in SQLite, not in memory.
      const { profileDir } = agent.bed;
      const jti = crm.issuedGrants().at(-1)!.jti;
      beds.splice(beds.indexOf(agent.bed), 1);
      agent.bed.close();
      const store = openStore(profileDir);
      try {
        expect(isGrantUsed(store.db, jti)).toBe(true);
        const monitoring = createMonitoringService({
          db: store.db,
          policy: () => policy,
          secrets: createFileSecretStore(
            path.join(profileDir, 'secrets'),
            developmentPlaintextCipher,
          ),
          logger: createLogger({ level: 'debug', sinks: [memorySink()] }),
        });
        let thrown: unknown = null;
        try {
          monitoring.handlers['monitoring:authorize'](
            { grant, callId: 'call-9', mode: 'listen' },
            { url: APP_URL },
          );
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(HandlerError);
        expect(thrown).toMatchObject({ code: 'MONITOR_REFUSED', message: 'replayed' });
        const last = store.db
          .prepare<[], { action: string; detail: string }>(
            'SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1',
          )
          .get()!;
        expect(last.action).toBe('monitoring.refused');
        expect(JSON.parse(last.detail)).toMatchObject({ reason: 'replayed', lead: 'lead-7' });
      } finally {
        store.close();
      }
    });

    it("wrong agent: a teammate's grant does not open this agent's calls", async () => {
      const lead = await app(LEAD, TOKENS.lead);
      const agent = await app(AGENT, TOKENS.agent);
      await refusedWith(
        agent,
        await requestGrant(lead, TEAMMATE.sipUri, 'listen'),
        'wrong_agent',
        'lead-7',
      );
    });

    it('out of team: a grant naming another team, and any grant while the team is unknown (fail closed)', async () => {
      const agent = await app(AGENT, TOKENS.agent);
      await refusedWith(agent, craft({ team: 'team-b', sub: 'lead-9' }), 'out_of_team', 'lead-9');
      // No CRM token: the agent's team was never learnt, so nothing is allowed in.
      const unsynced = await app(AGENT, null);
      await refusedWith(unsynced, craft(), 'out_of_team', 'lead-7');
      // The token is someone else's (the CRM says sip:1003): that user's team is not this agent's.
      const mismatched = await app(AGENT, TOKENS.teammate);
      await refusedWith(mismatched, craft(), 'out_of_team', 'lead-7');
    });

    it('no key in the policy: every grant is refused', async () => {
      const agent = await app(
        AGENT,
        TOKENS.agent,
        machinePolicySchema.parse({ version: 1, crm: { baseUrl: crm.url } }),
      );
      await refusedWith(agent, craft(), 'unknown_key', null);
    });
  });
});

describe('the reference CRM issues grants only to a lead, for their own team', () => {
  const post = (token: string, body: unknown) =>
    fetch(`${crm.url}/v1/monitoring/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('a lead gets a grant for a team member, and it verifies in main', async () => {
    const res = await post(TOKENS.lead, { agent: AGENT.sipUri, mode: 'whisper' });
    expect(res.status).toBe(201);
    const { grant } = (await res.json()) as { grant: string };
    const check = verifyGrant(grant, {
      keys: policy.monitoring.publicKeys,
      nowMs: Date.now(),
      agent: AGENT.sipUri,
      team: 'team-a',
      mode: 'whisper',
    });
    expect(check).toMatchObject({
      ok: true,
      claims: {
        sub: 'lead-7',
        leadName: '김팀장',
        agent: AGENT.sipUri,
        team: 'team-a',
        mode: 'whisper',
      },
    });
    const { claims } = check as { claims: GrantClaims };
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(120);
  });

  it('403 for an agent outside the team, for a non-lead token, 401 for an unknown token', async () => {
    expect((await post(TOKENS.lead, { agent: OUTSIDER.sipUri, mode: 'listen' })).status).toBe(403);
    expect((await post(TOKENS.lead, { agent: 'sip:9999@127.0.0.1', mode: 'listen' })).status).toBe(
      403,
    );
    expect((await post(TOKENS.otherLead, { agent: AGENT.sipUri, mode: 'listen' })).status).toBe(
      403,
    );
    expect((await post(TOKENS.agent, { agent: TEAMMATE.sipUri, mode: 'listen' })).status).toBe(403);
    expect((await post('nobody-0123456789', { agent: AGENT.sipUri, mode: 'listen' })).status).toBe(
      401,
    );
    expect((await post(TOKENS.lead, { agent: AGENT.sipUri, mode: 'spy' })).status).toBe(422);
  });

  it("the lead's app: a refusal is MONITOR_REFUSED not_permitted, audited on the lead's side", async () => {
    const lead = await app(LEAD, TOKENS.lead);
    expect(
      await lead.send('monitoring:requestGrant', { agentSipUri: OUTSIDER.sipUri, mode: 'listen' }),
    ).toEqual({ ok: false, error: { code: 'MONITOR_REFUSED', message: 'not_permitted' } });
    const agentApp = await app(AGENT, TOKENS.agent);
    expect(
      await agentApp.send('monitoring:requestGrant', {
        agentSipUri: TEAMMATE.sipUri,
        mode: 'listen',
      }),
    ).toEqual({ ok: false, error: { code: 'MONITOR_REFUSED', message: 'not_permitted' } });
    expect(lead.audit('monitoring.requested')).toEqual([
      {
        subject: null,
        detail: { agent: OUTSIDER.sipUri, mode: 'listen', outcome: 'not_permitted', grantId: null },
      },
    ]);
    const noCrm = await app(LEAD, null, machinePolicySchema.parse({ version: 1 }));
    expect(
      await noCrm.send('monitoring:requestGrant', { agentSipUri: AGENT.sipUri, mode: 'listen' }),
    ).toEqual({ ok: false, error: { code: 'MONITOR_REFUSED', message: 'no_crm' } });
  });
});
