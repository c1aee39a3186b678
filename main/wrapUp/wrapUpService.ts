import type { Database } from 'better-sqlite3';
import type { Disposition, WrapUpCall } from '../../preload/contract';
import { crmDispositionSchema } from '../crm/crmContract';
import { listCatalog } from '../db/repositories/crmCache';
import { perConnection } from '../db/connection';
import { enqueueOutbox } from '../db/repositories/outbox';
import { HandlerError, type Handlers } from '../ipc/handle';

const statements = perConnection((db: Database) => ({
  markDue: db.prepare<{ callId: string }>(
    `UPDATE call_log SET wrap_up_due = 1
     WHERE call_id = @callId AND answered_at IS NOT NULL AND ended_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM call_dispositions WHERE call_id = @callId)`,
  ),
  due: db.prepare<
    [],
    {
      call_id: string;
      direction: 'inbound' | 'outbound';
      remote_uri: string;
      remote_display_name: string | null;
      ended_at: number;
    }
  >(
    `SELECT call_id, direction, remote_uri, remote_display_name, ended_at FROM call_log
     WHERE wrap_up_due = 1 ORDER BY started_at LIMIT 50`,
  ),
  anyDue: db
    .prepare<[], number>('SELECT count(*) FROM call_log WHERE wrap_up_due = 1 LIMIT 1')
    .pluck(),
  isDue: db
    .prepare<{ callId: string }, number>(
      'SELECT count(*) FROM call_log WHERE call_id = @callId AND wrap_up_due = 1',
    )
    .pluck(),
  insert: db.prepare<{ callId: string; code: string; customerId: string | null; at: number }>(
    'INSERT INTO call_dispositions (call_id, code, customer_id, at) VALUES (@callId, @code, @customerId, @at)',
  ),
  clear: db.prepare<{ callId: string }>(
    'UPDATE call_log SET wrap_up_due = 0 WHERE call_id = @callId',
  ),
}));

export interface WrapUpService {
  handlers: Pick<Handlers, 'wrapUp:get' | 'wrapUp:setDisposition'>;
  /**
   * A call was closed in the log: when it was answered and its queue has dispositions, it is due
   * for one. Returns whether it now is (the agent then goes to 후처리).
   */
  callClosed(callId: string): boolean;
  /** Some answered call still lacks its disposition: Ready is refused. */
  hasDue(): boolean;
}

/**
 * 후처리 with a mandatory disposition (상담 결과): the CRM's dispositions for this desktop's queue
 * (policy crm.queue; a disposition with no queues applies everywhere). Without any, wrap-up is
 * not mandatory. The chosen disposition is queued for the CRM with the call.
 */
export function createWrapUpService(deps: {
  db: Database;
  /** This desktop's queue (policy crm.queue), read on each use. */
  queue: () => string | null;
  queued: () => void;
  now?: () => number;
}): WrapUpService {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const s = statements(db);

  const dispositions = (queue = deps.queue()): Disposition[] =>
    listCatalog(db, 'disposition')
      .map((raw) => crmDispositionSchema.safeParse(raw))
      .filter((parsed) => parsed.success)
      .map((parsed) => parsed.data)
      .filter((d) => d.queues.length === 0 || (queue !== null && d.queues.includes(queue)))
      .map((d) => ({ code: d.code, label: { ko: d.label.ko, en: d.label.en } }));

  const state = () => ({
    due: s.due.all().map((row): WrapUpCall => ({
      callId: row.call_id,
      direction: row.direction,
      remote: { uri: row.remote_uri, displayName: row.remote_display_name },
      endedAt: row.ended_at,
    })),
    dispositions: dispositions(),
  });

  return {
    callClosed(callId) {
      if (dispositions().length === 0) return false;
      return s.markDue.run({ callId }).changes > 0;
    },
    hasDue: () => s.anyDue.get()! > 0,
    handlers: {
      'wrapUp:get': () => state(),
      'wrapUp:setDisposition': ({ callId, code, customerId }) => {
        if (!dispositions().some((d) => d.code === code)) {
          throw new HandlerError('INVALID_REQUEST', 'not a disposition of this queue');
        }
        const at = now();
        db.transaction(() => {
          if (s.isDue.get({ callId }) === 0) {
            throw new HandlerError('NOT_FOUND', 'no call waiting for a disposition');
          }
          s.insert.run({ callId, code, customerId, at });
          s.clear.run({ callId });
          enqueueOutbox(
            db,
            'disposition.create',
            { callId, customerId, code, at },
            at,
            `call:${callId}`,
          );
        })();
        deps.queued();
        return state();
      },
    },
  };
}
