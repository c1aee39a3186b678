/**
 * When a callback may be made (issue #5, item 9): inside the customer's available hours AND the
 * centre's allowed outbound window, before the deadline (e.g. a contract re-recording due within
 * four days). Pure functions on epoch milliseconds; wall-clock times are Korean (Asia/Seoul, UTC+9
 * all year: Korea has no daylight saving time, which is why a fixed offset is exact here).
 */

/** 'HH:MM' local time. `to` may be earlier than `from` for a window across midnight. */
export interface DailyWindow {
  from: string;
  to: string;
}

/** The centre's outbound window per weekday (0 = Sunday … 6 = Saturday); null: no calls that day. */
export type WeeklyWindow = ReadonlyArray<DailyWindow | null>;

export type CallbackRefusal =
  'in_past' | 'after_deadline' | 'outside_customer_hours' | 'outside_center_window';

export type AttemptOutcome = 'no_answer' | 'phone_off' | 'busy';

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How long to wait before trying again after each kind of failed attempt. */
export const RETRY_AFTER_MINUTES: Record<AttemptOutcome, number> = {
  busy: 15, // on another call: soon
  no_answer: 60, // away from the phone
  phone_off: 180, // switched off or out of range: hours
};

const minutesOf = (hhmm: string): number => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** Minutes since local midnight and the local weekday of an instant. */
function localClock(at: number): { minute: number; weekday: number; dayStart: number } {
  const local = at + KST_OFFSET_MS;
  const dayStartLocal = Math.floor(local / DAY) * DAY;
  return {
    minute: Math.floor((local - dayStartLocal) / MINUTE),
    weekday: new Date(dayStartLocal).getUTCDay(),
    dayStart: dayStartLocal - KST_OFFSET_MS,
  };
}

function inDaily(window: DailyWindow, minute: number): boolean {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}

function inWeekly(window: WeeklyWindow, at: number): boolean {
  const { minute, weekday } = localClock(at);
  const today = window[weekday];
  if (today && inDaily(today, minute)) return true;
  // A window across midnight that started yesterday.
  const yesterday = window[(weekday + 6) % 7];
  return Boolean(
    yesterday &&
    minutesOf(yesterday.to) < minutesOf(yesterday.from) &&
    minute < minutesOf(yesterday.to),
  );
}

export interface CallbackRules {
  now: number;
  deadline: number;
  /** The customer's calling hours, every day; null: any time the centre may call. */
  customerHours: DailyWindow | null;
  centerWindow: WeeklyWindow;
}

/** Why `at` cannot be a callback time, or null when it can. */
export function refusalFor(at: number, rules: CallbackRules): CallbackRefusal | null {
  if (at < rules.now) return 'in_past';
  if (at > rules.deadline) return 'after_deadline';
  if (!inWeekly(rules.centerWindow, at)) return 'outside_center_window';
  if (rules.customerHours && !inDaily(rules.customerHours, localClock(at).minute)) {
    return 'outside_customer_hours';
  }
  return null;
}

/**
 * The first minute at or after `earliest` inside both windows and before the deadline, or null
 * when there is none (the callback cannot be made in time: the agent or team lead must know).
 */
export function firstAllowedTime(earliest: number, rules: CallbackRules): number | null {
  const start = Math.max(earliest, rules.now);
  let at = Math.ceil(start / MINUTE) * MINUTE;
  // Minute steps, at most over the time to the deadline (capped at 60 days of minutes).
  const limit = Math.min(rules.deadline, at + 60 * DAY);
  while (at <= limit) {
    if (refusalFor(at, rules) === null) return at;
    at += MINUTE;
  }
  return null;
}

/** After a failed attempt: the next try, a wait that suits the outcome, inside both windows. */
export function nextAttempt(
  attemptAt: number,
  outcome: AttemptOutcome,
  rules: CallbackRules,
): number | null {
  return firstAllowedTime(attemptAt + RETRY_AFTER_MINUTES[outcome] * MINUTE, rules);
}
