import { describe, expect, it } from 'vitest';
import {
  firstAllowedTime,
  nextAttempt,
  refusalFor,
  type CallbackRules,
  type WeeklyWindow,
} from '../../../../main/callbacks/callbackWindows';

/** Epoch ms of a Korean wall-clock time ('2026-11-23 09:30' is a Monday). */
const kst = (text: string) => {
  const [date, time] = text.split(' ') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh, mm) - 9 * 3_600_000;
};
const show = (at: number | null) =>
  at === null ? null : new Date(at + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Weekdays 09:00-20:00, Saturday 09:00-13:00, no calls on Sunday. */
const CENTER: WeeklyWindow = [
  null,
  { from: '09:00', to: '20:00' },
  { from: '09:00', to: '20:00' },
  { from: '09:00', to: '20:00' },
  { from: '09:00', to: '20:00' },
  { from: '09:00', to: '20:00' },
  { from: '09:00', to: '13:00' },
];

const rules = (overrides: Partial<CallbackRules> = {}): CallbackRules => ({
  now: kst('2026-11-23 10:00'),
  // A contract re-recording due within four days.
  deadline: kst('2026-11-27 10:00'),
  customerHours: { from: '18:00', to: '21:00' },
  centerWindow: CENTER,
  ...overrides,
});

describe('callback windows (Korean time)', () => {
  it('accepts a time inside both windows', () => {
    expect(refusalFor(kst('2026-11-23 18:30'), rules())).toBeNull();
  });

  it.each([
    ['2026-11-23 09:00', 'in_past'],
    ['2026-11-27 18:30', 'after_deadline'],
    ['2026-11-23 20:30', 'outside_center_window'],
    ['2026-11-23 11:00', 'outside_customer_hours'],
    ['2026-11-29 18:30', 'after_deadline'],
  ])('refuses %s: %s', (time, reason) => {
    expect(refusalFor(kst(time), rules())).toBe(reason);
  });

  it('refuses Sunday, when the centre makes no calls', () => {
    expect(refusalFor(kst('2026-11-29 18:30'), rules({ deadline: kst('2026-12-31 00:00') }))).toBe(
      'outside_center_window',
    );
  });

  it('proposes the first minute inside both windows', () => {
    expect(show(firstAllowedTime(kst('2026-11-23 10:00'), rules()))).toBe('2026-11-23 18:00');
    // After today's overlap (18:00-20:00) has passed: tomorrow at 18:00.
    expect(show(firstAllowedTime(kst('2026-11-23 20:00'), rules()))).toBe('2026-11-24 18:00');
  });

  it('says when no time before the deadline fits', () => {
    // Customer only reachable in the morning before 09:00: never inside the centre's window.
    expect(
      firstAllowedTime(
        kst('2026-11-23 10:00'),
        rules({ customerHours: { from: '07:00', to: '08:30' } }),
      ),
    ).toBeNull();
  });

  it('handles customer hours across midnight', () => {
    const late = rules({
      customerHours: { from: '19:30', to: '01:00' },
      centerWindow: CENTER.map(() => ({ from: '08:00', to: '23:00' })),
    });
    expect(refusalFor(kst('2026-11-23 22:00'), late)).toBeNull();
    expect(refusalFor(kst('2026-11-23 23:30'), late)).toBe('outside_center_window');
    expect(refusalFor(kst('2026-11-23 19:00'), late)).toBe('outside_customer_hours');
  });

  it('waits after a failed attempt as the outcome suggests, inside both windows', () => {
    const r = rules({ now: kst('2026-11-23 18:10') });
    expect(show(nextAttempt(kst('2026-11-23 18:10'), 'busy', r))).toBe('2026-11-23 18:25');
    expect(show(nextAttempt(kst('2026-11-23 18:10'), 'no_answer', r))).toBe('2026-11-23 19:10');
    // Three hours later is 21:10, past both windows: the next evening.
    expect(show(nextAttempt(kst('2026-11-23 18:10'), 'phone_off', r))).toBe('2026-11-24 18:00');
  });

  it('rejects a malformed time in the rules', () => {
    expect(() =>
      refusalFor(kst('2026-11-23 18:30'), rules({ customerHours: { from: '6pm', to: '21:00' } })),
    ).toThrow(/HH:MM/);
  });
});
