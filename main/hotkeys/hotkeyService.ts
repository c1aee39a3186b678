import type { Database } from 'better-sqlite3';
import {
  DEFAULT_HOTKEYS,
  HOTKEY_ACTIONS,
  findHotkeyConflict,
  type HotkeyBindings,
} from '../../preload/contract/hotkeys';
import { hotkeyBindingsSchema } from '../../preload/contract';
import { appendAudit } from '../db/repositories/audit';
import { getSetting, setSetting } from '../db/repositories/settings';
import type { EventHub } from '../ipc/events';
import { HandlerError, type Handlers } from '../ipc/handle';

/** The settings key the agent's hotkeys are kept under. */
export const HOTKEYS_SETTING = 'hotkeys';

/**
 * The agent's hotkeys, or the defaults when none were set. A stored value this version cannot
 * read (written by a newer one, or by hand) also gives the defaults: keys that work beat keys
 * that silently do nothing.
 */
export function readHotkeyBindings(db: Database): HotkeyBindings {
  const stored = hotkeyBindingsSchema.safeParse(getSetting<unknown>(db, HOTKEYS_SETTING));
  if (stored.success && findHotkeyConflict(stored.data) === null) return stored.data;
  return { ...DEFAULT_HOTKEYS };
}

/**
 * hotkeys:get / hotkeys:set. The grammar check already happened in the contract's schema; what
 * is left is the one rule across the four keys (no two on one key), keeping them, and the audit.
 */
export function createHotkeyHandlers(deps: {
  db: Database;
  events: EventHub;
  now?: () => number;
}): Pick<Handlers, 'hotkeys:get' | 'hotkeys:set'> {
  const { db, events } = deps;
  const now = deps.now ?? Date.now;
  return {
    'hotkeys:get': () => readHotkeyBindings(db),
    'hotkeys:set': (bindings) => {
      const conflict = findHotkeyConflict(bindings);
      if (conflict) {
        throw new HandlerError(
          'HOTKEY_CONFLICT',
          `${conflict[0]} and ${conflict[1]} would share one key`,
        );
      }
      const before = readHotkeyBindings(db);
      const changed = HOTKEY_ACTIONS.filter((action) => before[action] !== bindings[action]);
      if (changed.length === 0) return bindings;
      db.transaction(() => {
        const at = now();
        setSetting(db, HOTKEYS_SETTING, bindings, at);
        appendAudit(db, {
          at,
          actor: 'agent',
          action: 'hotkeys.changed',
          subject: null,
          detail: Object.fromEntries(
            changed.map((action) => [action, { from: before[action], to: bindings[action] }]),
          ),
        });
      }).immediate();
      events.emit('hotkeys:changed', bindings);
      return bindings;
    },
  };
}
