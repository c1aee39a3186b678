import { describe, expect, it } from 'vitest';
import { ACCELERATOR_KEYS } from '../../../../../preload/contract/hotkeys';
import {
  DEFAULT_HOTKEYS,
  HOTKEY_ACTIONS,
  acceleratorOfPress,
  checkHotkeyChange,
  codesOfKey,
  displayAccelerator,
  findHotkeyConflict,
  hotkeyActionOf,
  matchesAccelerator,
  parseAccelerator,
  type KeyLike,
} from '../../../../../renderer/features/hotkeys/accelerator';

const press = (code: string, key: string, modifiers: Partial<KeyLike> = {}): KeyLike => ({
  code,
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...modifiers,
});
const ctrlAlt = { ctrlKey: true, altKey: true };

const problemOf = (text: string) => {
  const parsed = parseAccelerator(text);
  return parsed.ok ? parsed.accelerator : parsed.problem;
};

describe('parseAccelerator (the grammar main and the renderer share)', () => {
  it("normalises Electron's aliases, letter case and modifier order", () => {
    expect(problemOf('alt+ctrl+a')).toBe('Control+Alt+A');
    expect(problemOf('Shift+CmdOrCtrl+f8')).toBe('CommandOrControl+Shift+F8');
    expect(problemOf('Option+Control+Return')).toBe('Control+Alt+Enter');
    expect(problemOf('Ctrl+Alt+num5')).toBe('Control+Alt+num5');
    expect(problemOf('Ctrl+Alt+/')).toBe('Control+Alt+/');
    expect(problemOf('F8')).toBe('F8');
  });

  it('reads its own output back unchanged, and accepts the defaults as they are', () => {
    for (const text of [...Object.values(DEFAULT_HOTKEYS), 'Control+Alt+Enter', 'Alt+Shift+F2']) {
      const once = parseAccelerator(text);
      expect(once.ok, text).toBe(true);
      if (!once.ok) continue;
      expect(parseAccelerator(once.accelerator)).toEqual(once);
    }
    for (const text of Object.values(DEFAULT_HOTKEYS)) expect(problemOf(text)).toBe(text);
  });

  it('refuses what is not a combination, saying why', () => {
    expect(problemOf('')).toBe('empty');
    expect(problemOf('   ')).toBe('empty');
    expect(problemOf('Ctrl++A')).toBe('malformed');
    expect(problemOf('Ctrl+ A')).toBe('malformed');
    expect(problemOf('Ctrl+Alt+A+')).toBe('malformed');
    expect(problemOf('A+Ctrl')).toBe('malformed');
    expect(problemOf('Ctrl+Alt+' + 'A'.repeat(60))).toBe('malformed');
    expect(problemOf('Hyper+A')).toBe('unknownModifier');
    expect(problemOf('AltGr+A')).toBe('unknownModifier');
    expect(problemOf('Ctrl+Control+A')).toBe('repeatedModifier');
    expect(problemOf('CommandOrControl+Control+A')).toBe('repeatedModifier');
    expect(problemOf('Ctrl+Alt+Pause')).toBe('unknownKey');
    expect(problemOf('Ctrl+Alt+ㅁ')).toBe('unknownKey');
    expect(problemOf('받기')).toBe('unknownKey');
    expect(problemOf('Ctrl+Alt')).toBe('noKey');
  });

  it('refuses keys that would type or move the cursor in a note', () => {
    for (const text of ['A', 'Shift+A', '1', 'Space', 'Enter', 'Shift+Tab', 'Backspace', 'num5']) {
      expect(problemOf(text), text).toBe('needsModifier');
    }
    // With Ctrl, Alt or ⌘, or an F-key, nothing is typed.
    for (const text of ['Alt+A', 'Ctrl+Shift+A', 'CmdOrCtrl+1', 'F2', 'Shift+F2']) {
      expect(parseAccelerator(text).ok, text).toBe(true);
    }
  });

  it('refuses combinations Windows, the browser, the Korean IME or note editing use', () => {
    for (const text of [
      'Ctrl+C',
      'CmdOrCtrl+V',
      'Ctrl+A',
      'Ctrl+Z',
      'Ctrl+Shift+Z',
      'Ctrl+W',
      'Alt+F4',
      'Ctrl+R',
      'F5',
      'F11',
      'F12',
      'Ctrl+Space',
      'F9',
      'Escape',
      'Ctrl+Esc',
      'Super+A',
      'Meta+Alt+A',
      'Ctrl+Left',
      'Ctrl+Shift+Backspace',
      'Ctrl+Alt+Delete',
      'Ctrl+Alt+F2',
      'Ctrl+Alt+Up',
      'Alt+Tab',
    ]) {
      expect(problemOf(text), text).toBe('reserved');
    }
    // Neighbours of reserved ones are fine.
    for (const text of ['Ctrl+Alt+C', 'Ctrl+Alt+F13', 'Alt+F5', 'Ctrl+Alt+Enter']) {
      expect(parseAccelerator(text).ok, text).toBe(true);
    }
  });
});

