import { z } from 'zod';
import {
  agentStatusSchema,
  hotkeyActionSchema,
  hotkeyBindingsSchema,
  languageSchema,
  syncStatusSchema,
  teamBoardSchema,
  teamRoleSchema,
} from './schemas';

/** Push events from main to the renderer. */
export const events = {
  /** A tel: or sip: link was opened with the app (or passed on its command line). */
  'dial:requested': z.strictObject({ target: z.string().max(256) }),
  /** The UI language changed (setting or OS). */
  'settings:languageChanged': z.strictObject({ language: languageSchema }),
  /** The CRM sync's state changed (online, offline, writes pending, conflicts). */
  'sync:status': syncStatusSchema,
  /**
   * The agent's state changed in main (the agent's choice, or main's own: the rest after an
   * abusive call, the end of mandatory 후처리): the window and the tray follow.
   */
  'agentState:changed': agentStatusSchema,
  /** Main is shutting down: unregister and stop media now. */
  'app:willQuit': z.strictObject({}),
  /**
   * A global (system-wide) hotkey was pressed (Electron only: the OS hands the key to main,
   * whichever program has the focus); the renderer acts on it as on a key pressed in its window.
   */
  'hotkey:pressed': z.strictObject({ action: hotkeyActionSchema }),
  /**
   * IT changed the machine policy file (or it became invalid): the window reads policy:get,
   * the settings and the account again and applies them.
   */
  'policy:changed': z.strictObject({}),
  /** The hotkeys changed (hotkeys:set): global shortcuts and every window follow. */
  'hotkeys:changed': hotkeyBindingsSchema,
  /** A lead's team board changed (an agent's presence, the live feed up or down): the whole board. */
  'team:board': teamBoardSchema,
  /**
   * What the CRM says of the user's role or team changed (fetched, taken away, another token,
   * signed out): the lead's panels appear or go, main starts or stops the team board.
   */
  'team:role': teamRoleSchema.nullable(),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
