/**
 * Hotkeys for the four call controls, written in Electron's accelerator syntax
 * ("CommandOrControl+Alt+A", "F8"). This is the one grammar both sides use: main refuses what it
 * refuses (contract schema), the renderer explains it while the agent records a combination.
 * Pure: no DOM, no Node.
 */

/** The call controls a hotkey presses: 받기, 끊기, 음소거, 보류 / 보류 해제. */
export const HOTKEY_ACTIONS = ['answer', 'hangUp', 'mute', 'hold'] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];
export type HotkeyBindings = Record<HotkeyAction, string>;

/**
 * Korean centres share no keyboard convention, so these only have to be safe and easy to tell
 * apart. Ctrl+Alt (⌘+Option on a Mac) with a letter types nothing in a note, in either 한글 or
 * English mode, and no common Windows or browser command uses these four. Plain F-keys were
 * rejected: a global F-key takes that key from every other program the agent uses (the CRM's
 * F5 refresh, Excel's F2), and F9 is the 한자 key of Korean IMEs on keyboards without one.
 * The letters are the English initials: Answer, Hang up, Mute, and P (pause) for hold, since H
 * is hang-up. Left Ctrl and Alt: on Korean keyboards the right-hand ones may be 한자 and 한/영.
 * (Ctrl+Alt is AltGr on some European layouts, not on the Korean or US ones.) On a Mac,
 * ⌘+Option+H/M also hide other apps and minimise windows while they are bound; agents' desktops
 * here are Windows, and the bindings can be changed in settings.
 */
export const DEFAULT_HOTKEYS: Readonly<HotkeyBindings> = Object.freeze({
  answer: 'CommandOrControl+Alt+A',
  hangUp: 'CommandOrControl+Alt+H',
  mute: 'CommandOrControl+Alt+M',
  hold: 'CommandOrControl+Alt+P',
});

/** Modifiers in the order a normalised accelerator lists them. */
export const MODIFIERS = ['CommandOrControl', 'Control', 'Super', 'Alt', 'Shift'] as const;
export type Modifier = (typeof MODIFIERS)[number];

const MODIFIER_ALIASES: Readonly<Record<string, Modifier>> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  control: 'Control',
  ctrl: 'Control',
  // Electron's Command/Cmd means nothing off macOS (a binding would lose its modifier there);
  // Super is the same key on a Mac and the Windows key elsewhere.
  super: 'Super',
  meta: 'Super',
  command: 'Super',
  cmd: 'Super',
  alt: 'Alt',
  option: 'Alt',
  shift: 'Shift',
};

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const DIGITS = '0123456789'.split('');
const FUNCTION_KEYS = Array.from({ length: 24 }, (_, i) => `F${i + 1}`);
const NAMED_KEYS = [
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Enter',
  'Escape',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
];
const NUMPAD_KEYS = [
  ...DIGITS.map((d) => `num${d}`),
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
  'numdec',
];
/** Unshifted punctuation only: shifted characters ("!", "+") sit on different keys per layout. */
const PUNCTUATION_KEYS = ['-', '=', '[', ']', '\\', ';', "'", ',', '.', '/', '`'];

/** Every key name an accelerator may end with, normalised. */
export const ACCELERATOR_KEYS: readonly string[] = [
  ...LETTERS,
  ...DIGITS,
  ...FUNCTION_KEYS,
  ...NAMED_KEYS,
  ...NUMPAD_KEYS,
  ...PUNCTUATION_KEYS,
];

const KEY_ALIASES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(ACCELERATOR_KEYS.map((key) => [key.toLowerCase(), key])),
  return: 'Enter',
  esc: 'Escape',
};

/**
 * Why an accelerator is refused. empty/malformed/unknownModifier/unknownKey/noKey/
 * repeatedModifier: not a combination at all. needsModifier: the key would type or move the
 * cursor in a note (only Ctrl, Alt, ⌘ or an F-key make it safe). reserved: Windows, the browser,
 * the Korean IME or note editing already use it.
 */
