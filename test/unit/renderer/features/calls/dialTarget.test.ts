import { describe, expect, it } from 'vitest';
import { parseDialTarget } from '../../../../../renderer/features/calls/dialTarget';

const ACCOUNT = 'sip:1001@127.0.0.1';
const uriOf = (input: string, account: string | null = ACCOUNT) => {
  const result = parseDialTarget(input, account);
  return result.ok ? result.uri : `error:${result.error}`;
};

describe('parseDialTarget: Korean phone numbers', () => {
  it.each([
    ['010-1234-5678', 'sip:01012345678@127.0.0.1'],
    ['010 1234 5678', 'sip:01012345678@127.0.0.1'],
    ['01012345678', 'sip:01012345678@127.0.0.1'],
    ['(02) 123-4567', 'sip:021234567@127.0.0.1'],
    ['02-1234-5678', 'sip:0212345678@127.0.0.1'],
    ['031-123-4567', 'sip:0311234567@127.0.0.1'],
    ['051-1234-5678', 'sip:05112345678@127.0.0.1'],
    ['070-1234-5678', 'sip:07012345678@127.0.0.1'],
    ['080-123-4567', 'sip:0801234567@127.0.0.1'],
    ['0505-123-4567', 'sip:05051234567@127.0.0.1'],
    ['1588-1234', 'sip:15881234@127.0.0.1'],
    ['1544 0000', 'sip:15440000@127.0.0.1'],
    ['112', 'sip:112@127.0.0.1'],
    ['1002', 'sip:1002@127.0.0.1'],
    ['+82 10-1234-5678', 'sip:01012345678@127.0.0.1'],
    ['+82-2-123-4567', 'sip:021234567@127.0.0.1'],
    ['+82 (0)10 1234 5678', 'sip:01012345678@127.0.0.1'],
    ['+1 415 555 0100', 'sip:+14155550100@127.0.0.1'],
    ['*77', 'sip:*77@127.0.0.1'],
    ['1234#', 'sip:1234%23@127.0.0.1'],
    ['  010.1234.5678  ', 'sip:01012345678@127.0.0.1'],
    ['tel:+82-10-1234-5678;phone-context=+82', 'sip:01012345678@127.0.0.1'],
  ])('%s -> %s', (input, expected) => {
    expect(uriOf(input)).toBe(expected);
  });

  it('dials on the account domain including its port', () => {
    expect(uriOf('1002', 'sip:1001@pbx.example.com:5080')).toBe('sip:1002@pbx.example.com:5080');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['010-1234-567', 'invalidDomestic'],
    ['010-1234-56789', 'invalidDomestic'],
    ['02-12-345', 'invalidDomestic'],
    ['099-123-4567', 'invalidDomestic'],
    ['+82 10 123', 'invalidDomestic'],
    ['+1 23', 'invalidNumber'],
    ['010+1234', 'invalidNumber'],
    ['++8210', 'invalidNumber'],
    ['---', 'invalidNumber'],
    ['123456789012345678901', 'invalidNumber'],
    ['call me', 'invalidCharacters'],
    ['010-1234-5678 ext', 'invalidCharacters'],
    ['공일공', 'invalidCharacters'],
  ])('refuses %j (%s)', (input, error) => {
    expect(uriOf(input)).toBe(`error:${error}`);
  });

  it('needs an account to know the domain for numbers', () => {
    expect(uriOf('1002', null)).toBe('error:noAccount');
  });

  it('reports the plain digits dialled', () => {
    expect(parseDialTarget('010-1234-5678', ACCOUNT)).toEqual({
      ok: true,
      uri: 'sip:01012345678@127.0.0.1',
      kind: 'number',
      number: '01012345678',
    });
  });
});

describe('parseDialTarget: SIP URIs', () => {
  it.each([
    ['sip:1002@127.0.0.1', 'sip:1002@127.0.0.1'],
    ['SIP:1002@127.0.0.1', 'sip:1002@127.0.0.1'],
    ['sips:agent.kim@pbx.example.com:5061', 'sips:agent.kim@pbx.example.com:5061'],
    ['1002@127.0.0.1', 'sip:1002@127.0.0.1'],
  ])('%s -> %s', (input, expected) => {
    expect(uriOf(input)).toBe(expected);
  });

  it('does not need an account for a full SIP URI', () => {
    expect(uriOf('sip:1002@127.0.0.1', null)).toBe('sip:1002@127.0.0.1');
  });
});

describe('parseDialTarget: hostile input', () => {
  it.each([
    'sip:1002@127.0.0.1<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>@host',
    'sip:1002@127.0.0.1\r\nVia: SIP/2.0/WS evil',
    'sip:1002@127.0.0.1;transport=tcp',
    'sip:@127.0.0.1',
    'sip:1002@',
    'sip:10 02@127.0.0.1',
    'javascript:alert(1)@x',
  ])('refuses %j', (input) => {
    const result = parseDialTarget(input, ACCOUNT);
    expect(result.ok).toBe(false);
  });

  it('refuses input longer than a SIP URI may be', () => {
    expect(uriOf('1'.repeat(300))).toBe('error:tooLong');
    expect(uriOf(`sip:${'a'.repeat(250)}@127.0.0.1`)).toBe('error:tooLong');
  });

  it('refuses control characters in numbers', () => {
    expect(uriOf('010\u00001234\u00075678')).toBe('error:invalidCharacters');
    expect(uriOf('1002\u202e')).toBe('error:invalidCharacters');
  });
});
