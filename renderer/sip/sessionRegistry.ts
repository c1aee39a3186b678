import type { RTCSession } from 'jssip/lib/RTCSession';

/** Everything live that belongs to one call. Never put into Redux: none of it is serialisable. */
export interface CallMedia {
  session: RTCSession;
  /** The far end's audio, once its track arrives. */
  remoteStream: MediaStream | null;
  /** The hidden <audio> element playing `remoteStream`. */
  audioElement: HTMLAudioElement | null;
}

/**
 * JsSIP sessions and their media by call id (JsSIP's session.id). Redux state refers to calls by
 * the same id; only renderer/sip reads this map.
 */
export class SessionRegistry {
  private readonly calls = new Map<string, CallMedia>();

  add(callId: string, session: RTCSession): CallMedia {
    const entry: CallMedia = { session, remoteStream: null, audioElement: null };
    this.calls.set(callId, entry);
    return entry;
  }

  get(callId: string): CallMedia | undefined {
    return this.calls.get(callId);
  }

  delete(callId: string): void {
    this.calls.delete(callId);
  }

  entries(): Array<[string, CallMedia]> {
    return [...this.calls.entries()];
  }

  get size(): number {
    return this.calls.size;
  }
}

/** The one registry of this window. */
export const sessionRegistry = new SessionRegistry();
