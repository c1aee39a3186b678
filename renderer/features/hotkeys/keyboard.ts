import type { KeyLike } from './accelerator';

/** A key press the hotkeys may act on and then keep from the page. */
export interface KeyPress extends KeyLike {
  /** Held down: the OS repeats the keydown. */
  readonly repeat: boolean;
  preventDefault(): void;
  stopPropagation(): void;
}

/** Where the hotkeys hear keys: the app's window (tests pass their own). */
export interface KeyboardSource {
  /** CommandOrControl is ⌘ on a Mac, Ctrl elsewhere. */
  readonly mac: boolean;
  /** Calls `listener` for every key pressed in the window; returns the unsubscribe. */
  onKeyDown(listener: (press: KeyPress) => void): () => void;
}
