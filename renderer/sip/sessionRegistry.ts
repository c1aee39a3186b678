import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallRecorder } from './callRecorder';
import type { OutgoingAudio } from './outgoingAudio';

/**
 * Where a call's recording notice is: pending (answered, waiting for the media path and the
 * notice audio), playing, done (played to its end; microphone open) or failed (microphone closed).
 * Epoch ms; null until known.
 */
export interface NoticeSnapshot {
  phase: 'pending' | 'playing' | 'done' | 'failed';
  startedAt: number | null;
  endedAt: number | null;
}

/** How many ended calls' notice states are kept for diagnostics. */
const NOTICE_HISTORY = 20;

/** Everything live that belongs to one call. Never put into Redux: none of it is serialisable. */
export interface CallMedia {
  session: RTCSession;
  /** The far end's audio, once its track arrives. */
  remoteStream: MediaStream | null;
  /** The hidden <audio> element playing `remoteStream`. */
  audioElement: HTMLAudioElement | null;
  /** What the call sends (notice, gated microphone); null until the call has media. */
  outgoing: OutgoingAudio | null;
  /** A cause to report instead of JsSIP's when we end the call ourselves (no microphone, a transfer). */
  localFailureCause: string | null;
  /** The client-side recording, when the policy records calls and it started. */
  recorder: CallRecorder | null;
}

/**
 * JsSIP sessions and their media by call id (JsSIP's session.id). Redux state refers to calls by
 * the same id; only renderer/sip reads this map.
 */
export class SessionRegistry {
  private readonly calls = new Map<string, CallMedia>();
  private readonly notices = new Map<string, NoticeSnapshot>();

  add(callId: string, session: RTCSession): CallMedia {
    const entry: CallMedia = {
      session,
      remoteStream: null,
      audioElement: null,
      outgoing: null,
      localFailureCause: null,
      recorder: null,
    };
    this.calls.set(callId, entry);
    return entry;
  }

  get(callId: string): CallMedia | undefined {
    return this.calls.get(callId);
  }

  delete(callId: string): void {
    this.calls.delete(callId);
  }

  /** Records where a call's notice is (kept a while after the call ends, for diagnostics). */
  setNotice(callId: string, snapshot: NoticeSnapshot): void {
    this.notices.delete(callId);
    this.notices.set(callId, { ...snapshot });
    while (this.notices.size > NOTICE_HISTORY) {
      const oldest = this.notices.keys().next().value;
      if (oldest === undefined) break;
      this.notices.delete(oldest);
    }
  }

  notice(callId: string): NoticeSnapshot | null {
    const snapshot = this.notices.get(callId);
    return snapshot ? { ...snapshot } : null;
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
