import type { RTCSession } from 'jssip/lib/RTCSession';
import type { HoldOutcome } from './sipTypes';

/**
 * Hold and resume that never lie about the call.
 *
 * JsSIP's own hold()/unhold() mark the call held before the far end has answered, and end the
 * whole call ("Hold Failed") when the re-INVITE is refused. An agent must see 보류 only once the
 * customer's side agreed, and a refused hold must leave the call talking. So the re-INVITE goes
 * through JsSIP's re-offer path directly: with `_localHold` set, JsSIP writes a=sendonly into the
 * offer (a=sendrecv without it), and the outcome of the transaction decides the state. A refused
 * offer is rolled back so the peer connection is ready for the next one.
 *
 * These are JsSIP internals (checked against jssip 3.13, which package.json pins with ^3.13);
 * {@link reofferSurface} refuses a session that does not have them rather than guessing.
 */
interface ReofferSurface {
  _localHold: boolean;
  _sendReinvite(options: {
    eventHandlers: {
      succeeded: (response: unknown) => void;
      failed: (response?: unknown) => void;
    };
    rtcOfferConstraints?: OfferOptions;
  }): void;
  isReadyToReOffer(): boolean;
  connection: PeerConnectionLike | null;
}

/** RTCOfferOptions, spelled out: the unit tests' Node typings have no DOM. */
interface OfferOptions {
  iceRestart?: boolean;
  offerToReceiveAudio?: boolean;
  offerToReceiveVideo?: boolean;
}

/** The part of RTCPeerConnection a rollback needs. */
interface PeerConnectionLike {
  readonly signalingState: string;
  setLocalDescription(description: { type: 'rollback' }): Promise<void>;
}

function reofferSurface(session: RTCSession): ReofferSurface | null {
  const candidate = session as unknown as Partial<ReofferSurface>;
  return typeof candidate._sendReinvite === 'function' &&
    typeof candidate.isReadyToReOffer === 'function' &&
    typeof candidate._localHold === 'boolean'
    ? (candidate as ReofferSurface)
    : null;
}

/**
 * JsSIP itself sends a re-INVITE answered 491 once more after 1 s. If that meets 491 too, the
 * far end keeps re-offering at the same moment; one more try after the RFC 3261 §14.1 random
 * wait usually separates the two. Attempts here, each of them JsSIP's pair.
 */
const GLARE_ATTEMPTS = 2;

/**
 * RFC 3261 §14.1: the side that owns the Call-ID (it sent the first INVITE) waits 2.1-4 s
 * before trying again, the other side 0-2 s, so two retrying ends do not collide again.
 */
export function glareRetryDelayMs(ownsCallId: boolean, random: () => number = Math.random): number {
  const [min, max] = ownsCallId ? [2100, 4000] : [0, 2000];
  return Math.round((min + (max - min) * random()) / 10) * 10;
}

const statusOf = (response: unknown): number | null => {
  const code = (response as { status_code?: unknown } | undefined)?.status_code;
  return typeof code === 'number' ? code : null;
};

/** One re-INVITE with the given hold state; resolves with what the far end said. */
function reofferOnce(
  surface: ReofferSurface,
  held: boolean,
  rtcOfferConstraints?: OfferOptions,
): Promise<HoldOutcome> {
  if (!surface.isReadyToReOffer()) {
    return Promise.resolve({ ok: false, failure: 'busy', statusCode: null });
  }
  const before = surface._localHold;
  surface._localHold = held;
  return new Promise((resolve) => {
    surface._sendReinvite({
      ...(rtcOfferConstraints ? { rtcOfferConstraints } : {}),
      eventHandlers: {
        succeeded: () => resolve({ ok: true }),
        failed: (response) => {
          surface._localHold = before;
          void rollBack(surface.connection).finally(() => {
            const statusCode = statusOf(response);
            if (statusCode === 491) resolve({ ok: false, failure: 'glare', statusCode });
            else if (statusCode !== null) resolve({ ok: false, failure: 'refused', statusCode });
            else resolve({ ok: false, failure: 'media', statusCode: null });
          });
        },
      },
    });
  });
}

/** Undoes our unanswered offer, so the call keeps the media it had and can re-offer later. */
async function rollBack(pc: PeerConnectionLike | null): Promise<void> {
  if (pc?.signalingState !== 'have-local-offer') return;
  try {
    await pc.setLocalDescription({ type: 'rollback' });
  } catch {
    // closed meanwhile: the call is ending anyway
  }
}

export interface HoldOptions {
  /** True when this side sent the call's first INVITE (see {@link glareRetryDelayMs}). */
  ownsCallId: boolean;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Puts the call on hold (`held` true) or takes it off hold, by re-INVITE; a repeated 491 is
 * retried after the RFC's random wait. Resolves once the far end agreed ({ ok: true }) or with why not; on
 * failure the call is left exactly as it was.
 */
export function reinviteHold(
  session: RTCSession,
  held: boolean,
  options: HoldOptions,
): Promise<HoldOutcome> {
  return reinvite(session, () => held, undefined, options);
}

/**
 * ICE restart (RFC 8839 §4.4.1.1.1) by re-INVITE: fresh ICE credentials and candidates after
 * the network changed or the media path failed, in the call's current hold state. Like a hold,
 * a refused or failed offer leaves the call as it was instead of ending it (JsSIP's renegotiate()
 * would hang up with 500 "Media Renegotiation Failed").
 */
export function reinviteIceRestart(
  session: RTCSession,
  options: HoldOptions,
): Promise<HoldOutcome> {
  return reinvite(
    session,
    (surface) => surface._localHold,
    { iceRestart: true, offerToReceiveAudio: true, offerToReceiveVideo: false },
    options,
  );
}

async function reinvite(
  session: RTCSession,
  held: (surface: ReofferSurface) => boolean,
  rtcOfferConstraints: OfferOptions | undefined,
  options: HoldOptions,
): Promise<HoldOutcome> {
  const surface = reofferSurface(session);
  if (!surface) return { ok: false, failure: 'busy', statusCode: null };
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  let outcome: HoldOutcome = { ok: false, failure: 'busy', statusCode: null };
  for (let attempt = 1; attempt <= GLARE_ATTEMPTS; attempt++) {
    if (session.isEnded()) return { ok: false, failure: 'busy', statusCode: null };
    outcome = await reofferOnce(surface, held(surface), rtcOfferConstraints);
    if (outcome.ok || outcome.failure !== 'glare') return outcome;
    if (attempt < GLARE_ATTEMPTS)
      await sleep(glareRetryDelayMs(options.ownsCallId, options.random));
  }
  return outcome;
}
