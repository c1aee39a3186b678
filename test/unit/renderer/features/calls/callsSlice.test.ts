import { describe, expect, it } from 'vitest';
import {
  answerClicked,
  callConfirmed,
  callEnded,
  callProgressed,
  callsSlice,
  callStarted,
  dialInputEdited,
  dialLinkReceived,
  dialRefused,
  holdClicked,
  holdSettled,
  muteToggled,
  resumeClicked,
  transferRefused,
  transferSettled,
  transferStarted,
  transferToggled,
  answerAborted,
  lineFocused,
  consultStarted,
  type CallsState,
} from '../../../../../renderer/features/calls/callsSlice';
import { AppCause, SipCause } from '../../../../../renderer/sip/causes';
import type { UnknownAction } from '@reduxjs/toolkit';

const reduce = (actions: UnknownAction[], state?: CallsState) =>
  actions.reduce(
    (s, a) => callsSlice.reducer(s, a),
    state ?? callsSlice.reducer(undefined, { type: '@@init' }),
  );

const customer = { uri: 'sip:2001@127.0.0.1', displayName: '김고객' };

describe('callsSlice', () => {
  it('follows an incoming call: ringing, answering, talking, ended by the caller', () => {
    const ringing = reduce([
      callStarted({ callId: 'c1', direction: 'inbound', remote: customer, at: 1000 }),
    ]);
    expect(ringing.byId['c1']).toMatchObject({
      phase: 'ringing',
      startedAt: 1000,
      answeredAt: null,
    });
    expect(ringing.order).toEqual(['c1']);

    const talking = reduce(
      [answerClicked({ callId: 'c1' }), callConfirmed({ callId: 'c1', at: 3000 })],
      ringing,
    );
    expect(talking.byId['c1']).toMatchObject({ phase: 'talking', answeredAt: 3000 });

    const ended = reduce(
      [callEnded({ callId: 'c1', cause: SipCause.BYE, originator: 'remote', at: 9000 })],
      talking,
    );
    expect(ended.byId).toEqual({});
    expect(ended.order).toEqual([]);
    expect(ended.lastEnded).toMatchObject({
      callId: 'c1',
      direction: 'inbound',
      answeredAt: 3000,
      endedAt: 9000,
      endReason: 'remote_hangup',
      message: 'remoteHangup',
    });
  });

  it('follows an outgoing call that the far end rejects as busy', () => {
    const state = reduce([
      dialInputEdited({ text: '010-1234-5678' }),
      callStarted({
        callId: 'c2',
        direction: 'outbound',
        remote: { uri: 'sip:01012345678@127.0.0.1', displayName: null },
        at: 1,
      }),
      callProgressed({ callId: 'c2' }),
    ]);
    expect(state.byId['c2']?.phase).toBe('alerting');
    expect(state.dialInput).toBe('010-1234-5678');
    const ended = reduce(
      [callEnded({ callId: 'c2', cause: SipCause.BUSY, originator: 'remote', at: 5 })],
      state,
    );
    expect(ended.lastEnded).toMatchObject({ endReason: 'busy', message: 'busy', answeredAt: null });
  });

  it('records a missed call when the caller gives up', () => {
    const state = reduce([
      callStarted({ callId: 'c3', direction: 'inbound', remote: customer, at: 1 }),
      callEnded({ callId: 'c3', cause: SipCause.CANCELED, originator: 'remote', at: 2 }),
    ]);
    expect(state.lastEnded).toMatchObject({ endReason: 'canceled', message: 'missed' });
  });

  it('ignores events for calls it does not know and duplicate starts', () => {
    const start = callStarted({ callId: 'c4', direction: 'inbound', remote: customer, at: 1 });
    const state = reduce([
      start,
      start,
      callConfirmed({ callId: 'nope', at: 2 }),
      callEnded({ callId: 'nope', cause: SipCause.BYE, originator: 'local', at: 3 }),
    ]);
    expect(state.order).toEqual(['c4']);
    expect(state.lastEnded).toBeNull();
  });

  it('keeps the first answer time', () => {
    const state = reduce([
      callStarted({ callId: 'c5', direction: 'outbound', remote: customer, at: 1 }),
      callConfirmed({ callId: 'c5', at: 10 }),
      callConfirmed({ callId: 'c5', at: 20 }),
    ]);
    expect(state.byId['c5']?.answeredAt).toBe(10);
  });

  it('clears the last ended call when a new call starts', () => {
    const state = reduce([
      callStarted({ callId: 'a', direction: 'outbound', remote: customer, at: 1 }),
      callEnded({ callId: 'a', cause: SipCause.BYE, originator: 'local', at: 2 }),
      callStarted({ callId: 'b', direction: 'inbound', remote: customer, at: 3 }),
    ]);
    expect(state.lastEnded).toBeNull();
  });

  it('fills the number field from a dial link and clears problems on edit', () => {
    let state = reduce([dialRefused({ problem: 'invalidNumber' })]);
    expect(state.dialProblem).toBe('invalidNumber');
    state = reduce([dialLinkReceived({ target: '+821012345678' })], state);
    expect(state).toMatchObject({ dialInput: '+821012345678', dialProblem: null });
    state = reduce(
      [dialRefused({ problem: 'notRegistered' }), dialInputEdited({ text: '1' })],
      state,
    );
    expect(state.dialProblem).toBeNull();
  });

  describe('보류 (hold) follows what the far end agreed to', () => {
    const talking = () =>
      reduce([
        callStarted({ callId: 'c1', direction: 'outbound', remote: customer, at: 1000 }),
        callConfirmed({ callId: 'c1', at: 2000 }),
      ]);

    it('is held only after the re-INVITE succeeded, and talking again only after resume did', () => {
      const holding = reduce([holdClicked({ callId: 'c1' })], talking());
      expect(holding.byId['c1']).toMatchObject({ hold: 'holding', holdProblem: null });
      const held = reduce(
        [holdSettled({ callId: 'c1', action: 'hold', outcome: { ok: true } })],
        holding,
      );
      expect(held.byId['c1']?.hold).toBe('held');
      const resuming = reduce([resumeClicked({ callId: 'c1' })], held);
      expect(resuming.byId['c1']?.hold).toBe('resuming');
      const back = reduce(
        [holdSettled({ callId: 'c1', action: 'resume', outcome: { ok: true } })],
        resuming,
      );
      expect(back.byId['c1']).toMatchObject({ hold: 'none', phase: 'talking' });
    });

    it('a refused hold leaves the call talking with the reason; a refused resume leaves it held', () => {
      const refused = reduce(
        [
          holdClicked({ callId: 'c1' }),
          holdSettled({
            callId: 'c1',
            action: 'hold',
            outcome: { ok: false, failure: 'refused', statusCode: 488 },
          }),
        ],
        talking(),
      );
      expect(refused.byId['c1']).toMatchObject({
        hold: 'none',
        phase: 'talking',
        holdProblem: { action: 'hold', failure: 'refused', statusCode: 488 },
      });
      const stillHeld = reduce(
        [
          holdClicked({ callId: 'c1' }),
          holdSettled({ callId: 'c1', action: 'hold', outcome: { ok: true } }),
          resumeClicked({ callId: 'c1' }),
          holdSettled({
            callId: 'c1',
            action: 'resume',
            outcome: { ok: false, failure: 'glare', statusCode: 491 },
          }),
        ],
        refused,
      );
      expect(stillHeld.byId['c1']).toMatchObject({
        hold: 'held',
        holdProblem: { action: 'resume', failure: 'glare' },
      });
    });

    it('ignores hold before the call is answered and resume when not held; mute toggles', () => {
      const ringing = reduce([
        callStarted({ callId: 'c2', direction: 'inbound', remote: customer, at: 1 }),
        holdClicked({ callId: 'c2' }),
        resumeClicked({ callId: 'c2' }),
        muteToggled({ callId: 'c2' }),
      ]);
      expect(ringing.byId['c2']).toMatchObject({ hold: 'none', muted: false });
      const muted = reduce(
        [resumeClicked({ callId: 'c1' }), muteToggled({ callId: 'c1' })],
        talking(),
      );
      expect(muted.byId['c1']).toMatchObject({ hold: 'none', muted: true });
      expect(reduce([muteToggled({ callId: 'c1' })], muted).byId['c1']?.muted).toBe(false);
    });
  });

  it('호전환: the form opens on a talking call, waits while transferring, keeps the call on failure', () => {
    const talking = reduce([
      callStarted({ callId: 'c1', direction: 'inbound', remote: customer, at: 1 }),
      transferToggled({ callId: 'c1' }),
      callConfirmed({ callId: 'c1', at: 2 }),
    ]);
    expect(talking.byId['c1']?.transfer).toBeNull();
    const open = reduce([transferToggled({ callId: 'c1' })], talking);
    expect(open.byId['c1']?.transfer).toEqual({
      phase: 'open',
      targetUri: null,
      consultCallId: null,
      problem: null,
    });
    const badTarget = reduce(
      [transferRefused({ callId: 'c1', problem: { kind: 'target', error: 'invalidNumber' } })],
      open,
    );
    expect(badTarget.byId['c1']?.transfer?.problem).toEqual({
      kind: 'target',
      error: 'invalidNumber',
    });
    const transferring = reduce(
      [transferStarted({ callId: 'c1', targetUri: 'sip:1002@127.0.0.1' })],
      badTarget,
    );
    expect(transferring.byId['c1']?.transfer).toMatchObject({
      phase: 'transferring',
      problem: null,
    });
    // Toggling while the customer's phone calls the target does nothing.
    expect(
      reduce([transferToggled({ callId: 'c1' })], transferring).byId['c1']?.transfer?.phase,
    ).toBe('transferring');
    const failed = reduce(
      [
        transferSettled({
          callId: 'c1',
          outcome: { ok: false, failure: 'targetFailed', statusCode: 404 },
        }),
      ],
      transferring,
    );
    expect(failed.byId['c1']).toMatchObject({
      phase: 'talking',
      transfer: {
        phase: 'open',
        targetUri: 'sip:1002@127.0.0.1',
        problem: { kind: 'failed', failure: 'targetFailed', statusCode: 404 },
      },
    });
    const ended = reduce(
      [
        transferSettled({ callId: 'c1', outcome: { ok: true } }),
        callEnded({ callId: 'c1', cause: AppCause.TRANSFERRED, originator: 'local', at: 9 }),
      ],
      failed,
    );
    expect(ended.lastEnded).toMatchObject({ endReason: 'transferred', message: 'transferred' });
  });

  it('call waiting: the second call rings without taking the focus, and takes it once answered', () => {
    const first = reduce([
      callStarted({ callId: 'c1', direction: 'outbound', remote: customer, at: 1 }),
      callConfirmed({ callId: 'c1', at: 2 }),
    ]);
    const waiting = reduce(
      [callStarted({ callId: 'c2', direction: 'inbound', remote: customer, at: 3 })],
      first,
    );
    expect(waiting.order).toEqual(['c1', 'c2']);
    expect(waiting.focusedId).toBe('c1');
    expect(waiting.byId['c2']?.phase).toBe('ringing');

    // The first line could not be held: the waiting call rings on, the focus stays.
    const aborted = reduce(
      [answerClicked({ callId: 'c2' }), answerAborted({ callId: 'c2' })],
      waiting,
    );
    expect(aborted.byId['c2']?.phase).toBe('ringing');
    expect(aborted.focusedId).toBe('c1');

    const answered = reduce(
      [answerClicked({ callId: 'c2' }), callConfirmed({ callId: 'c2', at: 4 })],
      aborted,
    );
    expect(answered.focusedId).toBe('c2');
    const swapped = reduce([lineFocused({ callId: 'c1' })], answered);
    expect(swapped.focusedId).toBe('c1');
    // The line the agent is on ends: the focus goes to the remaining (held) line.
    const oneLeft = reduce(
      [callEnded({ callId: 'c1', cause: SipCause.BYE, originator: 'remote', at: 5 })],
      swapped,
    );
    expect(oneLeft.focusedId).toBe('c2');
    expect(oneLeft.lastEnded?.callId).toBe('c1');
    expect(
      reduce(
        [callEnded({ callId: 'c2', cause: SipCause.BYE, originator: 'local', at: 6 })],
        oneLeft,
      ).focusedId,
    ).toBeNull();
  });

  it('협의통화: the consult call takes the focus; when it ends the customer line is back with the field open', () => {
    const consulting = reduce([
      callStarted({ callId: 'cust', direction: 'inbound', remote: customer, at: 1 }),
      callConfirmed({ callId: 'cust', at: 2 }),
      transferToggled({ callId: 'cust' }),
      callStarted({
        callId: 'consult',
        direction: 'outbound',
        remote: { uri: 'sip:1002@127.0.0.1', displayName: null },
        at: 3,
      }),
      consultStarted({ callId: 'cust', targetUri: 'sip:1002@127.0.0.1', consultCallId: 'consult' }),
    ]);
    expect(consulting.focusedId).toBe('consult');
    expect(consulting.byId['cust']?.transfer).toMatchObject({
      phase: 'consulting',
      consultCallId: 'consult',
    });
    // A failed 고객연결 keeps the consult call: still consulting, with the reason.
    const failed = reduce(
      [
        transferStarted({ callId: 'cust', targetUri: 'sip:1002@127.0.0.1' }),
        transferSettled({
          callId: 'cust',
          outcome: { ok: false, failure: 'noAnswer', statusCode: null },
        }),
      ],
      consulting,
    );
    expect(failed.byId['cust']?.transfer).toMatchObject({
      phase: 'consulting',
      consultCallId: 'consult',
      problem: { kind: 'failed', failure: 'noAnswer' },
    });
    const cancelled = reduce(
      [callEnded({ callId: 'consult', cause: SipCause.BYE, originator: 'local', at: 9 })],
      failed,
    );
    expect(cancelled.focusedId).toBe('cust');
    expect(cancelled.byId['cust']?.transfer).toMatchObject({ phase: 'open', consultCallId: null });
  });
});
