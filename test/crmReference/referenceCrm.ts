import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';

/**
 * A reference CRM for tests and the demo: the write side of the desktop's CRM contract
 * (POST /v1/notes, POST /v1/alerts, POST /v1/notices/{id}/ack, GET /v1/ping) over real HTTP on 127.0.0.1, on its own SQLite file, with the
 * faults a real CRM shows. Every write is idempotent by its Idempotency-Key: the first answer is
 * stored and replayed, so a retried write is applied once.
 */
export type CrmFault =
  | { mode: 'none' }
  | { mode: 'status5xx'; count?: number }
  | { mode: 'dropAfterCommit'; count?: number }
  | { mode: 'malformedJson'; count?: number }
  | { mode: 'schemaViolation'; count?: number }
  | { mode: 'slow'; delayMs: number; count?: number };

export interface ReceivedWrite {
  kind: 'note' | 'alert' | 'notice_ack';
  id: string;
  idempotencyKey: string;
}

export interface ReferenceCrm {
  url: string;
  /** Connection refused from now on (the CRM is down); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  setFault(fault: CrmFault): void;
  /** Writes committed, in commit order (one per idempotency key). */
  received(): ReceivedWrite[];
  /** Requests that reached the server, committed or not. */
  requests(): number;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY, call_id TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS received (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, key TEXT NOT NULL);
`;

export async function startReferenceCrm(options: {
  dbFile: string;
  token: string;
  port?: number;
}): Promise<ReferenceCrm> {
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const db = new Database(options.dbFile);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  let fault: CrmFault = { mode: 'none' };
  let faultsLeft = Infinity;
  let requestCount = 0;

  const takeFault = (): CrmFault => {
    if (fault.mode === 'none' || faultsLeft <= 0) return { mode: 'none' };
    faultsLeft--;
    return fault;
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
        if (seen) return { status: seen.status, body: JSON.parse(seen.body) as unknown };
        const answer = apply();
        db.prepare('INSERT INTO idempotency (key, status, body) VALUES (?, ?, ?)').run(
          key,
          answer.status,
          JSON.stringify(answer.body),
        );
        return answer;
      })
      .immediate();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    requestCount++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['authorization'] !== `Bearer ${options.token}`) {
      send(401, { type: 'about:blank', title: 'unauthorized', status: 401 });
      return;
    }
    const active = takeFault();
    if (active.mode === 'slow') await new Promise((r) => setTimeout(r, active.delayMs));
    if (active.mode === 'status5xx') {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ title: 'unavailable', status: 503 }));
      return;
    }
    if (req.method === 'GET' && req.url === '/v1/ping') {
      send(200, { ok: true });
      return;
    }
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || key.length < 16) {
      send(400, { title: 'a POST with an Idempotency-Key is required', status: 400 });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      send(400, { title: 'body is not JSON', status: 400 });
      return;
    }
    let answer: { status: number; body: unknown };
    if (req.url === '/v1/notes') {
      if (typeof body['id'] !== 'string' || typeof body['body'] !== 'string') {
        send(422, { title: 'id and body are required', status: 422 });
        return;
      }
      answer = write(key, () => {
        db.prepare('INSERT INTO notes (id, body, version) VALUES (?, ?, 1)').run(
          body['id'],
          body['body'],
        );
        db.prepare("INSERT INTO received (kind, id, key) VALUES ('note', ?, ?)").run(
          body['id'],
          key,
        );
        return { status: 201, body: { note: { id: body['id'], version: 1 } } };
      });
    } else if (req.url === '/v1/alerts') {
      answer = write(key, () => {
        const { lastInsertRowid } = db
          .prepare('INSERT INTO alerts (call_id, reason) VALUES (?, ?)')
          .run(String(body['callId']), String(body['reason']));
        db.prepare("INSERT INTO received (kind, id, key) VALUES ('alert', ?, ?)").run(
          String(lastInsertRowid),
          key,
        );
        return { status: 201, body: { alert: { id: String(lastInsertRowid) } } };
      });
    } else if (/^\/v1\/notices\/[^/]+\/ack$/.test(req.url ?? '')) {
      const noticeId = decodeURIComponent((req.url ?? '').split('/')[3] ?? '');
      answer = write(key, () => {
        db.prepare("INSERT INTO received (kind, id, key) VALUES ('notice_ack', ?, ?)").run(
          noticeId,
          key,
        );
        return { status: 200, body: { ok: true } };
      });
    } else {
      send(404, { title: 'not found', status: 404 });
      return;
    }
    if (active.mode === 'dropAfterCommit') {
      // Committed, but the desktop never hears so: it must retry with the same key.
      req.socket.destroy();
      return;
    }
    if (active.mode === 'malformedJson') {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end('{"note": {"id": ');
      return;
    }
    if (active.mode === 'schemaViolation') {
      send(answer.status, { note: { id: 42, version: 'one' } });
      return;
    }
    send(answer.status, answer.body);
  };

  let server: http.Server | null = null;
  let port = options.port ?? 0;
  const start = async () => {
    const s = http.createServer((req, res) => {
      handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await start();

  return {
    url: `http://127.0.0.1:${port}`,
    start,
    stop,
    setFault(next) {
      fault = next;
      faultsLeft = 'count' in next && next.count !== undefined ? next.count : Infinity;
    },
    received: () =>
      (
        db.prepare('SELECT kind, id, key FROM received ORDER BY seq').all() as Array<{
          kind: ReceivedWrite['kind'];
          id: string;
          key: string;
        }>
      ).map((r) => ({ kind: r.kind, id: r.id, idempotencyKey: r.key })),
    requests: () => requestCount,
    async close() {
      await stop();
      db.close();
    },
  };
}
