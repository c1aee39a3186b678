import { describe, expect, it } from 'vitest';
import { answerAfter, callerHints } from '../../../../renderer/sip/callerHints';

const invite = (headers: Record<string, string>) => ({
  getHeader: (name: string) => headers[name],
});

describe('callerHints (what an INVITE says about the caller beyond From)', () => {
  it('reads the asserted number, the CRM id header and Call-Info answer-after', () => {
    expect(
      callerHints(
        invite({
          'P-Asserted-Identity': '"김고객" <tel:+821012345678>',
          'X-Customer-Id': ' C00000042 ',
          'Call-Info': '<sip:pbx.example.test>;answer-after=2',
        }),
        'X-Customer-Id',
      ),
    ).toEqual({
      assertedUri: 'tel:+821012345678',
      customerId: 'C00000042',
      answerAfterSeconds: 2,
    });
  });

  it('ignores what is hostile or absent', () => {
    expect(callerHints(invite({ 'X-Customer-Id': "C1'; drop table" }), 'X-Customer-Id')).toEqual({
      assertedUri: null,
      customerId: null,
      answerAfterSeconds: null,
    });
    expect(callerHints(null, null)).toEqual({
      assertedUri: null,
      customerId: null,
      answerAfterSeconds: null,
    });
  });
});

describe('answerAfter (Call-Info: <…>;answer-after=N)', () => {
  it.each([
    ['<sip:pbx>;answer-after=0', 0],
    ['<http://x/y>; Answer-After = 10', 10],
    ['<sip:pbx>;purpose=info;answer-after=3;other=1', 3],
  ])('%s -> %s', (header, seconds) => {
    expect(answerAfter(header)).toBe(seconds);
  });

  it.each([
    '<sip:pbx>;answer-after=11',
    '<sip:pbx>;answer-after=999',
    '<sip:pbx>;answer-after=-1',
    '<sip:pbx>;answer-after=',
    '<sip:pbx>;answer-afterx=1',
    '',
  ])('%s -> null', (header) => {
    expect(answerAfter(header)).toBeNull();
  });
});
