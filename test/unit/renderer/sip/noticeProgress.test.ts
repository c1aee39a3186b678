import { describe, expect, it } from 'vitest';
import { noticeProgressPercent, playedToEnd } from '../../../../renderer/sip/noticeProgress';

describe('noticeProgressPercent', () => {
  it.each([
    [0, 7.3, 0],
    [3.65, 7.3, 50],
    [7.29, 7.3, 99],
    [7.3, 7.3, 100],
    [9, 7.3, 100],
    [-0.02, 7.3, 0],
    [1, 0, 0],
    [Number.NaN, 7.3, 0],
  ])('%s s of %s s is %s %%', (elapsed, duration, percent) => {
    expect(noticeProgressPercent(elapsed, duration)).toBe(percent);
  });
});

describe('playedToEnd', () => {
  it('tells a notice that reached its end from one stopped early', () => {
    expect(playedToEnd(4.7, 4.7)).toBe(true);
    expect(playedToEnd(4.66, 4.7)).toBe(true);
    expect(playedToEnd(4.5, 4.7)).toBe(false);
    expect(playedToEnd(0, 4.7)).toBe(false);
    expect(playedToEnd(Number.NaN, 4.7)).toBe(false);
    expect(playedToEnd(1, 0)).toBe(false);
  });
});
