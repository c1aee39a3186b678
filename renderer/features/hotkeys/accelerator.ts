/**
 * Hotkeys as the page sees them: reading and checking an accelerator (the contract's grammar,
 * shared with main), matching a key press against one, turning a press into one while the agent
 * records a new key, and showing one. Pure: no DOM.
 *
 * Presses are matched by `code`, the physical key, not by `key`, the character: with the Korean
 * keyboard in 한글 mode the A key's `key` is 'ㅁ', and during IME composition it is 'Process'.
 */
import {
  ACCELERATOR_KEYS,
  HOTKEY_ACTIONS,
  findHotkeyConflict,
  parseAccelerator,
  type AcceleratorProblem,
  type HotkeyAction,
  type HotkeyBindings,
  type Modifier,
} from '../../../preload/contract/hotkeys';

export {
  DEFAULT_HOTKEYS,
  HOTKEY_ACTIONS,
  findHotkeyConflict,
  parseAccelerator,
  type AcceleratorProblem,
  type HotkeyAction,
  type HotkeyBindings,
} from '../../../preload/contract/hotkeys';

/** What of a KeyboardEvent a hotkey needs (a real KeyboardEvent is one). */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const NAMED_CODES: Readonly<Record<string, readonly string[]>> = {
  Space: ['Space'],
  Tab: ['Tab'],
  Backspace: ['Backspace'],
  Delete: ['Delete'],
  Insert: ['Insert'],
  Enter: ['Enter', 'NumpadEnter'],
  Escape: ['Escape'],
  Up: ['ArrowUp'],
  Down: ['ArrowDown'],
  Left: ['ArrowLeft'],
  Right: ['ArrowRight'],
  Home: ['Home'],
  End: ['End'],
  PageUp: ['PageUp'],
  PageDown: ['PageDown'],
  numadd: ['NumpadAdd'],
  numsub: ['NumpadSubtract'],
  nummult: ['NumpadMultiply'],
  numdiv: ['NumpadDivide'],
  numdec: ['NumpadDecimal'],
  '-': ['Minus'],
  '=': ['Equal'],
  '[': ['BracketLeft'],
  ']': ['BracketRight'],
  '\\': ['Backslash'],
  ';': ['Semicolon'],
  "'": ['Quote'],
  ',': ['Comma'],
  '.': ['Period'],
  '/': ['Slash'],
  '`': ['Backquote'],
};

/** The KeyboardEvent codes of the physical key(s) an accelerator's key name stands for. */
export function codesOfKey(key: string): readonly string[] {
  if (/^[A-Z]$/.test(key)) return [`Key${key}`];
  if (/^[0-9]$/.test(key)) return [`Digit${key}`];
  if (/^F\d{1,2}$/.test(key)) return [key];
  if (/^num[0-9]$/.test(key)) return [`Numpad${key.slice(3)}`];
  return NAMED_CODES[key] ?? [];
}

const KEY_OF_CODE: ReadonlyMap<string, string> = new Map(
  ACCELERATOR_KEYS.flatMap((key) => codesOfKey(key).map((code) => [code, key] as const)),
);

/** The modifiers a press must hold for `modifiers`: CommandOrControl is ⌘ on a Mac, else Ctrl. */
function expectedModifiers(modifiers: readonly Modifier[], mac: boolean) {
  const has = (m: Modifier) => modifiers.includes(m);
  return {
    ctrlKey: has('Control') || (has('CommandOrControl') && !mac),
    metaKey: has('Super') || (has('CommandOrControl') && mac),
    altKey: has('Alt'),
    shiftKey: has('Shift'),
  };
}

/** The accelerator's key name of a press, or null for a key no accelerator can name. */
function keyOfPress(press: KeyLike): string | null {
  const byCode = KEY_OF_CODE.get(press.code);
  if (byCode) return byCode;
  // No physical code (some remote-desktop and virtual keyboards): fall back to the character.
  if (press.code === '' || press.code === 'Unidentified') {
    const letter = press.key.toUpperCase();
    if (/^[A-Z0-9]$/.test(letter)) return letter;
  }
  return null;
}

