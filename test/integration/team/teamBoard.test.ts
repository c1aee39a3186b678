import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TeamBoard } from '../../../preload/contract';
import { insertCallback } from '../../../main/db/repositories/callbacks';
import { countOutbox } from '../../../main/db/repositories/outbox';
import { createLogger, memorySink } from '../../../main/logging/logger';
import { machinePolicySchema, type MachinePolicy } from '../../../main/policy/machinePolicy';
import { createTeamBoardService, type TeamBoardService } from '../../../main/team/teamBoard';
import { startReferenceCrm, type ReferenceCrm } from '../../crmReference/referenceCrm';
import { AGENT, LEAD, OUTSIDER, TEAMMATE, TOKENS } from '../../crmReference/teamUsers';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

let crm: ReferenceCrm;
let policy: MachinePolicy;
const beds: Array<ReturnType<typeof createIpcTestbed>> = [];
const boards: TeamBoardService[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-board-crm-'));
  crm = await startReferenceCrm({
    dbFile: path.join(dir, 'crm.sqlite'),
    token: TOKENS.agent,
    user: AGENT,
    users: [
      { ...LEAD, token: TOKENS.lead },
      { ...OUTSIDER, token: TOKENS.outsider },
      { ...TEAMMATE, token: TOKENS.teammate },
    ],
  });
  policy = machinePolicySchema.parse({
    version: 1,
    crm: { baseUrl: crm.url, syncIntervalSeconds: 1 },
  });
});
afterAll(() => crm?.close());
afterEach(() => {
  for (const board of boards.splice(0)) board.stop();
  for (const bed of beds.splice(0)) bed.close();
});

