import { describe, expect, it } from 'vitest';
import en from '../../../../../renderer/i18n/locales/en.json';
import ko from '../../../../../renderer/i18n/locales/ko.json';
import {
  failureOfLoadError,
  noticeMessageKey,
  noticeNeedsAlert,
} from '../../../../../renderer/features/recordingNotice/noticeMessage';

const lookup = (catalog: unknown, key: string): unknown =>
  key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], catalog);

describe('recording notice messages', () => {
  it.each([
    [{ phase: 'pending', failure: null }, 'pending', false],
    [{ phase: 'playing', failure: null }, 'playing', false],
    [{ phase: 'done', failure: null }, 'played', false],
    [{ phase: 'failed', failure: 'invalid' }, 'failure.invalid', true],
    [{ phase: 'failed', failure: 'decode_failed' }, 'failure.decode_failed', true],
    [{ phase: 'failed', failure: 'unavailable' }, 'failure.unavailable', true],
    [{ phase: 'failed', failure: 'call_ended' }, 'failure.call_ended', false],
    [{ phase: 'failed', failure: null }, 'failure.unavailable', true],
  ] as const)('%o -> %s (alert: %s)', (notice, key, alert) => {
    expect(noticeMessageKey(notice)).toBe(key);
    expect(noticeNeedsAlert(notice)).toBe(alert);
    for (const catalog of [ko, en]) {
      expect(typeof lookup(catalog, `recordingNotice.${key}`)).toBe('string');
    }
  });

  it('says in both languages that the microphone stays closed and whom to ask', () => {
    expect(ko.recordingNotice.failure.invalid).toBe(
      '녹취 고지 음성을 재생할 수 없어 마이크를 열지 않았습니다: 고지 파일이 손상되었거나 변경되었습니다. IT 담당자에게 문의하세요.',
    );
    expect(en.recordingNotice.failure.invalid).toBe(
      'The recording notice cannot be played, so your microphone stays closed: the notice file is damaged or was changed. Contact IT.',
    );
    expect(ko.recordingNotice.label).toBe('녹취 고지');
    expect(en.recordingNotice.label).toBe('Recording notice');
  });

  it('maps main refusing the notice file to "invalid", anything else to "unavailable"', () => {
    expect(failureOfLoadError('NOTICE_INVALID')).toBe('invalid');
    expect(failureOfLoadError('INTERNAL')).toBe('unavailable');
    expect(failureOfLoadError('FORBIDDEN_SENDER')).toBe('unavailable');
  });
});
