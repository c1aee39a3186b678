import type { Database } from 'better-sqlite3';
import { appendAudit } from '../db/repositories/audit';
import { enqueueOutbox } from '../db/repositories/outbox';
import {
  getCallback,
  insertCallback,
  listCallbacks,
  recordAttempt,
} from '../db/repositories/callbacks';
import { HandlerError, type Handlers } from '../ipc/handle';
import type { MachinePolicy } from '../policy/machinePolicy';
import { firstAllowedTime, nextAttempt, refusalFor, type CallbackRules } from './callbackWindows';

type CallbackChannel = 'callbacks:create' | 'callbacks:list' | 'callbacks:recordAttempt';

/**
 * Callbacks: scheduled only inside the customer's hours and the centre's outbound window; each
 * callback and each attempt is queued for the CRM in the same transaction (`queued` then asks
 * the sync to send soon).
 */
export function createCallbackHandlers(
  db: Database,
  policy: Pick<MachinePolicy, 'outboundWindow'>,
  queued: () => void = () => undefined,
  now: () => number = Date.now,
): Pick<Handlers, CallbackChannel> {
  const rulesFor = (
    dueBy: number,
    customerHours: CallbackRules['customerHours'],
  ): CallbackRules => ({
    now: now(),
    deadline: dueBy,
    customerHours,
    centerWindow: policy.outboundWindow,
  });
  return {
    'callbacks:create': ({ at, ...input }) => {
      const rules = rulesFor(input.dueBy, input.customerHours);
      const refusal = refusalFor(at, rules);
      if (refusal) {
        return {
          status: 'refused' as const,
          reason: refusal,
          suggestion: firstAllowedTime(at, rules),
        };
      }
      const callback = db.transaction(() => {
        const created = insertCallback(db, { ...input, scheduledAt: at }, now());
        appendAudit(db, {
          at: now(),
          actor: 'agent',
          action: 'callback.created',
          subject: created.id,
          detail: { dueBy: created.dueBy, scheduledAt: at },
        });
        enqueueOutbox(
          db,
          'callback.create',
          {
            id: created.id,
            customerId: created.customerId,
            number: created.number,
            reason: created.reason,
            dueBy: created.dueBy,
            scheduledAt: created.scheduledAt,
          },
          now(),
          `callback:${created.id}`,
        );
        return created;
      })();
      queued();
      return { status: 'created' as const, callback };
    },
    'callbacks:list': () => listCallbacks(db),
    'callbacks:recordAttempt': ({ id, outcome }) => {
      const callback = getCallback(db, id);
      if (!callback) throw new HandlerError('NOT_FOUND', 'no such callback');
      if (callback.status === 'done') throw new HandlerError('STEP_NOT_ALLOWED', 'already done');
      const at = now();
      const scheduledAt =
        outcome === 'reached'
          ? null
          : nextAttempt(at, outcome, rulesFor(callback.dueBy, callback.customerHours));
      db.transaction(() => {
        recordAttempt(db, id, { at, outcome }, { scheduledAt, done: outcome === 'reached' });
        enqueueOutbox(
          db,
          'callback.attempt',
          { callbackId: id, at, outcome, nextAttemptAt: scheduledAt },
          at,
          `callback:${id}`,
        );
      })();
      queued();
      return getCallback(db, id)!;
    },
  };
}