/** Whether `press` is the combination `accelerator` (exactly: no extra modifiers). */
export function matchesAccelerator(accelerator: string, press: KeyLike, mac: boolean): boolean {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok || keyOfPress(press) !== parsed.key) return false;
  const expected = expectedModifiers(parsed.modifiers, mac);
  return (
    press.ctrlKey === expected.ctrlKey &&
    press.metaKey === expected.metaKey &&
    press.altKey === expected.altKey &&
    press.shiftKey === expected.shiftKey
  );
}

/** The action whose hotkey `press` is, if any. */
export function hotkeyActionOf(
  bindings: Readonly<HotkeyBindings>,
  press: KeyLike,
  mac: boolean,
): HotkeyAction | null {
  return HOTKEY_ACTIONS.find((action) => matchesAccelerator(bindings[action], press, mac)) ?? null;
}

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'Shift', 'Meta', 'AltGraph', 'OS']);

/**
 * What the agent pressed while recording a hotkey: null while only modifiers are held (the key
 * is still to come), or the accelerator text (unchecked: see {@link checkHotkeyChange}), or
 * `unknownKey` for a key accelerators cannot name (한/영, 한자, Caps Lock …).
 */
export function acceleratorOfPress(
  press: KeyLike,
  mac: boolean,
): { accelerator: string } | { problem: 'unknownKey' } | null {
  if (MODIFIER_KEYS.has(press.key)) return null;
  const key = keyOfPress(press);
  if (key === null) return { problem: 'unknownKey' };
  const modifiers: Modifier[] = [];
  if (mac ? press.metaKey : press.ctrlKey) modifiers.push('CommandOrControl');
  if (mac ? press.ctrlKey : false) modifiers.push('Control');
  if (!mac && press.metaKey) modifiers.push('Super');
  if (press.altKey) modifiers.push('Alt');
  if (press.shiftKey) modifiers.push('Shift');
  return { accelerator: [...modifiers, key].join('+') };
}

/** Why a new key cannot be bound to `action`, with the others as they are. */
export type HotkeyProblem = { kind: AcceleratorProblem } | { kind: 'conflict'; with: HotkeyAction };

/**
 * Checks `accelerator` for `action` against the grammar and the other three bindings; gives the
 * new bindings (normalised) or the problem.
 */
export function checkHotkeyChange(
  bindings: Readonly<HotkeyBindings>,
  action: HotkeyAction,
  accelerator: string,
): { ok: true; bindings: HotkeyBindings } | { ok: false; problem: HotkeyProblem } {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok) return { ok: false, problem: { kind: parsed.problem } };
  const next = { ...bindings, [action]: parsed.accelerator };
  const conflict = findHotkeyConflict(next);
  if (conflict) {
    const other = conflict[0] === action ? conflict[1] : conflict[0];
    return { ok: false, problem: { kind: 'conflict', with: other } };
  }
  return { ok: true, bindings: next };
}

const WINDOWS_NAMES: Readonly<Record<Modifier, string>> = {
  CommandOrControl: 'Ctrl',
  Control: 'Ctrl',
  Super: 'Win',
  Alt: 'Alt',
  Shift: 'Shift',
};
const MAC_NAMES: Readonly<Record<Modifier, string>> = {
  CommandOrControl: 'Cmd',
  Control: 'Ctrl',
  Super: 'Cmd',
  Alt: 'Option',
  Shift: 'Shift',
};

/** The accelerator as the agent's keyboard labels it: "Ctrl+Alt+A" (Windows), "Cmd+Option+A". */
export function displayAccelerator(accelerator: string, mac: boolean): string {
  const parsed = parseAccelerator(accelerator);
  if (!parsed.ok) return accelerator;
  const names = mac ? MAC_NAMES : WINDOWS_NAMES;
  const key = /^num\d$/.test(parsed.key) ? `Num ${parsed.key.slice(3)}` : parsed.key;
  return [...parsed.modifiers.map((m) => names[m]), key].join('+');
}
