import type { UnknownAction } from '@reduxjs/toolkit';
import type { selectCallControls } from '../calls/callsSelectors';
import {
  answerClicked,
  declineClicked,
  hangupClicked,
  holdClicked,
  muteToggled,
  resumeClicked,
} from '../calls/callsSlice';
import type { HotkeyAction } from './accelerator';

export type CallControls = ReturnType<typeof selectCallControls>;

/**
 * What pressing `action`'s hotkey does now: exactly what its button would dispatch, on the call
 * that button acts on, or null where that button is disabled (a disabled button's action must
 * not fire by key either).
 */
export function callCommandOf(action: HotkeyAction, controls: CallControls): UnknownAction | null {
  const { activeCallId, ringingCallId } = controls;
  switch (action) {
    case 'answer':
      // The toolbar's 받기: the ringing call (a waiting call included: 받기 holds the other line).
      return controls.canAnswer && ringingCallId ? answerClicked({ callId: ringingCallId }) : null;
    case 'hangUp':
      // 끊기 on the call the agent is on; with none, the ringing call is declined (거절).
      if (controls.canHangUp && activeCallId) return hangupClicked({ callId: activeCallId });
      if (controls.canDecline && ringingCallId) return declineClicked({ callId: ringingCallId });
      return null;
    case 'mute':
      return controls.canMute && activeCallId ? muteToggled({ callId: activeCallId }) : null;
    case 'hold':
      if (!activeCallId) return null;
      if (controls.canResume) return resumeClicked({ callId: activeCallId });
      if (controls.canHold) return holdClicked({ callId: activeCallId });
      return null;
  }
}