describe('matching a key press', () => {
  it('matches by the physical key, so 한글 mode and IME composition do not matter', () => {
    const answer = DEFAULT_HOTKEYS.answer;
    expect(matchesAccelerator(answer, press('KeyA', 'a', ctrlAlt), false)).toBe(true);
    expect(matchesAccelerator(answer, press('KeyA', 'ㅁ', ctrlAlt), false)).toBe(true);
    expect(matchesAccelerator(answer, press('KeyA', 'Process', ctrlAlt), false)).toBe(true);
    // Some remote desktops send no code: the character stands in.
    expect(matchesAccelerator(answer, press('', 'a', ctrlAlt), false)).toBe(true);
    expect(matchesAccelerator(answer, press('KeyS', 'a', ctrlAlt), false)).toBe(false);
  });

  it('wants exactly the modifiers: none missing, none extra', () => {
    const answer = DEFAULT_HOTKEYS.answer;
    expect(matchesAccelerator(answer, press('KeyA', 'a'), false)).toBe(false);
    expect(matchesAccelerator(answer, press('KeyA', 'a', { ctrlKey: true }), false)).toBe(false);
    expect(
      matchesAccelerator(answer, press('KeyA', 'A', { ...ctrlAlt, shiftKey: true }), false),
    ).toBe(false);
    expect(
      matchesAccelerator(answer, press('KeyA', 'a', { ...ctrlAlt, metaKey: true }), false),
    ).toBe(false);
  });

  it('reads CommandOrControl as ⌘ on a Mac and Ctrl elsewhere', () => {
    const answer = DEFAULT_HOTKEYS.answer;
    const cmdOption = { metaKey: true, altKey: true };
    expect(matchesAccelerator(answer, press('KeyA', 'å', cmdOption), true)).toBe(true);
    expect(matchesAccelerator(answer, press('KeyA', 'a', ctrlAlt), true)).toBe(false);
    expect(matchesAccelerator(answer, press('KeyA', 'a', cmdOption), false)).toBe(false);
    expect(matchesAccelerator('Control+Alt+A', press('KeyA', 'a', ctrlAlt), true)).toBe(true);
  });

  it('keeps the digit row and the keypad apart, and Enter on both', () => {
    expect(matchesAccelerator('Ctrl+Alt+1', press('Digit1', '1', ctrlAlt), false)).toBe(true);
    expect(matchesAccelerator('Ctrl+Alt+1', press('Numpad1', '1', ctrlAlt), false)).toBe(false);
    expect(matchesAccelerator('Ctrl+Alt+num1', press('Numpad1', '1', ctrlAlt), false)).toBe(true);
    expect(
      matchesAccelerator('Ctrl+Alt+Enter', press('NumpadEnter', 'Enter', ctrlAlt), false),
    ).toBe(true);
  });

  it('finds the action of each default, and none for a note being typed', () => {
    const keys = { answer: 'KeyA', hangUp: 'KeyH', mute: 'KeyM', hold: 'KeyP' } as const;
    for (const action of HOTKEY_ACTIONS) {
      expect(hotkeyActionOf(DEFAULT_HOTKEYS, press(keys[action], 'x', ctrlAlt), false)).toBe(
        action,
      );
    }
    for (const char of '고객님 a ham, home map. AHMP') {
      const code = /[a-z]/i.test(char) ? `Key${char.toUpperCase()}` : 'Unidentified';
      const shiftKey = /[A-Z]/.test(char);
      expect(hotkeyActionOf(DEFAULT_HOTKEYS, press(code, char, { shiftKey }), false), char).toBe(
        null,
      );
    }
  });

  it('names every key of the grammar by at least one code, no code twice', () => {
    const seen = new Map<string, string>();
    for (const key of ACCELERATOR_KEYS) {
      const codes = codesOfKey(key);
      expect(codes.length, key).toBeGreaterThan(0);
      for (const code of codes) {
        expect(seen.get(code), `${code} of ${key}`).toBeUndefined();
        seen.set(code, key);
      }
    }
  });
});

