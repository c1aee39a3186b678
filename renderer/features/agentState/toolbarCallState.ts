import type { Call } from '../calls/callsSlice';

/** The call states an agent reads in the toolbar's indicator (호인입, 발신 중, 통화중, 보류). */
export type ToolbarCallPhase = 'ringing' | 'dialling' | 'talking' | 'hold';

/**
 * What the toolbar's state indicator shows while a call is on the agent's line: agents read the
 * call's state there (통화중, 보류…), as in every centre's softphone bar, although their own state
 * (대기 or 이석) does not change during the call. Null without a call: the agent's state shows.
 * `since` starts the indicator's timer: the ring or dial, else the answer.
 */
export function toolbarCallState(
  call: Call | null,
): { phase: ToolbarCallPhase; since: number } | null {
  if (!call) return null;
  switch (call.phase) {
    case 'ringing':
    case 'answering':
      return { phase: 'ringing', since: call.startedAt };
    case 'dialling':
    case 'alerting':
      return { phase: 'dialling', since: call.startedAt };
    case 'talking':
      return {
        phase: call.hold === 'held' || call.hold === 'holding' ? 'hold' : 'talking',
        since: call.answeredAt ?? call.startedAt,
      };
  }
}
