import type { ReferenceCrm } from './referenceCrm';
import { syntheticCustomers } from './syntheticCustomers';

/**
 * What `npm run demo` (and anyone trying the panel by hand) finds in the reference CRM: synthetic
 * customers with their histories, the centre's reference lists and a mandatory notice. Customer
 * 777 is the one the test Kamailio asserts for calls from 2001, so the demo's caller pops a card.
 */
export function seedDemoCrm(crm: ReferenceCrm, options: { customers?: number; now?: number } = {}) {
  const now = options.now ?? Date.now();
  const customers = [...syntheticCustomers({ customers: options.customers ?? 5_000, now })];
  crm.seed({
    customers: customers.map((c) => c.customer),
    interactions: customers.flatMap((c) => c.interactions),
    notices: [
      {
        id: 'notice-2026-12-rates',
        title: '12월 요금제 개편 안내',
        body: '12월 1일부터 5G 요금제 3종이 통합됩니다. 기존 가입자는 자동 전환되며 요금은 같거나 낮아집니다.',
        // Not mandatory here: a mandatory notice would hold the demo agent out of 대기 until read.
        mandatory: false,
        publishedAt: now - 60 * 60 * 1000,
      },
    ],
    intents: [
      {
        code: 'billing.inquiry',
        label: { ko: '요금 문의', en: 'Billing inquiry' },
        group: 'billing',
      },
      {
        code: 'billing.dispute',
        label: { ko: '요금 이의', en: 'Billing dispute' },
        group: 'billing',
      },
      {
        code: 'contract.renewal',
        label: { ko: '재약정', en: 'Contract renewal' },
        group: 'contract',
      },
      {
        code: 'contract.cancel',
        label: { ko: '해지 문의', en: 'Cancellation' },
        group: 'contract',
      },
      { code: 'tech.outage', label: { ko: '장애 접수', en: 'Outage report' }, group: 'tech' },
    ],
    dispositions: [
      { code: 'resolved', label: { ko: '처리 완료', en: 'Resolved' }, queues: [] },
      { code: 'callback', label: { ko: '재통화 필요', en: 'Call back' }, queues: [] },
      { code: 'escalated', label: { ko: '상급자 이관', en: 'Escalated' }, queues: [] },
    ],
    scripts: [
      {
        id: 'renewal-personal',
        kind: 'outbound',
        customerType: '개인',
        title: '재약정 안내 (개인)',
        body: '안녕하세요, {{name}} 고객님. 상담원 {{agentName}}입니다. 고객님의 약정이 곧 만료되어 혜택을 안내드리려고 연락드렸습니다.',
        objections: [
          {
            id: 'think',
            label: '생각해 볼게요',
            answer:
              '네, 천천히 생각해 보세요. 이번 달 안에 재약정하시면 요금 할인이 12개월 동안 적용됩니다.',
          },
          {
            id: 'busy',
            label: '지금 바빠요',
            answer: '편하신 시간을 말씀해 주시면 그때 다시 연락드리겠습니다.',
          },
        ],
      },
      {
        id: 'bundle-offer',
        kind: 'cross_sell',
        customerType: null,
        title: '인터넷 결합 안내',
        body: '{{name}} 고객님, 휴대폰과 인터넷을 함께 쓰시면 매달 5,500원 할인됩니다.',
        objections: [
          {
            id: 'think',
            label: '생각해 볼게요',
            answer: '이번 달 안에 신청하시면 설치비도 면제됩니다.',
          },
        ],
      },
    ],
  });
}
