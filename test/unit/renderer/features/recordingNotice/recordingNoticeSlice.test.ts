import type { UnknownAction } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import {
  callConfirmed,
  callEnded,
  callStarted,
} from '../../../../../renderer/features/calls/callsSlice';
import {
  noticeFailed,
  noticeLoaded,
  noticeLoadFailed,
  noticeLoadStarted,
  noticePlayed,
  noticeProgressed,
  noticeStarted,
  recordingNoticeSlice,
  type RecordingNoticeState,
} from '../../../../../renderer/features/recordingNotice/recordingNoticeSlice';
import { SipCause } from '../../../../../renderer/sip/causes';

const reduce = (actions: UnknownAction[], state?: RecordingNoticeState) =>
  actions.reduce(
    (s, a) => recordingNoticeSlice.reducer(s, a),
    state ?? recordingNoticeSlice.reducer(undefined, { type: '@@init' }),
  );

const customer = { uri: 'sip:2001@127.0.0.1', displayName: null };
const answered = (callId: string) => [
  callStarted({ callId, direction: 'outbound', remote: customer, at: 1 }),
  callConfirmed({ callId, at: 2 }),
];

describe('recordingNoticeSlice', () => {
  it('has nothing for a call that is not answered yet', () => {
    const state = reduce([
      callStarted({ callId: 'c1', direction: 'inbound', remote: customer, at: 1 }),
    ]);
    expect(state.byCallId).toEqual({});
  });

  it('follows a notice from answer to the end: pending, playing with progress, done', () => {
    const pending = reduce(answered('c1'));
    expect(pending.byCallId['c1']).toMatchObject({ phase: 'pending', progress: 0, failure: null });

    const playing = reduce(
      [
        noticeStarted({ callId: 'c1', language: 'ko', durationMs: 7300 }),
        noticeProgressed({ callId: 'c1', percent: 40.7 }),
      ],
      pending,
    );
    expect(playing.byCallId['c1']).toMatchObject({
      phase: 'playing',
      progress: 40,
      language: 'ko',
      durationMs: 7300,
    });

    const done = reduce([noticePlayed({ callId: 'c1', language: 'ko' })], playing);
    expect(done.byCallId['c1']).toMatchObject({ phase: 'done', progress: 100 });
  });

  it('never moves progress backwards, nor to 100 before the notice has ended', () => {
    const state = reduce([
      ...answered('c1'),
      noticeStarted({ callId: 'c1', language: 'en', durationMs: 4700 }),
      noticeProgressed({ callId: 'c1', percent: 60 }),
      noticeProgressed({ callId: 'c1', percent: 30 }),
    ]);
    expect(state.byCallId['c1']!.progress).toBe(60);
    const late = reduce([noticeProgressed({ callId: 'c1', percent: 100 })], state);
    expect(late.byCallId['c1']!.progress).toBe(99);
  });

  it('keeps a failure (microphone closed) and ignores progress after it', () => {
    const state = reduce([
      ...answered('c1'),
      noticeFailed({ callId: 'c1', language: 'ko', failure: 'invalid' }),
      noticeProgressed({ callId: 'c1', percent: 50 }),
      noticePlayed({ callId: 'c1', language: 'ko' }),
    ]);
    expect(state.byCallId['c1']).toMatchObject({
      phase: 'failed',
      failure: 'invalid',
      progress: 0,
    });
  });

  it('does not turn a played notice into a failure when the call then ends', () => {
    const state = reduce([
      ...answered('c1'),
      noticeStarted({ callId: 'c1', language: 'ko', durationMs: 7300 }),
      noticePlayed({ callId: 'c1', language: 'ko' }),
      noticeFailed({ callId: 'c1', language: 'ko', failure: 'call_ended' }),
      callEnded({ callId: 'c1', cause: SipCause.BYE, originator: 'local', at: 9 }),
    ]);
    expect(state.byCallId['c1']).toMatchObject({ phase: 'done', callOver: true });
  });

  it('forgets the notices of ended calls when the next call starts', () => {
    const state = reduce([
      ...answered('c1'),
      callEnded({ callId: 'c1', cause: SipCause.BYE, originator: 'remote', at: 9 }),
      callStarted({ callId: 'c2', direction: 'inbound', remote: customer, at: 10 }),
    ]);
    expect(state.byCallId).toEqual({});
  });

  it('tracks each language of the notice library', () => {
    const state = reduce([
      noticeLoadStarted({ language: 'ko' }),
      noticeLoadStarted({ language: 'en' }),
      noticeLoaded({ language: 'ko', sha256: 'a'.repeat(64) }),
      noticeLoadFailed({ language: 'en', failure: 'invalid' }),
    ]);
    expect(state.library).toEqual({
      ko: { status: 'ready', sha256: 'a'.repeat(64) },
      en: { status: 'failed', failure: 'invalid' },
    });
  });
});
