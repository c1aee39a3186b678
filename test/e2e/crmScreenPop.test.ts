import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceCrm, type ReferenceCrm } from '../crmReference/referenceCrm';
import { syntheticCustomer, syntheticCustomers } from '../crmReference/syntheticCustomers';
import type { AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  launchAgent,
  startStack,
  storeCrmToken,
  testAudio,
  ui,
  waitForReady,
} from './support';

const TOKEN = 'agent-token-1001-screenpop';
const CUSTOMERS = 3_000;
const NOW = Date.now();
// The test Kamailio gives calls from 2001 the asserted number of synthetic customer 777, and
// calls from 2002 the CRM id of customer 42 in X-Customer-Id (an IVR stand-in).
const BY_NUMBER = syntheticCustomer(777, { now: NOW });
const BY_HEADER = syntheticCustomer(42, { now: NOW });

// Acceptance (issue 5): with a seeded reference CRM synced into the cache, a baresip customer's
// call pops the right card before answer; with the CRM stopped, the same works from the cache.
describe.skipIf(!IN_NETNS)(
  `screen pop from a synced CRM ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let stack: SipStack;
    let crm: ReferenceCrm;
    let agent: AppHandle;
    const customers: Partial<Record<'2001' | '2002', BaresipCustomer>> = {};

    beforeAll(async () => {
      const audio = await testAudio();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-crm-pop-'));
      crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token: TOKEN });
      const all = [...syntheticCustomers({ customers: CUSTOMERS, now: NOW })];
      crm.seed({
        customers: all.map((c) => c.customer),
        interactions: all.flatMap((c) => c.interactions),
        scripts: [
          {
            id: 'bundle-offer',
            kind: 'cross_sell',
            customerType: null,
            title: '인터넷 결합 안내',
            body: '{{name}} 고객님, 인터넷과 함께 쓰시면 매달 5,500원 할인됩니다.',
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
      stack = await startStack('crm-pop');
      for (const user of ['2001', '2002'] as const) {
        customers[user] = await startBaresipCustomer(stack, {
          user,
          sourceWav: audio.customerTone1000,
          autoAnswer: false,
        });
      }
      agent = await launchAgent(stack, '1001', {
        language: 'ko',
        microphoneWav: audio.agentTone440,
        policy: {
          version: 1,
          crm: { baseUrl: crm.url, syncIntervalSeconds: 1, cache: { scope: 'all' } },
          screenPop: { customerIdHeader: 'X-Customer-Id' },
        },
        prepareProfile: (profileDir) => storeCrmToken(profileDir, TOKEN),
      });
      await waitForReady(agent.page, 'ko');
    });
    afterAll(async () => {
      await agent?.close();
      await stack?.stop();
      await crm?.close();
    });

    /** Rings the agent from `user` and returns the card and history shown before answer. */
    async function popOf(user: '2001' | '2002') {
      const words = ui('ko');
      const page = agent.page;
      customers[user]!.dial(stack.uri('1001'));
      const dialog = page.getByRole('dialog', { name: words.calls['incomingTitle'] });
      await dialog.waitFor({ timeout: 15_000 });
      const card = page.getByLabel(words.customer['card']!);
      await card.waitFor({ timeout: 5_000 });
      expect(await dialog.isVisible(), 'the card is there before answer').toBe(true);
      const text = (await card.textContent()) ?? '';
      const history = await page
        .getByRole('list', { name: words.customer['history'] })
        .getByRole('listitem')
        .allTextContents();
      // The cross-sell prompt the CRM offers for inbound calls, filled in for this customer.
      const script = page.getByRole('region', { name: words.scripts['crossSell'] });
      await script.waitFor({ timeout: 5_000 });
      await script.getByRole('button', { name: '생각해 볼게요' }).click();
      const scriptText = (await script.textContent()) ?? '';
      await page.getByRole('button', { name: words.calls['decline'], exact: true }).click();
      await customers[user]!.waitForCallClosed();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      return { text, history, scriptText };
    }

    const expectedHistory = (c: typeof BY_NUMBER) =>
      [...c.interactions].sort((a, b) => b.at - a.at).slice(0, 20);

    it('syncs the CRM into the cache, then pops the caller found by the asserted number', async () => {
      const words = ui('ko');
      await agent.page
        .getByRole('status', { name: words.sync['label'] })
        .filter({ hasText: words.sync.state['online']! })
        .waitFor({ timeout: 60_000 });
      await waitFor(
        () => agent.readDb().prepare('SELECT count(*) FROM customers').pluck().get() === CUSTOMERS,
        { what: 'every customer in the cache', timeoutMs: 60_000 },
      );

      const { text, history, scriptText } = await popOf('2001');
      expect(text).toContain(BY_NUMBER.customer.name);
      expect(scriptText).toContain(`${BY_NUMBER.customer.name} 고객님, 인터넷과 함께`);
      expect(scriptText).toContain('설치비도 면제');
      expect(text).toContain(BY_NUMBER.customer.profile.segment!);
      const expected = expectedHistory(BY_NUMBER);
      expect(history).toHaveLength(expected.length);
      history.forEach((item, i) => expect(item).toContain(expected[i]!.summary));
    });

    it('with the CRM stopped, pops the caller an IVR identified by CRM id, from the cache', async () => {
      await crm.stop();
      const words = ui('ko');
      await agent.page
        .getByRole('status', { name: words.sync['label'] })
        .filter({ hasText: words.sync.state['offline']! })
        .waitFor({ timeout: 15_000 });

      const { text, history } = await popOf('2002');
      expect(text).toContain(BY_HEADER.customer.name);
      expect(history).toHaveLength(expectedHistory(BY_HEADER).length);

      // And the number-based pop works offline too.
      const again = await popOf('2001');
      expect(again.text).toContain(BY_NUMBER.customer.name);
    });

    it('registers an unknown number as 신규 고객 on the call, and the CRM gets it when back', async () => {
      const words = ui('ko');
      const page = agent.page;
      await dial(page, 'ko', customers['2002']!.uri);
      const form = page.getByRole('form', { name: words.customer['newTitle'] });
      await form.waitFor({ timeout: 10_000 });
      await form.getByLabel(words.customer['newName']!).fill('박신규');
      await form.getByRole('button', { name: words.customer['newSave'] }).click();
      const card = page.getByLabel(words.customer['card']!);
      await card.filter({ hasText: '박신규' }).waitFor({ timeout: 5_000 });
      await page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();

      await crm.start();
      await waitFor(() => crm.received().some((r) => r.kind === 'customer'), {
        what: 'the new customer in the CRM',
        timeoutMs: 30_000,
      });
      const [created] = crm.received().filter((r) => r.kind === 'customer');
      expect(crm.receivedBody('customer', created!.id)).toMatchObject({
        name: '박신규',
        phone: '2002',
      });
    });

    it('a CRM answering nonsense: the banner says so, the cache keeps what it had', async () => {
      const words = ui('ko');
      crm.seed({ customers: [{ ...BY_NUMBER.customer, version: 5, name: '바뀐이름' }] });
      crm.setFault({ mode: 'schemaViolation', path: '/v1/changes' });
      await agent.page
        .getByRole('status', { name: words.sync['label'] })
        .filter({ hasText: words.sync.problem['crm_invalid']! })
        .waitFor({ timeout: 20_000 });
      const { text } = await popOf('2001');
      expect(text).toContain(BY_NUMBER.customer.name);
      expect(text).not.toContain('바뀐이름');
      crm.setFault({ mode: 'none' });
    });
  },
);