async function until(condition: () => Promise<boolean> | boolean, what = 'condition') {
  const end = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`${what} not met`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An app (real handlers and sync over its own SQLite) not yet signed in to the CRM. */
function unsignedApp() {
  const bed = createIpcTestbed(SHIPPED_NOTICES, policy);
  beds.push(bed);
  const send = (channel: string, request: unknown) =>
    bed.dispatch(channel, request, { url: APP_URL });
  return { bed, send };
}

/** An app signed in to the CRM with `token`, synced until it knows its role. */
async function app(token: string) {
  const signed = unsignedApp();
  await signed.send('sync:setToken', { token });
  await until(async () => {
    const role = await signed.send('team:getRole', {});
    return role.ok && role.value !== null;
  }, 'role known');
  return signed;
}

/**
 * A board service over the app's store, as services.ts wires it (following 'team:role' on the
 * app's event hub), recording every push.
 */
function boardFor(bed: ReturnType<typeof createIpcTestbed>, token: string) {
  const pushed: TeamBoard[] = [];
  bed.events.subscribe((event, payload) => {
    if (event === 'team:board') pushed.push(payload as TeamBoard);
  });
  const service = createTeamBoardService({
    db: bed.db,
    crm: () => policy.crm,
    token: () => token,
    events: bed.events,
    logger: createLogger({ level: 'debug', sinks: [memorySink()] }),
    backoffBaseMs: 20,
  });
  bed.events.subscribe((event) => {
    if (event === 'team:role') service.reconcile();
  });
  boards.push(service);
  const row = (agentId: string) => service.current().rows.find((r) => r.agentId === agentId);
  return { service, pushed, row };
}

describe('team board: agents publish through the outbox, the lead follows over SSE (real SQLite, real HTTP)', () => {
  it("shows the agent's state changes and the rest after an abusive call, only for the lead's team", async () => {
    const agent = await app(TOKENS.agent);
    const outsider = await app(TOKENS.outsider);
    const lead = await app(TOKENS.lead);
    const board = boardFor(lead.bed, TOKENS.lead);
    await until(() => board.service.current().live, 'feed live');
    expect(board.service.current().team).toBe('team-a');

    expect((await agent.send('agentState:set', { state: 'notReady', reason: 'meal' })).ok).toBe(
      true,
    );
    await until(
      () =>
        board.pushed.some((b) =>
          b.rows.some((r) => r.agentId === AGENT.agentId && r.reason === 'meal'),
        ),
      'meal on the board',
    );
    expect(board.row(AGENT.agentId)).toMatchObject({
      displayName: AGENT.displayName,
      sipUri: AGENT.sipUri,
      state: 'notReady',
      recoveryUntil: null,
      callStartedAt: null,
    });

    // A call starts: the board shows since when (and nothing about the caller).
    const opened = await agent.send('callLog:open', {
      callId: 'c1',
      direction: 'inbound',
      remote: { uri: 'sip:01012345678@pbx', displayName: null },
      startedAt: 1_700_000_000_000,
    });
    expect(opened.ok).toBe(true);
    await until(() => board.row(AGENT.agentId)?.callStartedAt === 1_700_000_000_000, 'call');
    expect(JSON.stringify(crm.presence(AGENT.agentId))).not.toContain('01012345678');

    // The protection flow ends the abusive call: the agent rests, and the lead sees the countdown.
    for (const step of ['warning1', 'warning2', 'terminate']) {
      const result = await agent.send('protection:recordStep', {
        callId: 'c1',
        step,
        language: 'ko',
        startedAt: 10,
        endedAt: 20,
      });
      expect(result.ok, step).toBe(true);
    }
    await until(() => board.row(AGENT.agentId)?.state === 'recovery', 'recovery');
    const resting = board.pushed.at(-1)!.rows.find((r) => r.agentId === AGENT.agentId)!;
    expect(resting.recoveryUntil).toBeGreaterThan(Date.now());

    // The other team's agent publishes too, but never reaches this lead.
    await outsider.send('agentState:set', { state: 'notReady', reason: 'training' });
    await until(() => crm.presence(OUTSIDER.agentId)?.reason === 'training', 'outsider published');
    expect(board.pushed.flatMap((b) => b.rows).some((r) => r.agentId === OUTSIDER.agentId)).toBe(
      false,
    );
    const ids = board.service.current().rows.map((r) => r.agentId);
    expect(ids).toContain(AGENT.agentId);
    expect(ids).not.toContain(OUTSIDER.agentId);
  });

  it('refuses the board and the feed to a non-lead (403), and an agent app runs no board', async () => {
    for (const p of ['/v1/team/board', '/v1/team/events']) {
      const res = await fetch(`${crm.url}${p}`, {
        headers: { authorization: `Bearer ${TOKENS.agent}` },
      });
      expect(res.status, p).toBe(403);
      await res.body?.cancel();
    }
    const agent = await app(TOKENS.agent);
    const board = boardFor(agent.bed, TOKENS.agent);
    board.service.reconcile();
    expect(board.service.current()).toEqual({ team: null, live: false, rows: [] });
    expect(board.pushed).toEqual([]);
  });

  it('resumes after the CRM restarts, with the changes made meanwhile', async () => {
    const agent = await app(TOKENS.agent);
    const lead = await app(TOKENS.lead);
    const board = boardFor(lead.bed, TOKENS.lead);
    await until(() => board.service.current().live, 'feed live');

    await crm.stop();
    await until(() => !board.service.current().live, 'feed down');
    // A burst of changes while the CRM is away leaves one presence in the outbox: the newest.
    for (const reason of ['meal', 'training', 'coaching']) {
      await agent.send('agentState:set', { state: 'notReady', reason });
    }
    expect(countOutbox(agent.bed.db, 'agent_presence')).toBe(1);
    await crm.start();
    await until(() => board.service.current().live, 'feed back');
    await until(() => board.row(AGENT.agentId)?.reason === 'coaching', 'coaching after restart');
    expect(board.pushed.some((b) => b.rows.some((r) => r.reason === 'training'))).toBe(false);

    await agent.send('agentState:set', { state: 'notReady', reason: 'admin' });
    await until(() => board.row(AGENT.agentId)?.reason === 'admin', 'admin after restart');
  });

  it('follows what the CRM says of each user: a board from the moment the role is known, gone at sign-out', async () => {
    // The lead's board exists before the app knows who signed in: it shows nothing yet.
    const lead = unsignedApp();
    const board = boardFor(lead.bed, TOKENS.lead);
    expect(board.service.current()).toEqual({ team: null, live: false, rows: [] });
    await lead.send('sync:setToken', { token: TOKENS.lead });
    // GET /v1/me answers: 'team:role' starts the feed (nothing polls for the role).
    await until(() => board.service.current().live, 'feed live after the role is known');
    expect(lead.bed.pushed).toContain('team:role');

    // A teammate's app, new today: its presence goes out once the CRM says who they are,
    // without waiting for a state change.
    const teammate = unsignedApp();
    // (The CRM lists every member of the team; one who never published has no state.)
    expect(board.row(TEAMMATE.agentId)?.state ?? null).toBeNull();
    await teammate.send('sync:setToken', { token: TOKENS.teammate });
    await until(() => board.row(TEAMMATE.agentId)?.state != null, "the teammate's first presence");
    expect(board.row(TEAMMATE.agentId)).toMatchObject({ state: 'notReady', reason: 'login' });
    expect(teammate.bed.calls.get('agentState:set')).toBeUndefined();

    // The lead signs out: the role goes with the token, and so does the board.
    expect((await lead.send('account:signOut', { purge: false })).ok).toBe(true);
    await until(() => board.service.current().team === null, 'board gone');
    expect(board.service.current()).toEqual({ team: null, live: false, rows: [] });
  });

  it('counts a callback as overdue when its deadline passes, with nothing else happening', async () => {
    const agent = await app(TOKENS.agent);
    const lead = await app(TOKENS.lead);
    const board = boardFor(lead.bed, TOKENS.lead);
    await until(() => board.service.current().live, 'feed live');

    // A callback due shortly (written as the CRM cache would hold it), then one state change.
    const dueBy = Date.now() + 1500;
    const callback = insertCallback(
      agent.bed.db,
      {
        customerId: null,
        number: '010-1234-5678',
        reason: '해지 방어',
        dueBy,
        customerHours: null,
        scheduledAt: dueBy - 1000,
      },
      Date.now(),
    );
    await agent.send('agentState:set', { state: 'notReady', reason: 'admin' });
    await until(() => board.row(AGENT.agentId)?.reason === 'admin', 'admin');
    expect(board.row(AGENT.agentId)!.overdueCallbacks).toBe(0);

    // The deadline passes: the agent's app publishes again by itself.
    await until(() => board.row(AGENT.agentId)?.overdueCallbacks === 1, 'overdue counted');
    expect(Date.now()).toBeGreaterThan(dueBy);
    expect(board.row(AGENT.agentId)!.reason).toBe('admin');

    // Reaching the customer closes the callback: the board's count drops at once.
    const done = await agent.send('callbacks:recordAttempt', {
      id: callback.id,
      outcome: 'reached',
    });
    expect(done.ok).toBe(true);
    await until(() => board.row(AGENT.agentId)?.overdueCallbacks === 0, 'overdue cleared');
    expect(JSON.stringify(crm.presence(AGENT.agentId))).not.toContain('1234');
  });

  it('never lets an older report win, and replays from a Last-Event-ID', async () => {
    const agent = await app(TOKENS.agent);
    const lead = await app(TOKENS.lead);
    const board = boardFor(lead.bed, TOKENS.lead);
    await until(() => board.service.current().live, 'feed live');
    await agent.send('agentState:set', { state: 'notReady', reason: 'admin' });
    await until(() => board.row(AGENT.agentId)?.reason === 'admin', 'admin');
    const newest = board.row(AGENT.agentId)!.updatedAt!;

    // A late report with an older time (a desktop whose queued write went out late).
    const late = await fetch(`${crm.url}/v1/presence`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKENS.agent}`,
        'content-type': 'application/json',
        'idempotency-key': 'late-presence-0123456789',
      },
      body: JSON.stringify({
        state: 'ready',
        reason: null,
        since: newest - 5000,
        recoveryUntil: null,
        call: null,
        overdueCallbacks: 0,
        at: newest - 1000,
      }),
    });
    expect(late.status).toBe(200);
    await agent.send('agentState:set', { state: 'notReady', reason: 'meeting' });
    await until(() => board.row(AGENT.agentId)?.reason === 'meeting', 'meeting');
    expect(board.pushed.some((b) => b.rows.some((r) => r.state === 'ready'))).toBe(false);

    // A stream resumed from an old id first replays the team's events after it.
    const resumed = await fetch(`${crm.url}/v1/team/events`, {
      headers: { authorization: `Bearer ${TOKENS.lead}`, 'last-event-id': '0' },
    });
    const reader = resumed.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(first).toMatch(/^id: \d+\nevent: presence\ndata: .*"agentId":"agent-1001"/);
  });
});
