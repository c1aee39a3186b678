import { describe, expect, it } from 'vitest';
import type { TeamBoardRow } from '../../../../../preload/contract';
import {
  boardRowView,
  LATE_AFTER_MS,
} from '../../../../../renderer/features/teamBoard/teamBoardRows';

const NOW = 1_800_000_000_000;
const row = (over: Partial<TeamBoardRow> = {}): TeamBoardRow => ({
  agentId: 'a1',
  displayName: '이상담',
  sipUri: 'sip:1001@pbx',
  state: 'ready',
  reason: null,
  since: NOW - 95_000,
  recoveryUntil: null,
  callStartedAt: null,
  overdueCallbacks: 0,
  updatedAt: NOW - 1_000,
  ...over,
});

describe('team board rows', () => {
  it('time in state and call time count whole seconds from the agent’s own times', () => {
    expect(boardRowView(row({ callStartedAt: NOW - 61_500 }), NOW)).toMatchObject({
      secondsInState: 95,
      callSeconds: 61,
      recoveryLeftMs: null,
      late: false,
    });
  });

  it('says 통화중 while a call is on, whatever the state; the rest after an abusive call wins', () => {
    expect(boardRowView(row(), NOW).shownState).toBe('ready');
    expect(boardRowView(row({ callStartedAt: NOW - 5_000 }), NOW).shownState).toBe('onCall');
    const meal = row({ state: 'notReady', reason: 'meal', callStartedAt: NOW - 5_000 });
    expect(boardRowView(meal, NOW).shownState).toBe('onCall');
    expect(boardRowView({ ...meal, callStartedAt: null }, NOW).shownState).toBe('notReady');
    const resting = row({ state: 'recovery', callStartedAt: NOW - 5_000 });
    expect(boardRowView(resting, NOW).shownState).toBe('recovery');
    expect(boardRowView(row({ state: null }), NOW).shownState).toBe('noReport');
  });

  it('never shows a negative time when the agent’s clock is ahead of the lead’s', () => {
    const view = boardRowView(row({ since: NOW + 3_000, callStartedAt: NOW + 3_000 }), NOW);
    expect(view.secondsInState).toBe(0);
    expect(view.callSeconds).toBe(0);
  });

  it('counts the rest down to its end, and shows none once it is over', () => {
    const resting = row({ state: 'recovery', recoveryUntil: NOW + 600_000 });
    expect(boardRowView(resting, NOW).recoveryLeftMs).toBe(600_000);
    expect(boardRowView(resting, NOW + 600_000).recoveryLeftMs).toBeNull();
  });

  it('marks a row late when its last report is old, or when there is none', () => {
    expect(boardRowView(row({ updatedAt: NOW - LATE_AFTER_MS }), NOW).late).toBe(false);
    expect(boardRowView(row({ updatedAt: NOW - LATE_AFTER_MS - 1 }), NOW).late).toBe(true);
    const silent = row({ state: null, since: null, updatedAt: null });
    expect(boardRowView(silent, NOW)).toMatchObject({ late: true, secondsInState: null });
  });
});
