import { describe, expect, it } from 'vitest';
import { trayStatus } from '../../../../main/app/trayStatus';
import type { AgentStatus } from '../../../../preload/contract';

const status = (state: AgentStatus['state']): AgentStatus => ({
  state,
  reason: state === 'notReady' ? 'break' : null,
  since: 1,
  readyBlockedBy: null,
  wrapUpUntil: null,
});

describe('tray state', () => {
  it('shows each agent state with its own icon and the words agents use', () => {
    expect(trayStatus(status('ready'), 'ko')).toEqual({
      icon: 'ready',
      tooltip: 'Sori Desk — 대기',
    });
    expect(trayStatus(status('notReady'), 'ko').tooltip).toBe('Sori Desk — 이석');
    expect(trayStatus(status('wrapUp'), 'ko')).toEqual({
      icon: 'wrapUp',
      tooltip: 'Sori Desk — 후처리',
    });
    expect(trayStatus(status('recovery'), 'en')).toEqual({
      icon: 'recovery',
      tooltip: 'Sori Desk — Rest',
    });
  });
});
