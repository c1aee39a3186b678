import { describe, expect, it } from 'vitest';
import { resolveLanguage } from '../../../../main/settings/language';

describe('UI language', () => {
  it('follows a Korean OS when set to system', () => {
    expect(resolveLanguage('system', 'ko-KR')).toBe('ko');
    expect(resolveLanguage('system', 'ko')).toBe('ko');
  });
  it('is English for any other OS locale', () => {
    expect(resolveLanguage('system', 'en-US')).toBe('en');
    expect(resolveLanguage('system', 'ja-JP')).toBe('en');
    expect(resolveLanguage('system', 'kok-IN')).toBe('en');
  });
  it('an explicit choice wins over the OS', () => {
    expect(resolveLanguage('en', 'ko-KR')).toBe('en');
    expect(resolveLanguage('ko', 'en-US')).toBe('ko');
  });
});
