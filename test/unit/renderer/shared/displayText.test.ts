import { describe, expect, it } from 'vitest';
import {
  sanitizeDisplayName,
  sanitizeUri,
  SCREEN_NAME_MAX,
  STORED_NAME_MAX,
} from '../../../../renderer/shared/displayText';

describe('sanitizeDisplayName', () => {
  it('keeps ordinary names as they are', () => {
    expect(sanitizeDisplayName('김민수')).toBe('김민수');
    expect(sanitizeDisplayName('Kim Minsu (VIP)')).toBe('Kim Minsu (VIP)');
  });

  it('returns null for nothing printable', () => {
    expect(sanitizeDisplayName(null)).toBeNull();
    expect(sanitizeDisplayName(undefined)).toBeNull();
    expect(sanitizeDisplayName('')).toBeNull();
    expect(sanitizeDisplayName(' \t\u0000\u200b ')).toBeNull();
  });

  it('keeps markup as literal text (it is never parsed)', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    expect(sanitizeDisplayName(hostile)).toBe(hostile);
  });

  it('strips control characters, bidi overrides and zero-width characters', () => {
    expect(sanitizeDisplayName('Kim\u0000\u0007\u001b[31mMinsu')).toBe('Kim [31mMinsu');
    expect(sanitizeDisplayName('a\r\nb\tc')).toBe('a b c');
    expect(sanitizeDisplayName('\u202eevil\u202c name')).toBe('evil name');
    expect(sanitizeDisplayName('zero\u200bwidth\ufeff')).toBe('zero width');
    expect(sanitizeDisplayName('del\u007fc1\u0085x')).toBe('del c1 x');
  });

  it('truncates to 64 characters plus an ellipsis', () => {
    const result = sanitizeDisplayName('가'.repeat(10_000));
    expect(result).toBe('가'.repeat(SCREEN_NAME_MAX) + '…');
  });

  it('does not cut a character in half', () => {
    const result = sanitizeDisplayName('😀'.repeat(100), 3);
    expect(result).toBe('😀😀😀…');
  });

  it('cuts 10 000 characters of markup to a short plain string quickly', () => {
    const hostile = '<b>'.repeat(3400);
    const started = performance.now();
    const result = sanitizeDisplayName(hostile, STORED_NAME_MAX);
    expect(performance.now() - started).toBeLessThan(200);
    expect(result!.length).toBeLessThanOrEqual(STORED_NAME_MAX + 1);
    expect(result!.endsWith('…')).toBe(true);
  });
});

describe('sanitizeUri', () => {
  it('removes controls and spaces and keeps within the contract limit', () => {
    expect(sanitizeUri('sip:1002@127.0.0.1')).toBe('sip:1002@127.0.0.1');
    expect(sanitizeUri('sip:10 02@\r\n127.0.0.1')).toBe('sip:1002@127.0.0.1');
    expect(sanitizeUri(`sip:${'a'.repeat(10_000)}@x`).length).toBeLessThanOrEqual(512);
    expect(sanitizeUri(null)).toBe('');
  });
});
