import type { CallDirection, RemoteParty, SipCredentials } from '../../preload/contract';

/**
 * The plain, serialisable events the SIP agent emits. Nothing here refers to a JsSIP object:
 * app/sipListeners.ts maps them into Redux actions, and tests can emit them from a fake.
 */
export interface SipAgentEventMap {
  /** The WebSocket is being opened (`attempts` counts reconnection attempts). */
  transportConnecting: { attempts: number };
  transportConnected: Record<string, never>;
  /** The WebSocket closed; JsSIP retries with its recovery intervals. */
  transportDisconnected: { error: boolean; code: number | null };
  registered: { expires: number | null };
  unregistered: Record<string, never>;
  /** `cause` is a JsSIP cause string ('Authentication Error', 'Request Timeout', …). */
  registrationFailed: { cause: string; statusCode: number | null };
  /** The UA could not even be created (bad configuration). */
  startFailed: { reason: 'configuration' | 'internal' };
  /** A call exists: an INVITE came in, or the agent dialled. */
  callStarted: { callId: string; direction: CallDirection; remote: RemoteParty };
  /** 1xx received (outgoing): the far end is ringing. */
  callProgress: { callId: string; statusCode: number | null };
  /** The call is answered and acknowledged (200 OK + ACK). */
  callConfirmed: { callId: string };
  /**
   * The call is over. `cause` is JsSIP's cause; `originator` says who ended it; `established`
   * is false when the call never got answered (JsSIP's 'failed').
   */
  callEnded: {
    callId: string;
    cause: string;
    originator: 'local' | 'remote' | 'system';
    established: boolean;
    statusCode: number | null;
  };
  /** stop() finished: unregistered (or gave up waiting) and the UA is closed. */
  stopped: Record<string, never>;
}

export type SipAgentEventName = keyof SipAgentEventMap;
export type SipAgentListener<E extends SipAgentEventName> = (payload: SipAgentEventMap[E]) => void;

export interface SipStartOptions {
  /** Echo cancellation, noise suppression and gain control on the microphone. */
  micProcessing: boolean;
  /** Sent as `User-Agent: SoriDesk/<version>`. */
  appVersion: string;
}

/**
 * What the rest of the renderer may do with SIP. Listener middleware receives this (not the
 * class) so that feature listeners can be tested with a fake.
 */
export interface SipAgentPort {
  start(credentials: SipCredentials, options: SipStartOptions): void;
  /** Unregisters, ends calls and closes the socket; resolves when done or after a short wait. */
  stop(): Promise<void>;
  setMicProcessing(enabled: boolean): void;
  /** Dials a SIP URI that the caller has validated; returns the new call id. */
  call(targetUri: string): string;
  answer(callId: string): void;
  /** Refuses an incoming call: 603 Decline (the agent chose), or 486 Busy Here (already on a call). */
  reject(callId: string, reason?: 'decline' | 'busy'): void;
  hangup(callId: string): void;
  on<E extends SipAgentEventName>(event: E, listener: SipAgentListener<E>): () => void;
}
