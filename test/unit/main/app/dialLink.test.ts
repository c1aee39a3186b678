import { describe, expect, it } from 'vitest';
import { findDialLinkInArgs, parseDialLink } from '../../../../main/app/dialLink';

describe('tel: and sip: links', () => {
  it.each([
    ['tel:010-1234-5678', '01012345678'],
    ['tel:+82-2-123-4567;phone-context=example', '+8221234567'],
    ['TEL:1588%201234', '15881234'],
    ['sip:2001@127.0.0.1', 'sip:2001@127.0.0.1'],
    ['sip:2001@pbx.example.com:5060;transport=ws', 'sip:2001@pbx.example.com:5060'],
    ['sips:agent@pbx.example.com', 'sips:agent@pbx.example.com'],
  ])('%s dials %s', (link, target) => expect(parseDialLink(link)).toBe(target));

  it.each([
    'https://example.com',
    'tel:',
    'tel:abc',
    'tel:%E0%A4%A',
    'sip:<script>@x',
    'sip:user@host name',
    'javascript:alert(1)',
    'tel:' + '1'.repeat(600),
  ])('refuses %s', (link) => expect(parseDialLink(link)).toBeNull());

  it('finds the link among command-line arguments', () => {
    expect(findDialLinkInArgs(['/opt/sori', '--flag', 'tel:02-555-0101'])).toBe('025550101');
    expect(findDialLinkInArgs(['/opt/sori', '--flag'])).toBeNull();
  });
});
