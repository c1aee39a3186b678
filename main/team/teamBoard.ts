import type { Database } from 'better-sqlite3';
import type { TeamBoard, TeamBoardRow } from '../../preload/contract';
import { cachedCrmIdentity } from '../crm/crmIdentity';
import {
  teamBoardAgentSchema,
  teamBoardSnapshotSchema,
  type TeamBoardAgent,
} from '../crm/crmContract';
import type { EventHub } from '../ipc/events';
import type { Logger } from '../logging/logger';
import type { MachinePolicy } from '../policy/machinePolicy';

export interface TeamBoardService {
  /** The board now (empty, team null, for a user who is not a lead). */
  current(): TeamBoard;
  /**
   * Role, token or CRM may have changed ('team:role', a policy change): start, stop or restart
   * the feed to match.
   */
  reconcile(): void;
  stop(): void;
}

const EMPTY: TeamBoard = { team: null, live: false, rows: [] };
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
const SNAPSHOT_TIMEOUT_MS = 10_000;

class FeedRefused extends Error {}

const rowOf = (agent: TeamBoardAgent): TeamBoardRow => ({
  agentId: agent.agentId,
  displayName: agent.displayName,
  sipUri: agent.sipUri,
  state: agent.state,
  reason: agent.reason,
  since: agent.since,
  recoveryUntil: agent.recoveryUntil,
  callStartedAt: agent.callStartedAt,
  overdueCallbacks: agent.overdueCallbacks,
  updatedAt: agent.updatedAt,
});

/**
 * A newer report replaces an older one; an older one arriving late (a resumed stream, a slow
 * desktop) never overwrites what is newer. Judged only by the row's own timestamp.
 */
export function mergeRow(rows: readonly TeamBoardRow[], incoming: TeamBoardRow): TeamBoardRow[] {
  const index = rows.findIndex((r) => r.agentId === incoming.agentId);
  if (index < 0) return [...rows, incoming];
  const existing = rows[index]!;
  if (
    existing.updatedAt !== null &&
    (incoming.updatedAt === null || incoming.updatedAt < existing.updatedAt)
  )
    return [...rows];
  return rows.map((r, i) => (i === index ? incoming : r));
}

/** Splits a Server-Sent Events text into complete events; returns them and the unfinished rest. */
export function parseSse(buffer: string): {
  events: Array<{ id: string | null; event: string; data: string }>;
  rest: string;
} {
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = blocks.flatMap((block) => {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return data.length > 0 || id !== null ? [{ id, event, data: data.join('\n') }] : [];
  });
  return { events, rest };
}

/**
 * The team lead's board (issue #8 item 2). While the CRM says this user is a lead (GET /v1/me,
 * cached by the sync) and a CRM is configured, fetches the team's snapshot, then follows the
 * CRM's live feed (Server-Sent Events), resuming with Last-Event-ID after a drop and retrying
 * with backoff while the CRM is away. Pushes the whole board ('team:board') on every change:
 * one team is small. Not Electron-bound: node's fetch only.
 */
export function createTeamBoardService(deps: {
  db: Database;
  crm(): MachinePolicy['crm'];
  token(): string | null;
  events: EventHub;
  logger: Logger;
  backoffBaseMs?: number;
}): TeamBoardService {
  let board: TeamBoard = EMPTY;
  let runningKey: string | null = null;
  let abort: AbortController | null = null;
  let stopped = false;

  const publish = (next: TeamBoard) => {
    if (JSON.stringify(next) === JSON.stringify(board)) return;
    board = next;
    deps.events.emit('team:board', board);
  };

  const follow = async (baseUrl: string, team: string, signal: AbortSignal) => {
    const base = baseUrl.replace(/\/+$/, '');
    let lastEventId: string | null = null;
    let attempt = 0;
    const headers = (): Record<string, string> => {
      const token = deps.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    };
    while (!signal.aborted) {
      try {
        if (lastEventId === null) {
          const res = await fetch(`${base}/v1/team/board`, {
            headers: { ...headers(), accept: 'application/json' },
            signal: AbortSignal.any([signal, AbortSignal.timeout(SNAPSHOT_TIMEOUT_MS)]),
          });
          if (res.status === 401 || res.status === 403) throw new FeedRefused(`${res.status}`);
          if (!res.ok) throw new Error(`snapshot: ${res.status}`);
          const snapshot = teamBoardSnapshotSchema.parse(await res.json());
          lastEventId = snapshot.lastEventId;
          publish({ team: snapshot.team, live: board.live, rows: snapshot.agents.map(rowOf) });
        }
        const res = await fetch(`${base}/v1/team/events`, {
          headers: {
            ...headers(),
            accept: 'text/event-stream',
            ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
          },
          signal,
        });
        if (res.status === 401 || res.status === 403) throw new FeedRefused(`${res.status}`);
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        attempt = 0;
        publish({ ...board, team: board.team ?? team, live: true });
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          const parsed = parseSse(buffer);
          buffer = parsed.rest;
          let rows = board.rows;
          for (const event of parsed.events) {
            if (event.id !== null) lastEventId = event.id;
            if (event.event !== 'presence') continue;
            const agent = teamBoardAgentSchema.safeParse(safeJson(event.data));
            if (agent.success) rows = mergeRow(rows, rowOf(agent.data));
            else deps.logger.warn('team board event ignored', { reason: 'malformed' });
          }
          publish({ ...board, rows });
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof FeedRefused) {
          // The CRM no longer counts this user as a lead (or refuses the token): show nothing.
          deps.logger.warn('team board refused', { status: error.message });
          publish(EMPTY);
          return;
        }
        deps.logger.info('team board feed interrupted', {
          error: error instanceof Error ? error.name : 'internal',
        });
      }
      if (signal.aborted) return;
      publish({ ...board, live: false });
      const delay = Math.min(
        BACKOFF_CAP_MS,
        (deps.backoffBaseMs ?? BACKOFF_BASE_MS) * 2 ** Math.min(attempt, 10),
      );
      attempt++;
      await sleep(delay * (0.5 + Math.random() / 2), signal);
    }
  };

  const reconcile = () => {
    if (stopped) return;
    const crm = deps.crm();
    const identity = cachedCrmIdentity(deps.db);
    const token = deps.token();
    const key =
      crm && token && identity?.role === 'lead'
        ? JSON.stringify([crm.baseUrl, identity.team, identity.agentId, token])
        : null;
    if (key === runningKey) return;
    abort?.abort();
    abort = null;
    runningKey = key;
    publish(EMPTY);
    if (!key || !crm || !identity) return;
    const controller = new AbortController();
    abort = controller;
    void follow(crm.baseUrl, identity.team, controller.signal).catch((error: unknown) =>
      deps.logger.error('team board failed', {
        error: error instanceof Error ? error.name : 'internal',
      }),
    );
  };

  reconcile();

  return {
    current: () => board,
    reconcile,
    stop() {
      stopped = true;
      abort?.abort();
      abort = null;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
