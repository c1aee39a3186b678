import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from '../../main/db/driver';
import type { z } from 'zod';
import type {
  CrmCustomer,
  CrmInteraction,
  crmDispositionSchema,
  crmIntentSchema,
  crmNoticeSchema,
  crmScriptSchema,
} from '../../main/crm/crmContract';
import { lookupKey } from '../../main/crm/phoneLookup';
import { presenceWriteSchema, type TeamBoardAgent } from '../../main/crm/crmContract';
import {
  grantPublicKeyBase64,
  MAX_GRANT_LIFETIME_S,
  sameSipUri,
  signGrant,
  type MonitorMode,
} from '../../main/monitoring/grant';

/**
 * A reference CRM for tests, the demo and the benchmarks: the desktop's CRM contract
 * (main/crm/openapi.yaml) over real HTTP on 127.0.0.1, on its own SQLite file, with the faults a
 * real CRM shows. Read side: the change feed (cursor paging, scope "customers contacted in the
 * last N days"), customers by phone and id, a customer's interactions. Write side: every write
 * is idempotent by its Idempotency-Key: the first answer is stored and replayed, so a retried
 * write is applied once.
 */
export type CrmFault = (
  | { mode: 'none' }
  | { mode: 'status5xx' }
  | { mode: 'dropAfterCommit' }
  | { mode: 'malformedJson' }
  | { mode: 'schemaViolation' }
  | { mode: 'slow'; delayMs: number }
) & {
  count?: number;
  /** Only requests whose path starts with this (e.g. '/v1/changes'); default every request. */
  path?: string;
};

export type CrmNotice = z.infer<typeof crmNoticeSchema>;
export type CrmIntent = z.infer<typeof crmIntentSchema>;
export type CrmDisposition = z.infer<typeof crmDispositionSchema>;
export type CrmScript = z.infer<typeof crmScriptSchema>;

export interface CrmSeed {
  customers?: Iterable<CrmCustomer>;
  interactions?: Iterable<CrmInteraction>;
  notices?: Iterable<CrmNotice>;
  intents?: Iterable<CrmIntent>;
  dispositions?: Iterable<CrmDisposition>;
  scripts?: Iterable<CrmScript>;
}

export interface ReceivedWrite {
  kind:
    | 'note'
    | 'note_update'
    | 'alert'
    | 'notice_ack'
    | 'disposition'
    | 'callback'
    | 'callback_attempt'
    | 'customer';
  id: string;
  idempotencyKey: string;
}

/** A CRM user: who a token belongs to (GET /v1/me), with the role and team the CRM grants. */
export interface CrmUser {
  agentId: string;
  sipUri: string;
  displayName: string;
  role: 'agent' | 'lead';
  team: string;
}

/** The Ed25519 key the reference CRM signs monitoring grants with. */
export interface GrantSigningKey {
  kid: string;
  /** PKCS#8 PEM. */
  privateKey: string;
}

