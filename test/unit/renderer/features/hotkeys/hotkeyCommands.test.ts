import { describe, expect, it } from 'vitest';
import {
  answerClicked,
  declineClicked,
  hangupClicked,
  holdClicked,
  muteToggled,
  resumeClicked,
} from '../../../../../renderer/features/calls/callsSlice';
import {
  callCommandOf,
  type CallControls,
} from '../../../../../renderer/features/hotkeys/hotkeyCommands';

const idle: CallControls = {
  canDial: true,
  canAnswer: false,
  canDecline: false,
  canHangUp: false,
  canHold: false,
  canResume: false,
  canMute: false,
  canTransfer: false,
  transferOpen: false,
  held: false,
  muted: false,
  ringingCallId: null,
  activeCallId: null,
};

/** A call rings and the agent is on no other call. */
const ringing: CallControls = {
  ...idle,
  canDial: false,
  canAnswer: true,
  canDecline: true,
  ringingCallId: 'in-1',
  activeCallId: 'in-1',
};

/** Talking on a-1 after the recording notice: every control is enabled. */
const talking: CallControls = {
  ...idle,
  canDial: false,
  canHangUp: true,
  canHold: true,
  canMute: true,
  canTransfer: true,
  activeCallId: 'a-1',
};

describe('what a hotkey dispatches (the same as its button)', () => {
  it('answers the ringing call', () => {
    expect(callCommandOf('answer', ringing)).toEqual(answerClicked({ callId: 'in-1' }));
  });

  it('hangs up the call the agent is on; with none, declines the ringing call', () => {
    expect(callCommandOf('hangUp', talking)).toEqual(hangupClicked({ callId: 'a-1' }));
    expect(callCommandOf('hangUp', ringing)).toEqual(declineClicked({ callId: 'in-1' }));
    // Call waiting: 끊기 is for the line the agent talks on, never the waiting call.
    const waiting = { ...talking, canAnswer: true, canDecline: true, ringingCallId: 'in-2' };
    expect(callCommandOf('hangUp', waiting)).toEqual(hangupClicked({ callId: 'a-1' }));
    expect(callCommandOf('answer', waiting)).toEqual(answerClicked({ callId: 'in-2' }));
  });

  it('toggles mute and hold on the call the agent is on', () => {
    expect(callCommandOf('mute', talking)).toEqual(muteToggled({ callId: 'a-1' }));
    expect(callCommandOf('hold', talking)).toEqual(holdClicked({ callId: 'a-1' }));
    const held = { ...talking, canHold: false, canResume: true, held: true };
    expect(callCommandOf('hold', held)).toEqual(resumeClicked({ callId: 'a-1' }));
  });

  it('does nothing where the button is disabled', () => {
    for (const action of ['answer', 'hangUp', 'mute', 'hold'] as const) {
      expect(callCommandOf(action, idle), action).toBeNull();
    }
    // Before the recording notice is over: no mute, no hold (nothing may cut into it).
    const duringNotice = { ...talking, canHold: false, canMute: false, canTransfer: false };
    expect(callCommandOf('mute', duringNotice)).toBeNull();
    expect(callCommandOf('hold', duringNotice)).toBeNull();
    // Holding or resuming in progress (the far end has not answered the re-INVITE yet).
    const holding = { ...talking, canHold: false, canResume: false, held: true };
    expect(callCommandOf('hold', holding)).toBeNull();
    expect(callCommandOf('answer', talking)).toBeNull();
    expect(callCommandOf('mute', ringing)).toBeNull();
  });
});