export type AcceleratorProblem =
  | 'empty'
  | 'malformed'
  | 'unknownModifier'
  | 'repeatedModifier'
  | 'unknownKey'
  | 'noKey'
  | 'needsModifier'
  | 'reserved';

export type ParsedAccelerator =
  | { ok: true; accelerator: string; modifiers: readonly Modifier[]; key: string }
  | { ok: false; problem: AcceleratorProblem };

/** Longest accelerator text read (the longest usable, "CommandOrControl+Alt+Shift+PageDown", is 35). */
export const ACCELERATOR_MAX_LENGTH = 64;

/**
 * Reads an accelerator, case-insensitively and with Electron's aliases (Ctrl, CmdOrCtrl, Option,
 * Return, Esc …), and gives its normalised text: canonical names, modifiers in a fixed order. Refuses
 * what is not a safe hotkey for this app (see {@link AcceleratorProblem}).
 */
export function parseAccelerator(text: string): ParsedAccelerator {
  if (text.trim() === '') return { ok: false, problem: 'empty' };
  if (text.length > ACCELERATOR_MAX_LENGTH) return { ok: false, problem: 'malformed' };
  const parts = text.split('+');
  if (parts.some((part) => part === '' || /\s/.test(part))) {
    return { ok: false, problem: 'malformed' };
  }
  const last = parts[parts.length - 1]!.toLowerCase();
  const key = KEY_ALIASES[last];
  if (key === undefined) {
    if (!MODIFIER_ALIASES[last]) return { ok: false, problem: 'unknownKey' };
    // Only modifiers, or the key written before them ("A+Ctrl").
    const keyElsewhere = parts.some((part) => KEY_ALIASES[part.toLowerCase()] !== undefined);
    return { ok: false, problem: keyElsewhere ? 'malformed' : 'noKey' };
  }
  const modifiers = new Set<Modifier>();
  for (const part of parts.slice(0, -1)) {
    const modifier = MODIFIER_ALIASES[part.toLowerCase()];
    if (!modifier) {
      return {
        ok: false,
        problem: KEY_ALIASES[part.toLowerCase()] ? 'malformed' : 'unknownModifier',
      };
    }
    if (modifiers.has(modifier)) return { ok: false, problem: 'repeatedModifier' };
    modifiers.add(modifier);
  }
  // CommandOrControl is Control on Windows and ⌘ (Super) on a Mac: both at once is one key twice.
  if (modifiers.has('CommandOrControl') && (modifiers.has('Control') || modifiers.has('Super'))) {
    return { ok: false, problem: 'repeatedModifier' };
  }
  const ordered = MODIFIERS.filter((m) => modifiers.has(m));
  if (isReserved(ordered, key)) return { ok: false, problem: 'reserved' };
  // A key alone or with Shift types a character or moves the cursor in a note; with Ctrl, Alt
  // or ⌘ it types nothing (in 한글 mode too), and F-keys never type.
  const safeWhileTyping = FUNCTION_KEYS.includes(key) || ordered.some((m) => m !== 'Shift');
  if (!safeWhileTyping) return { ok: false, problem: 'needsModifier' };
  return { ok: true, accelerator: [...ordered, key].join('+'), modifiers: ordered, key };
}

/** The accelerator as Windows and Linux see it: CommandOrControl is Control there. */
function onWindows(modifiers: readonly Modifier[], key: string): string {
  const resolved = new Set<Modifier>(
    modifiers.map((m) => (m === 'CommandOrControl' ? 'Control' : m)),
  );
  return [...MODIFIERS.filter((m) => resolved.has(m)), key].join('+');
}

const EDITING_KEYS = new Set([
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Backspace',
  'Delete',
  'Insert',
  'Enter',
  'Tab',
  'Space',
]);

