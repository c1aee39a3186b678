// What the app-page probe (appProbe.ts) puts on `window.__benchProbe`. Types only.

/** The UI words the probe looks for, in the app's language. */
export interface AppProbeLabels {
  /** The dial button's text, e.g. 'Dial' / '걸기'. */
  dial: string;
  /** The call status region's accessible name, e.g. 'Call status' / '통화 상태'. */
  callStatus: string;
  /** The status text of an answered call, e.g. 'Talking' / '통화중'. */
  talking: string;
  /** The prefix of the status text after a call ended, e.g. 'Call ended' / '통화 종료'. */
  ended: string;
}

/** One call's timing, measured inside the page with performance.now(). */
export interface AppCallTiming {
  /** Dial click -> the call status region's text became `talking` (MutationObserver), in ms. */
  setupMs: number;
  /** Dial click -> the next animation frame after that (the change on screen), in ms. */
  talkingFrameMs: number;
  /** Every text the call status region showed after the click, with ms since the click. */
  transitions: Array<{ text: string; ms: number }>;
}

export interface AppProbe {
  /** Resets the probe: the next click on the dial button starts the clock. */
  arm(labels: AppProbeLabels): void;
  /**
   * Resolves once the status shows `talking` (rejects when it shows `ended…` first, or after
   * `timeoutMs`).
   */
  result(timeoutMs: number): Promise<AppCallTiming>;
  /**
   * Resolves with performance.now() (ms since navigation start) at the moment the status region
   * named `label` shows `text`, observed by a MutationObserver; with null when it already shows
   * it (the moment was missed). Rejects after `timeoutMs`.
   */
  shownAt(label: string, text: string, timeoutMs: number): Promise<number | null>;
}
