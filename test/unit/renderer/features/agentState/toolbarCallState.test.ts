import { describe, expect, it } from 'vitest';
import { toolbarCallState } from '../../../../../renderer/features/agentState/toolbarCallState';
import type { Call } from '../../../../../renderer/features/calls/callsSlice';

const call = (over: Partial<Call>): Call => ({
  callId: 'c1',
  direction: 'inbound',
  remote: { uri: 'sip:2001@pbx', displayName: null },
  phase: 'talking',
  startedAt: 1_000,
  answeredAt: 4_000,
  hold: 'none',
  holdProblem: null,
  muted: false,
  transfer: null,
  quality: null,
  ...over,
});

describe('the toolbar indicator while a call is on the line', () => {
  it('shows nothing of its own without a call (the agent state shows)', () => {
    expect(toolbarCallState(null)).toBeNull();
  });

  it('호인입 from the ring, 발신 중 from the dial, each timed from the start', () => {
    for (const phase of ['ringing', 'answering'] as const) {
      expect(toolbarCallState(call({ phase, answeredAt: null }))).toEqual({
        phase: 'ringing',
        since: 1_000,
      });
    }
    for (const phase of ['dialling', 'alerting'] as const) {
      expect(toolbarCallState(call({ phase, direction: 'outbound', answeredAt: null }))).toEqual({
        phase: 'dialling',
        since: 1_000,
      });
    }
  });

  it('통화중 from the answer; 보류 while held or going on hold, 통화중 again while resuming', () => {
    expect(toolbarCallState(call({}))).toEqual({ phase: 'talking', since: 4_000 });
    expect(toolbarCallState(call({ hold: 'holding' }))?.phase).toBe('hold');
    expect(toolbarCallState(call({ hold: 'held' }))?.phase).toBe('hold');
    expect(toolbarCallState(call({ hold: 'resuming' }))?.phase).toBe('talking');
  });
});