/** Combinations taken before the app could see them, or that the agent needs while typing. */
const RESERVED = new Set([
  // Editing a note: select all, copy, paste, cut, undo, redo.
  'Control+A',
  'Control+C',
  'Control+V',
  'Control+X',
  'Control+Z',
  'Control+Y',
  'Control+Shift+Z',
  // The window: close, quit, reload (it would drop the calls), developer tools, full screen,
  // zoom, minimise (Electron's default menu), new window/tab (the browser keeps those).
  'Control+W',
  'Control+F4',
  'Alt+F4',
  'Control+Q',
  'Control+R',
  'Control+Shift+R',
  'F5',
  'Control+F5',
  'Shift+F5',
  'Control+Shift+I',
  'Control+Shift+J',
  'F12',
  'F11',
  'Control+0',
  'Control+-',
  'Control+=',
  'Control+Shift+=',
  'Control+M',
  'Control+N',
  'Control+T',
  'Control+Shift+N',
  'Control+Shift+T',
  // Korean input: 한/영 is Shift+Space in many IME settings, Ctrl+Space switches input methods,
  // F9 is 한자 on keyboards without a 한자 key; Alt+Space opens the window menu.
  'Shift+Space',
  'Control+Space',
  'Alt+Space',
  'F9',
  // The operating system: secure attention, switching windows, and common desktop shortcuts
  // (Linux: kill X, lock, terminal, show desktop).
  'Control+Alt+Delete',
  'Control+Alt+Backspace',
  'Control+Alt+L',
  'Control+Alt+T',
  'Control+Alt+D',
  'Alt+Tab',
  'Alt+Shift+Tab',
  'Control+Tab',
  'Control+Shift+Tab',
]);

function isReserved(modifiers: readonly Modifier[], key: string): boolean {
  // Escape cancels recording and closes things; with modifiers it is the Start menu, task
  // switching or the task manager.
  if (key === 'Escape') return true;
  // Windows keeps nearly every Windows-key combination for itself (⌘ on a Mac is written
  // CommandOrControl).
  if (modifiers.includes('Super')) return true;
  const windows = onWindows(modifiers, key);
  if (RESERVED.has(windows)) return true;
  const resolved = windows.split('+').slice(0, -1);
  // Ctrl(+Shift) with arrows, Home, Backspace …: moving and deleting by word while typing.
  if (resolved.includes('Control') && resolved.every((m) => m === 'Control' || m === 'Shift')) {
    if (EDITING_KEYS.has(key)) return true;
  }
  // Ctrl+Alt+F1…F12 switch consoles on Linux; Ctrl+Alt+arrows rotate the screen (Intel drivers).
  if (resolved.join('+') === 'Control+Alt') {
    if (/^F([1-9]|1[0-2])$/.test(key) || ['Up', 'Down', 'Left', 'Right'].includes(key)) return true;
  }
  return false;
}

/**
 * Two actions bound to one key, as the first such pair in {@link HOTKEY_ACTIONS} order; null when
 * every action has its own. Keys are compared as Windows sees them, where CommandOrControl+Alt+A
 * and Control+Alt+A are one key (on a Mac they differ, but the bindings must work on both; Super,
 * the only other alias, is refused). Unparseable bindings are compared as written.
 */
export function findHotkeyConflict(
  bindings: Readonly<HotkeyBindings>,
): [HotkeyAction, HotkeyAction] | null {
  const keys = HOTKEY_ACTIONS.map((action) => {
    const parsed = parseAccelerator(bindings[action]);
    return parsed.ok ? onWindows(parsed.modifiers, parsed.key) : `as written:${bindings[action]}`;
  });
  for (let i = 0; i < keys.length; i++) {
    const j = keys.indexOf(keys[i]!, i + 1);
    if (j !== -1) return [HOTKEY_ACTIONS[i]!, HOTKEY_ACTIONS[j]!];
  }
  return null;
}
