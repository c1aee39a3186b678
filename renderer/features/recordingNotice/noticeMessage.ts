import type { NoticeFailure } from '../../../preload/contract';
import type { CallNotice } from './recordingNoticeSlice';

/** Catalog key (under `recordingNotice.`) of what the call card says about the notice. */
export type NoticeMessageKey =
  'pending' | 'playing' | 'played' | 'playedByPbx' | `failure.${NoticeFailure}`;

/** The line for a call's notice state. */
export function noticeMessageKey(
  notice: Pick<CallNotice, 'phase' | 'failure'> & { byPbx?: boolean },
): NoticeMessageKey {
  switch (notice.phase) {
    case 'pending':
      return 'pending';
    case 'playing':
      return 'playing';
    case 'done':
      return notice.byPbx ? 'playedByPbx' : 'played';
    case 'failed':
      return `failure.${notice.failure ?? 'unavailable'}`;
  }
}

/**
 * Whether the agent must be alerted: the notice could not play on a live call, so the
 * microphone stays closed. A call that simply ended during the notice needs no alert.
 */
export const noticeNeedsAlert = (notice: Pick<CallNotice, 'phase' | 'failure'>): boolean =>
  notice.phase === 'failed' && notice.failure !== 'call_ended';

/** What main's `notice:load` error code means for a call. */
export const failureOfLoadError = (code: string): Exclude<NoticeFailure, 'call_ended'> =>
  code === 'NOTICE_INVALID' ? 'invalid' : 'unavailable';
