import type { CrmCustomer, CrmInteraction } from '../../main/crm/crmContract';

/**
 * Realistic but invented Korean customers for the reference CRM, the demo and the benchmarks:
 * common surnames and given-name syllables, 010 numbers, segments, products and a history of
 * contacts. Deterministic for a seed, streamed (a million customers never sit in memory), and
 * free of real personal data: numbers are a permutation of the index, names random syllables.
 */

const SURNAMES =
  '김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용'.split(
    '',
  );
const GIVEN =
  '민서준지현우예도하윤수진영은채연주원성호재아승태희혜경동상소정유시나래한빈건보미다율찬솔규석철명선'.split(
    '',
  );
const SEGMENTS = ['일반', '우수', 'VIP', '신규', '휴면'] as const;
const TYPES = ['개인', '개인', '개인', '법인'] as const;
const CHANNELS = ['지점', '온라인', '모바일 앱', '텔레마케팅', '대리점'] as const;
const AGE_BANDS = ['20대', '30대', '40대', '50대', '60대', '70대 이상'] as const;
const PRODUCTS = [
  { code: 'INET-500', name: '인터넷 500M' },
  { code: 'INET-1G', name: '기가 인터넷' },
  { code: 'MOB-5G', name: '5G 요금제' },
  { code: 'MOB-LTE', name: 'LTE 요금제' },
  { code: 'IPTV-BASIC', name: 'IPTV 베이직' },
  { code: 'HOME-CCTV', name: '가정용 CCTV' },
  { code: 'INS-PHONE', name: '휴대폰 보험' },
] as const;
const CHANGES = ['요금제 변경', '주소 변경', '명의 변경', '약정 갱신', '부가서비스 해지'] as const;
const KINDS = ['call_in', 'call_in', 'call_out', 'chat', 'visit'] as const;
const SUMMARIES = [
  '요금 문의: 이번 달 청구 금액 설명',
  '해지 문의: 위약금 안내 후 유지 결정',
  '인터넷 장애 접수: 기사 방문 예약',
  '요금제 변경 요청 처리',
  '명세서 재발송 요청',
  '약정 만료 안내 및 재약정 상담',
  '부가서비스 가입 문의',
  '배송 일정 확인',
] as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** mulberry32: a small, fast PRNG; the same seed gives the same customers on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(rand: () => number, list: readonly T[]): T =>
  list[Math.floor(rand() * list.length)]!;

/**
 * The mobile number of customer `index`: 010 plus eight digits from a bijection of the index
 * (multiplication by a number coprime to 10^8), so numbers are unique up to 10^8 customers and
 * look scattered rather than sequential.
 */
export function syntheticMobile(index: number): string {
  const n = Number((BigInt(index) * 48_271_009n + 12_345_678n) % 100_000_000n);
  const digits = String(n).padStart(8, '0');
  return `010-${digits.slice(0, 4)}-${digits.slice(4)}`;
}

export const syntheticCustomerId = (index: number) => `C${String(index).padStart(8, '0')}`;

export interface SyntheticOptions {
  /** How many customers. */
  customers: number;
  /** Interactions per customer on average (each gets 0..2×this). */
  interactionsPerCustomer?: number;
  seed?: number;
  /** "Now" for contact dates; histories reach back about two years from it. */
  now?: number;
}

/** The customer at `index` (0-based) and their interactions. */
export function syntheticCustomer(
  index: number,
  options: Omit<SyntheticOptions, 'customers'> = {},
): { customer: CrmCustomer; interactions: CrmInteraction[] } {
  const rand = random((options.seed ?? 1) * 1_000_003 + index);
  const now = options.now ?? Date.UTC(2026, 10, 1);
  const id = syntheticCustomerId(index);
  const given = pick(rand, GIVEN) + pick(rand, GIVEN);
  const type = pick(rand, TYPES);
  const name =
    type === '법인'
      ? `(주)${pick(rand, GIVEN)}${pick(rand, GIVEN)}상사`
      : pick(rand, SURNAMES) + given;
  const perCustomer = options.interactionsPerCustomer ?? 5;
  const count = Math.floor(rand() * (2 * perCustomer + 1));
  const interactions: CrmInteraction[] = [];
  // Contacts spread over the customer's last one to 720 days, oldest first, whole minutes.
  const start = now - (1 + Math.floor(rand() * 720)) * DAY_MS;
  const moments = Array.from({ length: count }, () => rand()).sort((a, b) => a - b);
  for (let i = 0; i < count; i++) {
    const at = start + Math.floor((moments[i]! * (now - start)) / 60_000) * 60_000;
    interactions.push({
      id: `${id}-I${i}`,
      customerId: id,
      callId: null,
      kind: pick(rand, KINDS),
      at,
      summary: pick(rand, SUMMARIES),
    });
  }
  const since = new Date(now - Math.floor(rand() * 15 * 365) * DAY_MS).toISOString().slice(0, 10);
  const owned = PRODUCTS.filter(() => rand() < 0.3);
  const segment = pick(rand, SEGMENTS);
  const customer: CrmCustomer = {
    id,
    version: 1,
    name,
    phones: [
      { number: syntheticMobile(index), label: '휴대폰' },
      ...(rand() < 0.2
        ? [
            {
              number: `02-${String(2000 + (index % 8000))}-${String(index % 10_000).padStart(4, '0')}`,
              label: '자택',
            },
          ]
        : []),
    ],
    preferredLanguage: rand() < 0.05 ? 'en' : 'ko',
    profile: {
      segment,
      customerType: type,
      signupChannel: pick(rand, CHANNELS),
      ageBand: pick(rand, AGE_BANDS),
      since,
      products: owned.map((p) => ({ ...p })),
      recentChanges:
        rand() < 0.4
          ? [
              {
                at: new Date(interactions.at(-1)?.at ?? start).toISOString().slice(0, 10),
                what: pick(rand, CHANGES),
              },
            ]
          : [],
      flags: { vip: segment === 'VIP', abusive: rand() < 0.01 },
      callingHours: rand() < 0.3 ? { from: '18:00', to: '21:00' } : null,
    },
    lastContactAt: interactions.at(-1)?.at ?? null,
    updatedAt: now,
  };
  return { customer, interactions };
}

/** Customers 0..n-1, one at a time. */
export function* syntheticCustomers(
  options: SyntheticOptions,
): Generator<{ customer: CrmCustomer; interactions: CrmInteraction[] }> {
  for (let i = 0; i < options.customers; i++) yield syntheticCustomer(i, options);
}
