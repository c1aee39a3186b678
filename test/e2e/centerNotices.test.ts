import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProfileStore } from '../harness/profileStore';
import { launchApp, type AppHandle } from '../harness';
import { agentStateStatus, ui } from './support';

// Acceptance (issue 5, item 11): an unacknowledged mandatory notice keeps the agent from going
// Ready (대기), so nobody answers with outdated information; acknowledging it is queued for the CRM.
describe('공지사항: a mandatory notice blocks 대기 until acknowledged', () => {
  let app: AppHandle;

  beforeAll(async () => {
    app = await launchApp({
      language: 'ko',
      account: {
        user: '1001',
        password: 'unused',
        domain: '127.0.0.1',
        wsServers: ['ws://127.0.0.1:9'],
      },
      prepareProfile(profileDir) {
        const store = openProfileStore(profileDir);
        const notice = store.db.prepare(
          'INSERT INTO center_notices (id, title, body, mandatory, published_at) VALUES (?, ?, ?, ?, ?)',
        );
        notice.run('n-plan', '요금제 개편 안내', '12월 1일부터 5G 요금제가 바뀝니다.', 1, 2);
        notice.run('n-park', '주차 안내', '지하 2층을 이용하세요.', 0, 1);
        store.close();
      },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses 대기 with the reason, then allows it once the notice is acknowledged', async () => {
    const words = ui('ko');
    const page = app.page;
    await page.getByText('요금제 개편 안내').waitFor({ timeout: 10_000 });
    const ready = page.getByRole('button', { name: words.agentState['ready'], exact: true });

    await ready.click();
    await page
      .getByRole('alert')
      .filter({ hasText: words.agentState.blocked['center_notice']! })
      .waitFor({ timeout: 5_000 });
    expect(await agentStateStatus(page, 'ko').textContent()).toContain(
      words.agentState.state['notReady'],
    );

    await page
      .getByRole('button', { name: `${words.centerNotices['acknowledge']}: 요금제 개편 안내` })
      .click();
    await ready.click();
    await agentStateStatus(page, 'ko')
      .filter({ hasText: new RegExp(`^${words.agentState.state['ready']}$`) })
      .waitFor({ timeout: 5_000 });
    const acks = app
      .readDb()
      .prepare("select payload from outbox where kind = 'notice.ack'")
      .pluck()
      .all() as string[];
    expect(acks.map((p) => (JSON.parse(p) as { noticeId: string }).noticeId)).toEqual(['n-plan']);
  });
});
