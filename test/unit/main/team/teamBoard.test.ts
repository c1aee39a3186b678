import { describe, expect, it } from 'vitest';
import type { TeamBoardRow } from '../../../../preload/contract';
import { mergeRow, parseSse } from '../../../../main/team/teamBoard';

const row = (agentId: string, updatedAt: number | null, state: TeamBoardRow['state'] = 'ready') =>
  ({
    agentId,
    displayName: agentId,
    sipUri: `sip:${agentId}@pbx`,
    state,
    reason: null,
    since: 1,
    recoveryUntil: null,
    callStartedAt: null,
    overdueCallbacks: 0,
    updatedAt,
  }) satisfies TeamBoardRow;

describe('team board feed', () => {
  it('a newer report replaces the row; an older one arriving late is ignored', () => {
    const rows = [row('a', 100, 'ready'), row('b', 50)];
    expect(mergeRow(rows, row('a', 200, 'wrapUp'))[0]!.state).toBe('wrapUp');
    expect(mergeRow(rows, row('a', 99, 'notReady'))[0]!.state).toBe('ready');
    expect(mergeRow(rows, row('c', 1)).map((r) => r.agentId)).toEqual(['a', 'b', 'c']);
    expect(mergeRow([row('a', null, null)], row('a', 5))[0]!.updatedAt).toBe(5);
  });

  it('parses Server-Sent Events across chunk boundaries, skipping comments', () => {
    const first = parseSse(': open\n\nid: 7\nevent: presence\ndata: {"a":1}\n\nid: 8\nevent: pre');
    expect(first.events).toEqual([{ id: '7', event: 'presence', data: '{"a":1}' }]);
    const second = parseSse(`${first.rest}sence\r\ndata: {"a":2}\r\n\r\n`);
    expect(second.events).toEqual([{ id: '8', event: 'presence', data: '{"a":2}' }]);
    expect(second.rest).toBe('');
  });
});
