// What the bare JsSIP page (barePhone.ts) puts on `window.barePhone`: shared by the page and the
// bench that drives it. Types only.

/** One call's timing, measured inside the page with performance.now(). */
export interface BareCallTiming {
  /** ua.call() -> the session's 'confirmed' event (ACK sent), in ms. */
  setupMs: number;
  /** Other session events after ua.call(), in ms: inviteSentMs, progressMs, acceptedMs. */
  marks: Record<string, number>;
}

export interface BarePhone {
  jssipVersion: string;
  /** Resolves with performance.now() (ms since navigation start) at the UA's 'registered'. */
  registered: Promise<number>;
  /** Calls `target` and resolves at 'confirmed'; rejects when the call fails. */
  call(target: string): Promise<BareCallTiming>;
  /** Ends the current call and resolves once it has ended. */
  hangup(): Promise<void>;
  /** Unregisters (waits up to 2 s) and stops the UA. */
  stop(): Promise<void>;
}