/** A fresh grant signing key (tests put `grantPublicKeyBase64(privateKey)` in the policy). */
export function generateGrantSigningKey(kid = 'crm-key-1'): GrantSigningKey {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  return { kid, privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

export interface ReferenceCrm {
  url: string;
  /** The public half of the grant signing key, as a machine policy's `monitoring.publicKeys` entry. */
  grantPublicKey: { kid: string; key: string };
  /** Grants issued, in order (jti, lead, agent, mode): what the CRM would keep for its own audit. */
  issuedGrants(): Array<{ jti: string; lead: string; agent: string; mode: MonitorMode }>;
  /**
   * Signs the next grants with `key` (`grantPublicKey` keeps naming the first one): a server whose
   * key the desktops do not trust, i.e. grants that look forged to them.
   */
  signGrantsWith(key: GrantSigningKey): void;
  /** Connection refused from now on (the CRM is down); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  setFault(fault: CrmFault): void;
  /** Loads records (each becomes a change in the feed), in one transaction per 10,000. */
  seed(data: CrmSeed): void;
  /** Removes a customer (the feed then reports the deletion). */
  deleteCustomer(id: string): void;
  /** Someone edits a note in the CRM itself (its version goes up): a conflicting edit. */
  editNote(id: string, body: string): void;
  /** A note as the CRM holds it now. */
  note(id: string): { body: string; version: number } | undefined;
  /** Writes committed, in commit order (one per idempotency key). */
  received(): ReceivedWrite[];
  /** The body of a committed write, as the CRM stored it. */
  receivedBody(kind: ReceivedWrite['kind'], id: string): unknown;
  /** Whose token sent a committed write (their agent id), as a CRM attributes it. */
  authorOf(kind: ReceivedWrite['kind'], id: string): string | null | undefined;
  /** The latest presence each agent published (POST /v1/presence), by agent id. */
  presence(agentId: string): TeamBoardAgent | undefined;
  /** Open team-board streams (GET /v1/team/events). */
  openStreams(): number;
  /** Requests that reached the server, committed or not. */
  requests(): number;
  /** Writes sent again with a key already applied, answered from the first answer. */
  replays(): number;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY, call_id TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS received (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, key TEXT NOT NULL, body TEXT, author TEXT);
CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, last_contact_at INTEGER, doc TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS customer_phones (normalized TEXT NOT NULL, customer_id TEXT NOT NULL, PRIMARY KEY (normalized, customer_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS interactions (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, at INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS interactions_customer ON interactions (customer_id, at DESC, id);
-- The change feed, compacted: one row per record, moved to the end whenever the record changes.
CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, id TEXT NOT NULL,
  customer_id TEXT, data TEXT, UNIQUE (entity, id));
`;

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_PAGE = 1000;
const SEED_BATCH = 10_000;

const cursorOf = (seq: number) => `s${seq}`;
const seqOf = (cursor: string | null): number | null => {
  if (!cursor) return 0;
  const m = /^s(\d{1,15})$/.exec(cursor);
  return m ? Number(m[1]) : null;
};

export async function startReferenceCrm(options: {
  dbFile: string;
  token: string;
  port?: number;
  /** Who `token` belongs to (GET /v1/me); none: /v1/me answers 404 for it. */
  user?: CrmUser;
  /** More signed-in users, each with their own token (leads and agents of several teams). */
  users?: Array<CrmUser & { token: string }>;
  /** Users without a token here: agents a lead may ask to monitor. */
  directory?: CrmUser[];
  /** Signs monitoring grants; default a key made at start. */
  grantKey?: GrantSigningKey;
  /** Lifetime of issued grants in seconds (default 60; the desktop refuses more than 120). */
  grantLifetimeSeconds?: number;
}): Promise<ReferenceCrm> {
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const db = new Database(options.dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  let fault: CrmFault = { mode: 'none' };
  let faultsLeft = Infinity;
  let requestCount = 0;
  let replayCount = 0;
  const firstGrantKey = options.grantKey ?? generateGrantSigningKey();
  let grantKey = firstGrantKey;
  const issued: Array<{ jti: string; lead: string; agent: string; mode: MonitorMode }> = [];
  const usersByToken = new Map<string, CrmUser | null>([[options.token, options.user ?? null]]);
  for (const { token, ...user } of options.users ?? []) usersByToken.set(token, user);
  const everyone = (): CrmUser[] => [
    ...[...usersByToken.values()].filter((u): u is CrmUser => u !== null),
    ...(options.directory ?? []),
  ];

  // ---- Team board (issue #8 item 2): latest presence per agent, and the leads' live feeds. ----
  // Kept in memory, across stop()/start(): a restarted CRM still knows the last event ids.
  const presenceByAgent = new Map<string, TeamBoardAgent>();
  /** Recent events, for Last-Event-ID resume; an older id gets the team's rows again. */
  const boardEvents: Array<{ id: number; team: string; row: TeamBoardAgent }> = [];
  const BOARD_EVENTS_KEPT = 1000;
  let boardEventSeq = 0;
  const streams = new Set<{ team: string; res: http.ServerResponse }>();
  const boardRow = (u: CrmUser): TeamBoardAgent =>
    presenceByAgent.get(u.agentId) ?? {
      agentId: u.agentId,
      displayName: u.displayName,
      sipUri: u.sipUri,
      state: null,
      reason: null,
      since: null,
      recoveryUntil: null,
      callStartedAt: null,
      overdueCallbacks: 0,
      updatedAt: null,
    };
  const teamOf = (lead: CrmUser) =>
    everyone().filter((u) => u.team === lead.team && u.agentId !== lead.agentId);
  const sseEvent = (id: number, row: TeamBoardAgent) =>
    `id: ${id}\nevent: presence\ndata: ${JSON.stringify(row)}\n\n`;
  /** POST /v1/presence: the token's user's state; latest wins by the desktop's own `at`. */
  const acceptPresence = (
    user: CrmUser | null,
    body: unknown,
  ): { status: number; body: unknown } => {
    // No profile for this token: on no team's board. Not a refusal (a 401/403 would hold up
    // every write behind it in the desktop's outbox).
    if (!user) return { status: 200, body: { ok: true } };
    const parsed = presenceWriteSchema.safeParse(body);
    if (!parsed.success) return { status: 422, body: { title: 'not a presence', status: 422 } };
    const p = parsed.data;
    const previous = presenceByAgent.get(user.agentId);
    if (previous?.updatedAt != null && previous.updatedAt > p.at)
      return { status: 200, body: { ok: true } };
    const row: TeamBoardAgent = {
      agentId: user.agentId,
      displayName: user.displayName,
      sipUri: user.sipUri,
      state: p.state,
      reason: p.reason,
      since: p.since,
      recoveryUntil: p.recoveryUntil,
      callStartedAt: p.call?.startedAt ?? null,
      overdueCallbacks: p.overdueCallbacks,
      updatedAt: p.at,
    };
    presenceByAgent.set(user.agentId, row);
    const id = ++boardEventSeq;
    boardEvents.push({ id, team: user.team, row });
    if (boardEvents.length > BOARD_EVENTS_KEPT) boardEvents.shift();
    for (const stream of streams)
      if (stream.team === user.team) stream.res.write(sseEvent(id, row));
    return { status: 200, body: { ok: true } };
  };
  /** GET /v1/team/events: the lead's team, live, as Server-Sent Events. */
  const openStream = (req: http.IncomingMessage, res: http.ServerResponse, lead: CrmUser) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const header = req.headers['last-event-id'];
    const after = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : null;
    if (after !== null) {
      const oldest = boardEvents[0]?.id ?? boardEventSeq + 1;
      if (after + 1 >= oldest || after >= boardEventSeq) {
        for (const e of boardEvents)
          if (e.id > after && e.team === lead.team) res.write(sseEvent(e.id, e.row));
      } else {
        // Too far behind for the buffer: the whole team again, under the newest id.
        for (const u of teamOf(lead)) res.write(sseEvent(boardEventSeq, boardRow(u)));
      }
    }
    res.write(': open\n\n');
    const stream = { team: lead.team, res };
    streams.add(stream);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    res.on('close', () => {
      clearInterval(keepAlive);
      streams.delete(stream);
    });
  };

  /**
   * POST /v1/monitoring/grants: only a lead, only for an agent of the lead's own team, only one
   * of the three modes. Not an idempotent write: every request issues a new grant (new jti).
   */
  const issueGrant = (
    user: CrmUser | null,
    body: Record<string, unknown>,
  ): { status: number; body: unknown } => {
    const agentUri = typeof body['agent'] === 'string' ? body['agent'] : null;
    const mode = body['mode'];
    if (!agentUri || (mode !== 'listen' && mode !== 'whisper' && mode !== 'barge'))
      return { status: 422, body: { title: 'agent and mode are required', status: 422 } };
    if (!user || user.role !== 'lead')
      return { status: 403, body: { title: 'only a team lead may monitor', status: 403 } };
    const agent = everyone().find((u) => sameSipUri(u.sipUri, agentUri));
    if (!agent || agent.team !== user.team || sameSipUri(agent.sipUri, user.sipUri))
      return { status: 403, body: { title: "not an agent of the lead's team", status: 403 } };
    const iat = Math.floor(Date.now() / 1000);
    const jti = crypto.randomBytes(18).toString('base64url');
    const grant = signGrant(
      {
        iss: 'reference-crm',
        sub: user.agentId,
        leadName: user.displayName,
        agent: agent.sipUri,
        team: user.team,
        mode,
        iat,
        exp: iat + Math.min(options.grantLifetimeSeconds ?? 60, MAX_GRANT_LIFETIME_S),
        jti,
      },
      grantKey,
    );
    issued.push({ jti, lead: user.agentId, agent: agent.sipUri, mode });
    return { status: 201, body: { grant } };
  };

  const takeFault = (url: string): CrmFault => {
    if (fault.mode === 'none' || faultsLeft <= 0) return { mode: 'none' };
    if (fault.path && !url.startsWith(fault.path)) return { mode: 'none' };
    faultsLeft--;
    return fault;
  };

  const s = {
    change: db.prepare<[string, string, string | null, string | null]>(
      'INSERT OR REPLACE INTO changes (entity, id, customer_id, data) VALUES (?, ?, ?, ?)',
    ),
    customer: db.prepare<[string, number | null, string]>(
      'INSERT OR REPLACE INTO customers (id, last_contact_at, doc) VALUES (?, ?, ?)',
    ),
    phone: db.prepare<[string, string]>(
      'INSERT OR IGNORE INTO customer_phones (normalized, customer_id) VALUES (?, ?)',
    ),
    interaction: db.prepare<[string, string, number, string]>(
      'INSERT OR REPLACE INTO interactions (id, customer_id, at, doc) VALUES (?, ?, ?, ?)',
    ),
    feed: db.prepare<
      { after: number; limit: number; all: number; cutoff: number },
      { seq: number; entity: string; id: string; data: string | null }
    >(
      `SELECT seq, entity, id, data FROM changes AS c
       WHERE seq > @after
         AND (@all OR c.customer_id IS NULL
              OR EXISTS (SELECT 1 FROM customers k WHERE k.id = c.customer_id AND k.last_contact_at >= @cutoff))
       ORDER BY seq LIMIT @limit`,
    ),
    maxSeq: db.prepare<[], number | null>('SELECT max(seq) FROM changes').pluck(),
    byPhone: db
      .prepare<[string], string>(
        `SELECT c.doc FROM customer_phones p JOIN customers c ON c.id = p.customer_id
         WHERE p.normalized = ? LIMIT 10`,
      )
      .pluck(),
    byId: db.prepare<[string], string>('SELECT doc FROM customers WHERE id = ?').pluck(),
    history: db
      .prepare<[string, number, number], string>(
        'SELECT doc FROM interactions WHERE customer_id = ? ORDER BY at DESC, id LIMIT ? OFFSET ?',
      )
      .pluck(),
  };

  const putCustomer = (customer: CrmCustomer) => {
    s.customer.run(customer.id, customer.lastContactAt, JSON.stringify(customer));
    // Tests seed records that break the contract on purpose; the CRM stores them as they are.
    for (const phone of Array.isArray(customer.phones) ? customer.phones : []) {
      const key = lookupKey(String(phone.number));
      if (key) s.phone.run(key, customer.id);
    }
    s.change.run('customer', customer.id, customer.id, JSON.stringify(customer));
  };
  const putInteraction = (interaction: CrmInteraction) => {
    s.interaction.run(
      interaction.id,
      interaction.customerId,
      interaction.at,
      JSON.stringify(interaction),
    );
    s.change.run(
      'interaction',
      interaction.id,
      interaction.customerId,
      JSON.stringify(interaction),
    );
  };
  const putReference = (entity: string, id: string, data: unknown) =>
    s.change.run(entity, id, null, JSON.stringify(data));

  const seedBatched = <T>(items: Iterable<T> | undefined, put: (item: T) => void) => {
    if (!items) return;
    let batch: T[] = [];
    const flush = db.transaction((list: T[]) => list.forEach(put));
    for (const item of items) {
      batch.push(item);
      if (batch.length >= SEED_BATCH) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
  };

  /** Applies a write once per key; returns the stored answer. */
  const write = (key: string, apply: () => { status: number; body: unknown }) =>
    db
      .transaction(() => {
        const seen = db
          .prepare<[string], { status: number; body: string }>(
            'SELECT status, body FROM idempotency WHERE key = ?',
          )
          .get(key);
        if (seen) {
          replayCount++;
          return { status: seen.status, body: JSON.parse(seen.body) as unknown };
        }
        const answer = apply();
        // Only what was applied is remembered: a refused write (409, 4xx) may be sent again.
        if (answer.status < 300) {
          db.prepare('INSERT INTO idempotency (key, status, body) VALUES (?, ?, ?)').run(
            key,
            answer.status,
            JSON.stringify(answer.body),
          );
        }
        return answer;
      })
      .immediate();
  /** The user whose token sent the write being handled (writes are handled synchronously). */
  let authorOfWrite: string | null = null;
  const record = (kind: ReceivedWrite['kind'], id: string, key: string, body: unknown) =>
    db
      .prepare('INSERT INTO received (kind, id, key, body, author) VALUES (?, ?, ?, ?, ?)')
      .run(kind, id, key, JSON.stringify(body), authorOfWrite);

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const problem = (res: http.ServerResponse, status: number, title: string) =>
    send(res, status, { type: 'about:blank', title, status });

  /** GET requests: the read side. Returns null for an unknown path. */
  const read = (url: URL, user: CrmUser | null): { status: number; body: unknown } | null => {
    if (url.pathname === '/v1/ping') return { status: 200, body: { ok: true } };
    if (url.pathname === '/v1/me') {
      return user
        ? { status: 200, body: { ...user } }
        : { status: 404, body: { title: 'no profile for this token', status: 404 } };
    }
    if (url.pathname === '/v1/team/board') {
      if (!user || user.role !== 'lead')
        return { status: 403, body: { title: 'only a team lead sees the board', status: 403 } };
      return {
        status: 200,
        body: {
          team: user.team,
          agents: teamOf(user).map(boardRow),
          lastEventId: String(boardEventSeq),
        },
      };
    }
    if (url.pathname === '/v1/changes') {
      const after = seqOf(url.searchParams.get('cursor'));
      const limit = Number(url.searchParams.get('limit') ?? '500');
      const scope = url.searchParams.get('scope') ?? 'all';
      const days = Number(url.searchParams.get('days') ?? '0');
      if (after === null) return { status: 400, body: { title: 'bad cursor', status: 400 } };
      if (
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > MAX_PAGE ||
        !['all', 'recent'].includes(scope)
      )
        return { status: 400, body: { title: 'bad limit or scope', status: 400 } };
      const rows = s.feed.all({
        after,
        limit,
        all: scope === 'all' ? 1 : 0,
        cutoff: Date.now() - days * DAY_MS,
      });
      const last = rows.at(-1)?.seq ?? Math.max(after, s.maxSeq.get() ?? 0);
      return {
        status: 200,
        body: {
          changes: rows.map((r) => ({
            entity: r.entity,
            id: r.id,
            data: r.data === null ? null : (JSON.parse(r.data) as unknown),
          })),
          nextCursor: cursorOf(last),
          hasMore: rows.length === limit,
        },
      };
    }
    if (url.pathname === '/v1/customers') {
      const key = lookupKey(url.searchParams.get('phone') ?? '');
      const docs = key ? s.byPhone.all(key) : [];
      return { status: 200, body: { customers: docs.map((d) => JSON.parse(d) as unknown) } };
    }
    const history = /^\/v1\/customers\/([^/]+)\/interactions$/.exec(url.pathname);
    if (history) {
      const offset = seqOf(url.searchParams.get('cursor'));
      const limit = Math.min(Number(url.searchParams.get('limit') ?? '20') || 20, 100);
      if (offset === null) return { status: 400, body: { title: 'bad cursor', status: 400 } };
      const docs = s.history.all(decodeURIComponent(history[1]!), limit, offset);
      return {
        status: 200,
        body: {
          interactions: docs.map((d) => JSON.parse(d) as unknown),
          nextCursor: docs.length === limit ? cursorOf(offset + limit) : null,
        },
      };
    }
    const one = /^\/v1\/customers\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const doc = s.byId.get(decodeURIComponent(one[1]!));
      return doc
        ? { status: 200, body: { customer: JSON.parse(doc) as unknown } }
        : { status: 404, body: { title: 'no such customer', status: 404 } };
    }
    return null;
  };

  /** POST requests: the write side, applied once per Idempotency-Key. */
  const writeRoute = (
    method: string,
    pathname: string,
    key: string,
    body: Record<string, unknown>,
    ifMatch: string | undefined,
  ): { status: number; body: unknown } | null => {
    const str = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : null);
    if (pathname === '/v1/notes') {
      if (!str('id') || str('body') === null)
        return { status: 422, body: { title: 'id and body are required', status: 422 } };
      return write(key, () => {
        db.prepare('INSERT INTO notes (id, body, version) VALUES (?, ?, 1)').run(
          str('id'),
          str('body'),
        );
        record('note', str('id')!, key, body);
        return { status: 201, body: { note: { id: str('id'), version: 1 } } };
      });
    }
    if (pathname === '/v1/alerts') {
      return write(key, () => {
        const { lastInsertRowid } = db
          .prepare('INSERT INTO alerts (call_id, reason) VALUES (?, ?)')
          .run(String(body['callId']), String(body['reason']));
        record('alert', String(lastInsertRowid), key, body);
        return { status: 201, body: { alert: { id: String(lastInsertRowid) } } };
      });
    }
    const noteEdit = /^\/v1\/notes\/([^/]+)$/.exec(pathname);
    if (noteEdit && method === 'PUT') {
      const id = decodeURIComponent(noteEdit[1]!);
      const current = db
        .prepare<[string], { body: string; version: number }>(
          'SELECT body, version FROM notes WHERE id = ?',
        )
        .get(id);
      if (!current) return { status: 404, body: { title: 'no such note', status: 404 } };
      if (ifMatch === undefined)
        return { status: 428, body: { title: 'If-Match is required', status: 428 } };
      return write(key, () => {
        if (ifMatch !== `"${current.version}"`) {
          return {
            status: 409,
            body: { note: { id, version: current.version, body: current.body, intentCode: null } },
          };
        }
        db.prepare('UPDATE notes SET body = ?, version = version + 1 WHERE id = ?').run(
          String(body['body']),
          id,
        );
        record('note_update', id, key, body);
        return { status: 200, body: { note: { id, version: current.version + 1 } } };
      });
    }
    const ack = /^\/v1\/notices\/([^/]+)\/ack$/.exec(pathname);
    if (ack) {
      return write(key, () => {
        record('notice_ack', decodeURIComponent(ack[1]!), key, body);
        return { status: 200, body: { ok: true } };
      });
    }
    if (pathname === '/v1/dispositions') {
      if (!str('callId') || !str('code'))
        return { status: 422, body: { title: 'callId and code are required', status: 422 } };
      return write(key, () => {
        record('disposition', str('callId')!, key, body);
        return { status: 201, body: { ok: true } };
      });
    }
    if (pathname === '/v1/callbacks') {
      if (!str('id')) return { status: 422, body: { title: 'id is required', status: 422 } };
      return write(key, () => {
        record('callback', str('id')!, key, body);
        return { status: 201, body: { ok: true } };
      });
    }
    const attempt = /^\/v1\/callbacks\/([^/]+)\/attempts$/.exec(pathname);
    if (attempt) {
      return write(key, () => {
        record('callback_attempt', decodeURIComponent(attempt[1]!), key, body);
        return { status: 201, body: { ok: true } };
      });
    }
    if (pathname === '/v1/customers') {
      if (!str('id') || !str('name'))
        return { status: 422, body: { title: 'id and name are required', status: 422 } };
      return write(key, () => {
        record('customer', str('id')!, key, body);
        return { status: 201, body: { ok: true } };
      });
    }
    return null;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    requestCount++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bearer = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1];
    if (bearer === undefined || !usersByToken.has(bearer)) {
      problem(res, 401, 'unauthorized');
      return;
    }
    const user = usersByToken.get(bearer) ?? null;
    const url = new URL(req.url ?? '/', 'http://crm.invalid');
    const active = takeFault(url.pathname);
    if (active.mode === 'slow') await new Promise((r) => setTimeout(r, active.delayMs));
    if (active.mode === 'status5xx') {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ title: 'unavailable', status: 503 }));
      return;
    }
    let answer: { status: number; body: unknown } | null;
    if (req.method === 'GET' && url.pathname === '/v1/team/events') {
      if (!user || user.role !== 'lead') {
        problem(res, 403, 'only a team lead sees the board');
        return;
      }
      openStream(req, res, user);
      return;
    }
    if (req.method === 'GET') {
      answer = read(url, user);
    } else if (req.method === 'POST' && url.pathname === '/v1/monitoring/grants') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        problem(res, 400, 'body is not JSON');
        return;
      }
      answer = issueGrant(user, body ?? {});
    } else {
      const key = req.headers['idempotency-key'];
      if (
        !['POST', 'PUT'].includes(req.method ?? '') ||
        typeof key !== 'string' ||
        key.length < 16
      ) {
        problem(res, 400, 'a POST or PUT with an Idempotency-Key is required');
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        problem(res, 400, 'body is not JSON');
        return;
      }
      const ifMatch = req.headers['if-match'];
      if (req.method === 'POST' && url.pathname === '/v1/presence') {
        // Latest wins by the payload's own time: a replay changes nothing, no key to keep.
        answer = acceptPresence(user, body);
      } else {
        authorOfWrite = user?.agentId ?? null;
        answer = writeRoute(req.method!, url.pathname, key, body, ifMatch);
      }
    }
    if (!answer) {
      problem(res, 404, 'not found');
      return;
    }
    if (active.mode === 'dropAfterCommit') {
      // Committed, but the desktop never hears so: it must retry with the same key.
      req.socket.destroy();
      return;
    }
    if (active.mode === 'malformedJson') {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body).slice(0, -1));
      return;
    }
    if (active.mode === 'schemaViolation') {
      // Valid JSON of the wrong shape: a number where the contract says string, in every object.
      send(res, answer.status, breakContract(answer.body));
      return;
    }
    send(res, answer.status, answer.body);
  };

  let server: http.Server | null = null;
  let port = options.port ?? 0;
  const start = async () => {
    const srv = http.createServer((req, res) => {
      handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
    port = (srv.address() as AddressInfo).port;
    server = srv;
  };
  const stop = async () => {
    const srv = server;
    server = null;
    if (!srv) return;
    srv.closeAllConnections();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  };
  await start();

  return {
    url: `http://127.0.0.1:${port}`,
    grantPublicKey: {
      kid: firstGrantKey.kid,
      key: grantPublicKeyBase64(firstGrantKey.privateKey),
    },
    signGrantsWith(key) {
      grantKey = key;
    },
    issuedGrants: () => [...issued],
    start,
    stop,
    setFault(next) {
      fault = next;
      faultsLeft = next.count ?? Infinity;
    },
    seed(data) {
      seedBatched(data.customers, putCustomer);
      seedBatched(data.interactions, putInteraction);
      seedBatched(data.notices, (n) => putReference('notice', n.id, n));
      seedBatched(data.intents, (i) => putReference('intent', i.code, i));
      seedBatched(data.dispositions, (d) => putReference('disposition', d.code, d));
      seedBatched(data.scripts, (sc) => putReference('script', sc.id, sc));
    },
    deleteCustomer(id) {
      db.transaction(() => {
        db.prepare('DELETE FROM customers WHERE id = ?').run(id);
        db.prepare('DELETE FROM customer_phones WHERE customer_id = ?').run(id);
        db.prepare('DELETE FROM interactions WHERE customer_id = ?').run(id);
        s.change.run('customer', id, null, null);
      })();
    },
    editNote(id, body) {
      db.prepare('UPDATE notes SET body = ?, version = version + 1 WHERE id = ?').run(body, id);
    },
    note: (id) =>
      db
        .prepare<[string], { body: string; version: number }>(
          'SELECT body, version FROM notes WHERE id = ?',
        )
        .get(id),
    received: () =>
      (
        db.prepare('SELECT kind, id, key FROM received ORDER BY seq').all() as Array<{
          kind: ReceivedWrite['kind'];
          id: string;
          key: string;
        }>
      ).map((r) => ({ kind: r.kind, id: r.id, idempotencyKey: r.key })),
    authorOf: (kind, id) =>
      db
        .prepare<[string, string], string | null>(
          'SELECT author FROM received WHERE kind = ? AND id = ?',
        )
        .pluck()
        .get(kind, id),
    receivedBody(kind, id) {
      const row = db
        .prepare<[string, string], string>('SELECT body FROM received WHERE kind = ? AND id = ?')
        .pluck()
        .get(kind, id);
      return row === undefined ? undefined : (JSON.parse(row) as unknown);
    },
    presence: (agentId) => presenceByAgent.get(agentId),
    openStreams: () => streams.size,
    requests: () => requestCount,
    replays: () => replayCount,
    async close() {
      await stop();
      db.close();
    },
  };
}

/** Replaces every string in a body by a number: JSON, but not what the contract promises. */
function breakContract(body: unknown): unknown {
  if (typeof body === 'string') return 42;
  if (Array.isArray(body)) return body.map(breakContract);
  if (body && typeof body === 'object')
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, breakContract(v)]));
  return body;
}
