import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  startAgentAndCustomer,
  ui,
  waitForTalking,
  type AgentAndCustomer,
} from './support';

const RRN = '880515-1234569';
const words = () => ui('ko').notes;

const notes = (app: AppHandle) =>
  app.readDb().prepare('select call_id, body from notes order by created_at').all() as Array<{
    call_id: string;
    body: string;
  }>;
const draftOf = (app: AppHandle) =>
  app.readDb().prepare('select body from note_drafts').pluck().all() as string[];

// Acceptance (issue 5, item 7): a note with a resident registration number cannot be saved
// without an audited override; masking makes it saveable. Real call (baresip customer).
describe.skipIf(!IN_NETNS)(
  `intent notes and the personal-data guard ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let setup: AgentAndCustomer;

    beforeAll(async () => {
      setup = await startAgentAndCustomer('notes', 'ko');
    });
    afterAll(async () => {
      await setup?.stop();
    });

    async function callAndType(text: string) {
      const { agent, customer } = setup;
      await dial(agent.page, 'ko', customer.uri);
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(agent.page, 'ko');
      const body = agent.page.getByRole('textbox', { name: words()['body'] });
      await body.waitFor({ timeout: 10_000 });
      await body.fill(text);
      return body;
    }

    async function hangUp() {
      await setup.agent.page
        .getByRole('button', { name: ui('ko').calls['hangUp'], exact: true })
        .click();
      await setup.customer.waitForCallClosed();
    }

    it('refuses a note with a 주민등록번호 until the agent gives a reason, and audits the override', async () => {
      const { agent } = setup;
      const page = agent.page;
      const text = `본인 확인: 주민번호 ${RRN} 고객 요청으로 기재`;
      await callAndType(text);
      // Flagged as it is typed, and autosaved as a draft meanwhile.
      await page
        .getByRole('alert')
        .filter({ hasText: words().kind['rrn']! })
        .waitFor({ timeout: 5_000 });
      await waitFor(() => draftOf(agent).includes(text), { what: 'the draft in SQLite' });
      await hangUp();

      await page.getByRole('button', { name: words()['save'] }).click();
      await page.getByText(words()['blocked']!).waitFor({ timeout: 5_000 });
      expect(notes(agent)).toEqual([]);

      await page.getByLabel(words()['overrideReason']!).fill('법원 제출용 본인 확인 기록');
      await page.getByRole('button', { name: words()['saveWithReason'] }).click();
      await page
        .getByRole('status', { name: words()['state'] })
        .filter({ hasText: words()['saved']! })
        .waitFor({ timeout: 5_000 });
      expect(notes(agent).map((n) => n.body)).toEqual([text]);
      const override = agent
        .readDb()
        .prepare("select detail from audit_log where action = 'note.personal_data_override'")
        .pluck()
        .all() as string[];
      expect(override.map((d) => JSON.parse(d) as unknown)).toEqual([
        expect.objectContaining({ kinds: ['rrn'], reason: '법원 제출용 본인 확인 기록' }),
      ]);
      expect(draftOf(agent)).toEqual([]);

      // 오늘의 내 실적: the call counted, the note waiting for the CRM.
      const stats = page.getByLabel(ui('ko').stats['label']!);
      await stats
        .filter({ hasText: new RegExp(`${ui('ko').stats['notesPending']}\\s*1`) })
        .waitFor({ timeout: 5_000 });
      expect(await stats.textContent()).toMatch(new RegExp(`${ui('ko').stats['calls']}\\s*1`));
    });

    it('masking makes the note saveable without an override', async () => {
      const { agent } = setup;
      const page = agent.page;
      const body = await callAndType(`환불 계좌 110-123-456789, 연락처 010-2345-6789`);
      await page.getByRole('button', { name: words()['mask'] }).click();
      expect(await body.inputValue()).toBe('환불 계좌 ***-***-**6789, 연락처 010-2345-****');
      expect(await page.getByRole('button', { name: words()['mask'] }).count()).toBe(0);
      await page.getByRole('button', { name: words()['save'] }).click();
      await page
        .getByRole('status', { name: words()['state'] })
        .filter({ hasText: words()['saved']! })
        .waitFor({ timeout: 5_000 });
      await hangUp();
      expect(notes(agent).at(-1)!.body).toBe('환불 계좌 ***-***-**6789, 연락처 010-2345-****');
      const overrides = agent
        .readDb()
        .prepare("select count(*) from audit_log where action = 'note.personal_data_override'")
        .pluck()
        .get();
      expect(overrides).toBe(1); // only the first test's
    });
  },
);
