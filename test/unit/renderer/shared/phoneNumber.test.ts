import { describe, expect, it } from 'vitest';
import { formatKoreanNumber, partyAddress } from '../../../../renderer/shared/phoneNumber';
import { partyLabel } from '../../../../renderer/shared/party';
import { formatDuration } from '../../../../renderer/shared/duration';

describe('formatKoreanNumber', () => {
  it.each([
    ['01012345678', '010-1234-5678'],
    ['0111234567', '011-123-4567'],
    ['021234567', '02-123-4567'],
    ['0212345678', '02-1234-5678'],
    ['0311234567', '031-123-4567'],
    ['07012345678', '070-1234-5678'],
    ['05051234567', '0505-123-4567'],
    ['15881234', '1588-1234'],
    ['+821012345678', '010-1234-5678'],
    ['1002', '1002'],
    ['112', '112'],
    ['*77', '*77'],
  ])('%s -> %s', (input, expected) => {
    expect(formatKoreanNumber(input)).toBe(expected);
  });
});

describe('partyAddress', () => {
  it('shows numbers with hyphens', () => {
    expect(partyAddress('sip:01012345678@127.0.0.1')).toEqual({
      kind: 'number',
      text: '010-1234-5678',
    });
    expect(partyAddress('sip:2001@127.0.0.1;transport=ws')).toEqual({
      kind: 'number',
      text: '2001',
    });
    expect(partyAddress('sip:1234%23@127.0.0.1')).toEqual({ kind: 'number', text: '1234#' });
  });

  it('shows other addresses without the scheme', () => {
    expect(partyAddress('sip:agent.kim@pbx.example.com')).toEqual({
      kind: 'address',
      text: 'agent.kim@pbx.example.com',
    });
  });

  it('treats anonymous callers as withheld', () => {
    expect(partyAddress('sip:anonymous@anonymous.invalid')).toEqual({ kind: 'withheld' });
    expect(partyAddress('sip:anonymous@127.0.0.1')).toEqual({ kind: 'withheld' });
    expect(partyAddress('')).toEqual({ kind: 'withheld' });
  });
});

describe('partyLabel', () => {
  it('cleans and cuts the display name for the screen', () => {
    const label = partyLabel({
      uri: 'sip:2001@127.0.0.1',
      displayName: `<img src=x onerror=alert(1)>${'x'.repeat(9000)}`,
    });
    expect(label.name!.startsWith('<img src=x onerror=alert(1)>')).toBe(true);
    expect(Array.from(label.name!).length).toBe(65);
    expect(label.address).toEqual({ kind: 'number', text: '2001' });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '00:00'],
    [5.9, '00:05'],
    [65, '01:05'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [-3, '00:00'],
    [Number.NaN, '00:00'],
  ])('%s s -> %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});
