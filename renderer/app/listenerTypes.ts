import type { TypedStartListening, ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';
import type { Language, SoriApi } from '../../preload/contract';
import type { KeyboardSource } from '../features/hotkeys/keyboard';
import type { DesktopNotifier } from '../platform/desktopNotifier';
import type { HeadsetSource } from '../platform/headset/headsetSource';
import type { SipAgentPort } from '../sip/sipTypes';
import type { RootState } from './rootReducer';

/**
 * What listeners may touch besides the store: the bridge to main, the SIP agent, and the page's
 * language. Passed as the listener middleware's `extra`, so feature listeners can be tested with
 * fakes and never reach for globals.
 */
export interface AppExtra {
  sori: SoriApi;
  sip: SipAgentPort;
  /** Switches i18next and <html lang>. */
  applyLanguage(language: Language): void | Promise<void>;
  /** The language to use if main cannot say (the browser's). */
  fallbackLanguage: Language;
  /** Epoch milliseconds (a test clock can stand in). */
  now(): number;
  /** A USB headset's call buttons and lights (WebHID); absent in tests that have none. */
  headset?: HeadsetSource;
  /** The OS's desktop notifications (an incoming call while the window is not in front). */
  notifier?: DesktopNotifier;
  /** Key presses of the window, for the hotkeys; absent where no test presses keys. */
  keyboard?: KeyboardSource;
}

export type AppDispatch = ThunkDispatch<RootState, unknown, UnknownAction>;
export type AppStartListening = TypedStartListening<RootState, AppDispatch, AppExtra>;
