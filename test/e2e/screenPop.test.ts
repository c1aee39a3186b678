import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProfileStore } from '../harness/profileStore';
import type { AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForNoticeDone,
  waitForReady,
} from './support';

/** The local cache as a sync would have filled it: customer 2001 (the baresip phone). */
function seedCache(profileDir: string): void {
  const store = openProfileStore(profileDir);
  store.db
    .prepare(
      `INSERT INTO customers (id, display_name, updated_at, crm_version, profile, preferred_language)
       VALUES ('cust-2001', '김민준', 1, 1, ?, 'en')`,
    )
    .run(
      JSON.stringify({
        segment: 'VIP',
        flags: { vip: true, abusive: false },
        since: '2019-03-02',
        products: [{ code: 'P1', name: '5G 프리미엄' }],
      }),
    );
  store.db
    .prepare(
      "INSERT INTO customer_phones (customer_id, number, normalized, label) VALUES ('cust-2001', '2001', '2001', 'mobile')",
    )
    .run();
  const interaction = store.db.prepare(
    "INSERT INTO interactions (id, customer_id, kind, at, summary) VALUES (?, 'cust-2001', 'call_in', ?, ?)",
  );
  interaction.run('i-1', Date.UTC(2026, 9, 2), '요금제 변경 문의');
  interaction.run('i-2', Date.UTC(2026, 10, 20), '청구액 이의 제기');
  store.close();
}

// Acceptance (issue 5, item 4): a baresip customer's call pops the right card before answer, from
// the local cache (no CRM running at all), and the notice greets them in their CRM language.
describe.skipIf(!IN_NETNS)(`screen pop from the cache ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let customer: BaresipCustomer;
  let agent: AppHandle;

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('screen-pop');
    customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: false,
    });
    agent = await launchAgent(stack, '1001', {
      language: 'ko',
      microphoneWav: audio.agentTone440,
      prepareProfile: seedCache,
    });
    await waitForReady(agent.page, 'ko');
  });
  afterAll(async () => {
    await agent?.close();
    await stack?.stop();
  });

  it('shows the card and history while it rings, then plays the notice in the customer language', async () => {
    const words = ui('ko');
    const page = agent.page;
    customer.dial(stack.uri('1001'));
    const dialog = page.getByRole('dialog', { name: words.calls['incomingTitle'] });
    await dialog.waitFor({ timeout: 15_000 });

    const card = page.getByLabel(words.customer['card']!);
    await card.waitFor({ timeout: 5_000 });
    expect(await dialog.isVisible(), 'the card is there before answer').toBe(true);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('김민준');
    expect(text).toContain('VIP');
    expect(text).toContain('5G 프리미엄');
    const history = page.getByRole('list', { name: words.customer['history'] });
    expect(await history.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('청구액 이의 제기'),
      expect.stringContaining('요금제 변경 문의'),
    ]);

    await page.getByRole('button', { name: words.calls['answer'], exact: true }).click();
    const { callId } = await waitForNoticeDone(page, 30_000);
    const [played] = await waitFor(
      () => {
        const rows = agent
          .readDb()
          .prepare(
            "select detail from audit_log where action = 'recording_notice.played' and subject = ?",
          )
          .pluck()
          .all(callId) as string[];
        return rows.length > 0 && rows;
      },
      { what: 'the played notice in the audit log' },
    );
    // Korean UI, English-speaking customer: greeted in English.
    expect(JSON.parse(played!)).toMatchObject({ language: 'en' });
    await page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();
    await customer.waitForCallClosed();
  });
});
