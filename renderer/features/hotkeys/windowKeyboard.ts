import type { KeyboardSource } from './keyboard';

/** Whether this is a Mac (its keyboard says Cmd and Option where others say Ctrl and Alt). */
export const isMac = (): boolean => /^Mac/i.test(navigator.platform);

export function windowKeyboard(): KeyboardSource {
  return {
    mac: isMac(),
    onKeyDown(listener) {
      // Capture phase on the window: the hotkey is seen before the focused field (the note
      // textarea, the number field) and can be kept from it.
      window.addEventListener('keydown', listener, { capture: true });
      return () => window.removeEventListener('keydown', listener, { capture: true });
    },
  };
}