describe('recording a new hotkey from a key press', () => {
  it('turns the press into an accelerator the way Electron reads it on this platform', () => {
    expect(acceleratorOfPress(press('KeyJ', 'ㅓ', ctrlAlt), false)).toEqual({
      accelerator: 'CommandOrControl+Alt+J',
    });
    expect(acceleratorOfPress(press('KeyJ', '∆', { metaKey: true, altKey: true }), true)).toEqual({
      accelerator: 'CommandOrControl+Alt+J',
    });
    expect(acceleratorOfPress(press('KeyJ', 'j', ctrlAlt), true)).toEqual({
      accelerator: 'Control+Alt+J',
    });
    expect(acceleratorOfPress(press('F8', 'F8', { shiftKey: true }), false)).toEqual({
      accelerator: 'Shift+F8',
    });
    expect(acceleratorOfPress(press('KeyJ', 'j', { metaKey: true }), false)).toEqual({
      accelerator: 'Super+J',
    });
  });

  it('waits while only modifiers are down, and names keys no accelerator can hold', () => {
    expect(acceleratorOfPress(press('ControlLeft', 'Control', { ctrlKey: true }), false)).toBe(
      null,
    );
    expect(acceleratorOfPress(press('AltLeft', 'Alt', ctrlAlt), false)).toBe(null);
    // 한/영 and 한자 (Lang1/Lang2), Caps Lock.
    expect(acceleratorOfPress(press('Lang1', 'HangulMode'), false)).toEqual({
      problem: 'unknownKey',
    });
    expect(acceleratorOfPress(press('CapsLock', 'CapsLock', ctrlAlt), false)).toEqual({
      problem: 'unknownKey',
    });
  });
});

describe('checking a new hotkey against the others', () => {
  it('takes a free combination, normalised, and keeps the others', () => {
    expect(checkHotkeyChange(DEFAULT_HOTKEYS, 'answer', 'ctrl+alt+j')).toEqual({
      ok: true,
      bindings: { ...DEFAULT_HOTKEYS, answer: 'Control+Alt+J' },
    });
  });

  it("refuses another action's combination, naming it, also when written differently", () => {
    expect(checkHotkeyChange(DEFAULT_HOTKEYS, 'answer', 'CommandOrControl+Alt+H')).toEqual({
      ok: false,
      problem: { kind: 'conflict', with: 'hangUp' },
    });
    // CommandOrControl is Control on Windows.
    expect(checkHotkeyChange(DEFAULT_HOTKEYS, 'hold', 'Control+Alt+M')).toEqual({
      ok: false,
      problem: { kind: 'conflict', with: 'mute' },
    });
    expect(findHotkeyConflict({ ...DEFAULT_HOTKEYS, mute: 'Control+Alt+A' })).toEqual([
      'answer',
      'mute',
    ]);
    expect(findHotkeyConflict(DEFAULT_HOTKEYS)).toBeNull();
  });

  it('passes on the grammar problem', () => {
    expect(checkHotkeyChange(DEFAULT_HOTKEYS, 'mute', 'Ctrl+V')).toEqual({
      ok: false,
      problem: { kind: 'reserved' },
    });
    expect(checkHotkeyChange(DEFAULT_HOTKEYS, 'mute', 'M')).toEqual({
      ok: false,
      problem: { kind: 'needsModifier' },
    });
  });
});

describe('displayAccelerator', () => {
  it('uses the names on the keyboard', () => {
    expect(displayAccelerator('CommandOrControl+Alt+A', false)).toBe('Ctrl+Alt+A');
    expect(displayAccelerator('CommandOrControl+Alt+A', true)).toBe('Cmd+Option+A');
    expect(displayAccelerator('Control+Shift+num5', false)).toBe('Ctrl+Shift+Num 5');
  });
});
