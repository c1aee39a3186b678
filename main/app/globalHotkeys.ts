/**
 * Electron glue: the agent's hotkeys as system-wide shortcuts, so 받기 and 끊기 work while the CRM
 * or another program has the focus. It only registers and forwards; what a press does is the
 * renderer's business (the same as a key pressed in its window), and which keys are the agent's
 * is main/hotkeys/hotkeyService.ts's.
 *
 * The OS hands a registered combination to us instead of the focused window, our own included,
 * so a press arrives once: here, or (when registration failed, or in the Chromium shell) as a
 * keydown in the page.
 */
import { app, globalShortcut } from 'electron';
import { HOTKEY_ACTIONS, type HotkeyBindings } from '../../preload/contract/hotkeys';
import { readHotkeyBindings } from '../hotkeys/hotkeyService';
import type { MainServices } from '../services';

export function startGlobalHotkeys(services: MainServices): void {
  const log = services.logger.child('globalHotkeys');
  const register = (bindings: HotkeyBindings) => {
    globalShortcut.unregisterAll();
    // IT may switch system-wide hotkeys off (policy features.globalHotkeys); in-window keys stay.
    if (!services.policy.current().features.globalHotkeys) return;
    for (const action of HOTKEY_ACTIONS) {
      const accelerator = bindings[action];
      const taken = !globalShortcut.register(accelerator, () =>
        services.events.emit('hotkey:pressed', { action }),
      );
      // Another program holds it: the key still works inside the app's window.
      if (taken) log.warn('global hotkey held by another program', { action, accelerator });
    }
  };
  register(readHotkeyBindings(services.db));
  const unsubscribe = services.events.subscribe((event, payload) => {
    if (event === 'hotkeys:changed') register(payload as HotkeyBindings);
    if (event === 'policy:changed') register(readHotkeyBindings(services.db));
  });
  app.once('will-quit', () => {
    unsubscribe();
    globalShortcut.unregisterAll();
  });
}
