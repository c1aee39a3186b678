import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthCheckItem } from '../../preload/contract';
import type { AppHandle } from '../harness';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  agentStateStatus,
  goReady,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForRegistered,
} from './support';

// Issue #6 (call quality): the pre-Ready health check an agent runs at shift start. Real parts:
// Kamailio and a closed port for the servers, Chromium without any capture device for a missing
// headset, and a test call through rtpengine to a baresip "echo" number for the media relay.

/** Nothing listens on the discard port in the test namespace: a refused connection. */
const DEAD_SERVER = 'ws://127.0.0.1:9';

const storedRuns = (agent: AppHandle) =>
  (
    agent.readDb().prepare('SELECT passed, items FROM health_checks ORDER BY id').all() as Array<{
      passed: number;
      items: string;
    }>
  ).map((row) => ({
    passed: row.passed === 1,
    items: JSON.parse(row.items) as HealthCheckItem[],
  }));

describe.skipIf(!IN_NETNS)(`pre-Ready health check ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let echo: BaresipCustomer;

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('health-check');
    echo = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('finds a missing microphone and an unreachable server, says what to do, keeps the run', async () => {
    const words = ui('ko');
    const agent = await launchAgent(stack, '1001', {
      language: 'ko',
      microphoneWav: 'none',
      wsServers: [stack.wsUrl, DEAD_SERVER],
    });
    try {
      const page = agent.page;
      await waitForRegistered(page, 'ko');
      const panel = page.getByRole('region', { name: words.healthCheck['title'] });
      await panel.getByRole('button', { name: words.healthCheck['run'] }).click();
      await panel
        .getByRole('status')
        .filter({ hasText: words.healthCheck['failed']! })
        .waitFor({ timeout: 30_000 });

      const rows = panel.getByRole('listitem');
      const row = (name: string) => rows.filter({ hasText: name });
      await expect(row(`서버 ${DEAD_SERVER}`).textContent()).resolves.toContain(
        words.healthCheck.detail['server_unreachable'],
      );
      await expect(row(`서버 ${stack.wsUrl}`).textContent()).resolves.toContain(
        words.healthCheck.status['ok'],
      );
      await expect(row(words.healthCheck.check['microphone']!).textContent()).resolves.toContain(
        words.healthCheck.detail['mic_missing'],
      );
      await expect(row(words.healthCheck.check['registration']!).textContent()).resolves.toContain(
        words.healthCheck.status['ok'],
      );

      const [run] = storedRuns(agent);
      expect(run?.passed).toBe(false);
      expect(run?.items.map((item) => `${item.check} ${item.status} ${item.code}`)).toEqual([
        'server ok ok',
        'server failed server_unreachable',
        'registration ok ok',
        'microphone failed mic_missing',
        'mediaRelay skipped relay_not_configured',
      ]);
      expect(
        agent.logLines.some((line) =>
          line.includes('health check failed: server ok, server failed (server_unreachable)'),
        ),
      ).toBe(true);
    } finally {
      await agent.close();
    }
  });

  it('passes with a working microphone, measures the relay by a test call, then lets 대기 through', async () => {
    const words = ui('en');
    const audio = await testAudio();
    const agent = await launchAgent(stack, '1001', {
      language: 'en',
      microphoneWav: audio.agentTone440,
      policy: {
        version: 1,
        healthCheck: { mediaTestUri: echo.uri, requiredBeforeReady: true },
      },
    });
    try {
      const page = agent.page;
      await waitForRegistered(page, 'en');
      // The centre requires the check: 대기 is refused until one passes.
      await page.getByRole('button', { name: words.agentState['ready'], exact: true }).click();
      await page.getByText(words.agentState.blocked['health_check']!).waitFor({ timeout: 10_000 });
      expect(await agentStateStatus(page, 'en').textContent()).not.toBe(
        words.agentState.state['ready'],
      );

      const panel = page.getByRole('region', { name: words.healthCheck['title'] });
      await panel.getByRole('button', { name: words.healthCheck['run'] }).click();
      await panel
        .getByRole('status')
        .filter({ hasText: words.healthCheck['passed']! })
        .waitFor({ timeout: 30_000 });
      // The test number really was called through Kamailio and rtpengine.
      expect(echo.readLog()).toMatch(/Call established/);
      await echo.waitForCallClosed();

      const [run] = storedRuns(agent);
      expect(run?.passed).toBe(true);
      const byCheck = Object.fromEntries(run!.items.map((item) => [item.check, item]));
      expect(byCheck['microphone']).toMatchObject({ status: 'ok', code: 'ok' });
      // The fake microphone's 440 Hz tone is loud: far above the silence floor.
      expect(byCheck['microphone']!.levelDb!).toBeGreaterThan(-40);
      expect(byCheck['mediaRelay']).toMatchObject({ status: 'ok', target: echo.uri });
      expect(byCheck['mediaRelay']!.ms).not.toBeNull();
      // A test call is not a customer call: not in the call list, no recording notice.
      expect(agent.readDb().prepare('SELECT count(*) FROM call_log').pluck().get()).toBe(0);

      await goReady(page, 'en');
    } finally {
      await agent.close();
    }
  });
});
