import { describe, expect, it } from 'vitest';
import {
  findPersonalData,
  luhnValid,
  maskPersonalData,
  rrnChecksumValid,
  type PersonalDataKind,
} from '../../../preload/contract/personalData';

const kinds = (text: string) => findPersonalData(text).map((f) => f.kind);
const found = (text: string) =>
  findPersonalData(text).map((f) => [f.kind, text.slice(f.start, f.end)] as const);

describe('resident registration numbers', () => {
  it('checks the pre-2020 checksum', () => {
    expect(rrnChecksumValid('8805151234569')).toBe(true);
    expect(rrnChecksumValid('8805151234568')).toBe(false);
    expect(rrnChecksumValid('880515123456')).toBe(false);
  });

  it.each([
    ['880515-1234569', 'hyphenated, checksum valid'],
    ['8805151234569', 'bare digits, checksum valid'],
    ['880515 1234569', 'with a space'],
    ['020304-3123457', 'born 2002 (century digit 3)'],
    ['850101-5123458', 'a foreign resident (5)'],
    ['880515-1234561', 'hyphenated, issued after 2020 (no checksum)'],
  ])('finds %s (%s)', (rrn) => {
    expect(found(`고객 주민번호 ${rrn} 확인함`)).toEqual([['rrn', rrn]]);
  });

  it.each([
    ['8805151234561', 'bare digits failing the checksum'],
    ['881315-1234569', 'month 13'],
    ['880230-1234567', '30 February'],
    ['990229-1234567', '29 February 1999 (not a leap year)'],
    ['880515-9234569', 'century digit 9'],
    ['880515-0234569', 'century digit 0'],
  ])('ignores %s (%s)', (text) => {
    expect(kinds(text)).not.toContain('rrn');
  });

  it('accepts 29 February in a leap year', () => {
    expect(kinds('000229-3123456')).toEqual(['rrn']);
  });
});

describe('card numbers (Luhn)', () => {
  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it.each([
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4111111111111111',
    '5500-0000-0000-0004',
    '3782 822463 10005',
    '6250941006528599',
  ])('finds %s', (card) => {
    expect(found(`카드번호 ${card} 로 결제`)).toEqual([['card', card]]);
  });

  it.each(['4111 1111 1111 1112', '0000 0000 0000 0000', '1234 5678'])('ignores %s', (text) => {
    expect(kinds(text)).not.toContain('card');
  });
});

describe('bank account numbers', () => {
  it.each([
    ['123456-78-901234', 'KB 6-2-6'],
    ['110-123-456789', 'Shinhan 3-3-6'],
    ['1002-123-456789', 'Woori 4-3-6'],
    ['3333-01-1234567', 'Kakao Bank 4-2-7'],
    ['301-1234-5678-01', 'NH 3-4-4-2'],
  ])('finds %s (%s)', (account) => {
    expect(found(`입금 계좌는 ${account} 입니다`)).toEqual([['account', account]]);
  });

  it('finds bare digits after a word that says account', () => {
    expect(found('국민은행 계좌 12345678901234 로 환불')).toEqual([['account', '12345678901234']]);
  });

  it('ignores dates, times and order numbers in other layouts', () => {
    expect(kinds('2026-11-23 14:05 주문번호 20-1234 처리')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it.each([
    '010-1234-5678',
    '01012345678',
    '010 1234 5678',
    '+82 10-1234-5678',
    '02-312-3456',
    '031-123-4567',
    '070-1234-5678',
  ])('finds %s', (phone) => {
    expect(found(`연락처 ${phone} 로 회신`)).toEqual([['phone', phone]]);
  });

  it('leaves company representative numbers alone', () => {
    expect(kinds('대표번호 1588-1234 안내')).toEqual([]);
  });
});

describe('e-mail addresses', () => {
  it('finds them', () => {
    expect(found('메일 kim.minjun+cs@example.co.kr 로 발송')).toEqual([
      ['email', 'kim.minjun+cs@example.co.kr'],
    ]);
  });
  it('ignores an @ that is not an address', () => {
    expect(kinds('@팀장 확인 요청')).toEqual([]);
  });
});

describe('findings and masking', () => {
  it('reports each piece once, the most specific kind winning, in text order', () => {
    const text =
      '주민 880515-1234569, 카드 4111-1111-1111-1111, 계좌 110-123-456789, 전화 010-1234-5678, 메일 a@b.kr';
    expect(kinds(text)).toEqual<PersonalDataKind[]>(['rrn', 'card', 'account', 'phone', 'email']);
  });

  it('finds nothing in an ordinary note', () => {
    expect(
      findPersonalData(
        '요금 이의 문의. 11월 청구액 32,000원 확인 후 재안내 예정. 2026-11-23 콜백.',
      ),
    ).toEqual([]);
  });

  it('masks as the inspection criteria show them, keeping the shape', () => {
    expect(
      maskPersonalData(
        '주민 880515-1234569 카드 4111-1111-1111-1111 계좌 110-123-456789 전화 010-1234-5678 메일 minjun@example.com',
      ),
    ).toBe(
      '주민 880515-1****** 카드 4111-11**-****-1111 계좌 ***-***-**6789 전화 010-1234-**** 메일 mi****@example.com',
    );
  });

  it('leaves a text without findings unchanged', () => {
    expect(maskPersonalData('해지 문의')).toBe('해지 문의');
  });
});
