import { describe, expect, it } from 'vitest';
import { lookupKey } from '../../../../main/crm/phoneLookup';

describe('lookupKey: the form a caller is looked up by', () => {
  it.each([
    ['010-1234-5678', '+821012345678'],
    ['01012345678', '+821012345678'],
    ['+82 10 1234 5678', '+821012345678'],
    ['sip:01012345678@pbx.example.com', '+821012345678'],
    ['sip:+821012345678@pbx.example.com;user=phone', '+821012345678'],
    ['tel:+82-2-312-3456', '+8223123456'],
    ['02-312-3456', '+8223123456'],
    ['sip:2001@127.0.0.1', '2001'],
    ['sip:%2B821012345678@pbx', '+821012345678'],
  ])('%s -> %s', (raw, key) => {
    expect(lookupKey(raw)).toBe(key);
  });

  it('has no key for a caller without a number', () => {
    expect(lookupKey('sip:anonymous@anonymous.invalid')).toBeNull();
    expect(lookupKey('')).toBeNull();
  });
});
