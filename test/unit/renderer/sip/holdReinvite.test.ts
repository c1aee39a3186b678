import type { RTCSession } from 'jssip/lib/RTCSession';
import { describe, expect, it } from 'vitest';
import {
  glareRetryDelayMs,
  reinviteHold,
  reinviteIceRestart,
} from '../../../../renderer/sip/holdReinvite';

/**
 * A stand-in for the part of a JsSIP session reinviteHold uses: each re-INVITE is answered with
 * the next status in `answers` (200 succeeds), and the offer it sent is recorded with the hold
 * state JsSIP would have written into it (a=sendonly while _localHold is set).
 */
function fakeSession(answers: number[], options: { ready?: boolean } = {}) {
  const offers: boolean[] = [];
  const constraints: Array<Record<string, unknown> | undefined> = [];
  const rollbacks: string[] = [];
  const connection = {
    signalingState: 'stable',
    async setLocalDescription(description: { type: string }) {
      rollbacks.push(description.type);
      connection.signalingState = 'stable';
    },
  };
  const session = {
    _localHold: false,
    connection,
    isEnded: () => false,
    isReadyToReOffer: () => options.ready ?? true,
    _sendReinvite({
      eventHandlers,
      rtcOfferConstraints,
    }: {
      eventHandlers: { succeeded(r: unknown): void; failed(r?: unknown): void };
      rtcOfferConstraints?: Record<string, unknown>;
    }) {
      offers.push(session._localHold);
      constraints.push(rtcOfferConstraints);
      connection.signalingState = 'have-local-offer';
      const status = answers.shift() ?? 500;
      queueMicrotask(() => {
        if (status === 200) {
          connection.signalingState = 'stable';
          eventHandlers.succeeded({ status_code: 200 });
        } else eventHandlers.failed({ status_code: status });
      });
    },
  };
  return { session, asRtc: session as unknown as RTCSession, offers, rollbacks, constraints };
}

const sleeper = () => {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
};

describe('hold by re-INVITE (reinviteHold)', () => {
  it('is held once the far end answers 200, with a=sendonly in the offer', async () => {
    const fake = fakeSession([200]);
    const outcome = await reinviteHold(fake.asRtc, true, { ownsCallId: true });
    expect(outcome).toEqual({ ok: true });
    expect(fake.offers).toEqual([true]);
    expect(fake.session._localHold).toBe(true);
    expect(fake.rollbacks).toEqual([]);
  });

  it('a refused hold (488) keeps the call as it was and rolls the offer back', async () => {
    const fake = fakeSession([488]);
    const outcome = await reinviteHold(fake.asRtc, true, { ownsCallId: false });
    expect(outcome).toEqual({ ok: false, failure: 'refused', statusCode: 488 });
    expect(fake.session._localHold).toBe(false);
    expect(fake.rollbacks).toEqual(['rollback']);
    expect(fake.session.connection.signalingState).toBe('stable');
  });

  it('a 491 that JsSIP could not settle is tried again after the RFC 3261 wait', async () => {
    const fake = fakeSession([491, 200]);
    const { sleeps, sleep } = sleeper();
    const outcome = await reinviteHold(fake.asRtc, true, {
      ownsCallId: true,
      sleep,
      random: () => 0.5,
    });
    expect(outcome).toEqual({ ok: true });
    expect(fake.offers).toEqual([true, true]);
    expect(sleeps).toEqual([3050]);
  });

  it('gives up after two such 491s and says glare; resume refused leaves it held', async () => {
    const glare = fakeSession([491, 491, 200]);
    const { sleep } = sleeper();
    expect(await reinviteHold(glare.asRtc, true, { ownsCallId: false, sleep })).toEqual({
      ok: false,
      failure: 'glare',
      statusCode: 491,
    });
    expect(glare.offers).toHaveLength(2);

    const held = fakeSession([200, 403]);
    await reinviteHold(held.asRtc, true, { ownsCallId: true });
    expect(await reinviteHold(held.asRtc, false, { ownsCallId: true })).toMatchObject({
      ok: false,
      failure: 'refused',
      statusCode: 403,
    });
    expect(held.offers).toEqual([true, false]);
    expect(held.session._localHold).toBe(true);
  });

  it('sends nothing while another offer is out', async () => {
    const fake = fakeSession([200], { ready: false });
    expect(await reinviteHold(fake.asRtc, true, { ownsCallId: true })).toEqual({
      ok: false,
      failure: 'busy',
      statusCode: null,
    });
    expect(fake.offers).toEqual([]);
  });

  it('refuses a session without the JsSIP internals it relies on', async () => {
    const outcome = await reinviteHold({ isEnded: () => false } as unknown as RTCSession, true, {
      ownsCallId: true,
    });
    expect(outcome).toMatchObject({ ok: false, failure: 'busy' });
  });
});

describe('glareRetryDelayMs (RFC 3261 §14.1)', () => {
  it('waits 2.1-4 s when this side owns the Call-ID and 0-2 s otherwise, in 10 ms steps', () => {
    expect(glareRetryDelayMs(true, () => 0)).toBe(2100);
    expect(glareRetryDelayMs(true, () => 0.9999)).toBe(4000);
    expect(glareRetryDelayMs(false, () => 0)).toBe(0);
    expect(glareRetryDelayMs(false, () => 0.9999)).toBe(2000);
    expect(glareRetryDelayMs(false, () => 0.123) % 10).toBe(0);
  });
});

describe('ICE restart by re-INVITE (reinviteIceRestart)', () => {
  it('offers fresh ICE in the hold state the call is in', async () => {
    const fake = fakeSession([200]);
    fake.session._localHold = true;
    expect(await reinviteIceRestart(fake.asRtc, { ownsCallId: true })).toEqual({ ok: true });
    expect(fake.offers).toEqual([true]);
    expect(fake.constraints).toEqual([
      { iceRestart: true, offerToReceiveAudio: true, offerToReceiveVideo: false },
    ]);
    expect(fake.session._localHold).toBe(true);
  });

  it('a refused restart leaves the call as it was (no hang-up), the offer rolled back', async () => {
    const fake = fakeSession([488]);
    expect(await reinviteIceRestart(fake.asRtc, { ownsCallId: false })).toEqual({
      ok: false,
      failure: 'refused',
      statusCode: 488,
    });
    expect(fake.rollbacks).toEqual(['rollback']);
    expect(fake.session._localHold).toBe(false);
  });
});
