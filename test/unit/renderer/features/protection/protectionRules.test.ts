import { formatCountdown } from '../../../../../renderer/shared/duration';
import { describe, expect, it } from 'vitest';
import {
  enabledSteps,
  remainingMs,
} from '../../../../../renderer/features/protection/protectionRules';

describe('enabledSteps (the manuals’ order)', () => {
  it('allows the first warning and harassment on a fresh call, not 강성종료', () => {
    expect(enabledSteps([], null, 2)).toEqual({
      warning1: true,
      warning2: false,
      terminate: false,
      harassment: true,
    });
  });

  it('allows the second warning after the first, and 강성종료 after two', () => {
    expect(enabledSteps(['warning1'], null, 2)).toEqual({
      warning1: false,
      warning2: true,
      terminate: false,
      harassment: true,
    });
    expect(enabledSteps(['warning1', 'warning2'], null, 2)).toEqual({
      warning1: false,
      warning2: false,
      terminate: true,
      harassment: true,
    });
  });

  it('follows the policy’s number of warnings before termination', () => {
    expect(enabledSteps([], null, 0).terminate).toBe(true);
    expect(enabledSteps(['warning1'], null, 1).terminate).toBe(true);
    expect(enabledSteps(['warning1'], null, 2).terminate).toBe(false);
  });

  it('disables everything while a message plays, and after the call was ended by one', () => {
    const none = { warning1: false, warning2: false, terminate: false, harassment: false };
    expect(enabledSteps([], 'warning1', 2)).toEqual(none);
    expect(enabledSteps(['warning1', 'warning2', 'terminate'], null, 2)).toEqual(none);
    expect(enabledSteps(['harassment'], null, 2)).toEqual(none);
  });
});

describe('recovery countdown', () => {
  it('counts down to zero, never below', () => {
    expect(remainingMs(null, 1_000)).toBe(0);
    expect(remainingMs(61_000, 1_000)).toBe(60_000);
    expect(remainingMs(1_000, 5_000)).toBe(0);
  });

  it('shows mm:ss, rounding up so 00:00 means over', () => {
    expect(formatCountdown(600_000)).toBe('10:00');
    expect(formatCountdown(59_001)).toBe('01:00');
    expect(formatCountdown(59_000)).toBe('00:59');
    expect(formatCountdown(1)).toBe('00:01');
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(-5)).toBe('00:00');
    expect(formatCountdown(120 * 60_000)).toBe('120:00');
  });
});
