import { afterEach, describe, expect, it } from 'vitest';
import type { SoriApi } from '../../preload/contract';
import { writePolicy, type AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import type { SipStack } from '../sip/stack';
import {
  appBound,
  IN_NETNS,
  NETNS_SKIP_REASON,
  launchAgent,
  startStack,
  ui,
  waitForRegistered,
  waitForStatus,
} from './support';

describe.skipIf(!IN_NETNS)(
  `machine policy: fail closed, applied on change, managed settings ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let stack: SipStack | undefined;
    let app: AppHandle | undefined;
    afterEach(async () => {
      await app?.close();
      await stack?.stop();
      app = stack = undefined;
    });

    it('an invalid policy keeps calling off with every problem listed; fixed, its pins apply at once', async () => {
      stack = await startStack('policy');
      const words = ui('ko');
      app = await launchAgent(stack, '1001', {
        language: 'ko',
        // The agent's own (stored) server is wrong: only IT's pinned one works.
        wsServers: ['ws://127.0.0.1:9'],
        policy: {
          version: 1,
          sip: { wsServers: ['http://sip.callcenter.example'] },
          autoAnswer: { mode: 'sometimes' },
        },
      });
      const { page } = app;

      // Fail closed: the app runs, says why calling is off, and never registers.
      const banner = page.getByRole('alert').filter({ hasText: words.policy['invalidTitle']! });
      await banner.waitFor();
      const problems = await banner.getByRole('listitem').allTextContents();
      expect(problems).toHaveLength(2);
      expect(problems.sort()).toEqual([
        expect.stringMatching(/^autoAnswer\.mode: /),
        expect.stringMatching(/^sip\.wsServers\.0: /),
      ]);
      await waitForStatus(page, 'ko', words.registration.failure['policyInvalid']!);
      expect(await appBound(stack)).toBe(false);
      const credentials = await page.evaluate(() =>
        (globalThis as unknown as { sori: SoriApi }).sori.account.getCredentials({}),
      );
      expect(credentials).toMatchObject({ ok: false, error: { code: 'POLICY_INVALID' } });

      // IT fixes the file while the app runs: it registers on the pinned server, no restart.
      writePolicy(app.profileDir, {
        version: 1,
        sip: { wsServers: [stack.wsUrl] },
        settings: { language: 'ko', micProcessing: false },
      });
      await waitForRegistered(page, 'ko');
      await banner.waitFor({ state: 'detached' });
      await waitFor(() => appBound(stack!), { what: "the app's binding", timeoutMs: 5_000 });
      expect(app.logLines.some((line) => line.includes('policy applied'))).toBe(true);

      // The settings show what IT pins as managed, and cannot change it.
      await page.getByRole('button', { name: words.settings['open'], exact: true }).click();
      const servers = page.getByLabel(words.account['wsServers']!, { exact: true });
      expect(await servers.inputValue()).toBe(stack.wsUrl);
      expect(await servers.getAttribute('readonly')).not.toBeNull();
      const language = page.getByLabel(words.settings['language']!, { exact: true });
      expect(await language.isDisabled()).toBe(true);
      expect(await page.getByText(words.policy['managed']!).count()).toBe(3);

      // Nor can a window that goes around the UI: main refuses.
      const refused = await page.evaluate(async (server) => {
        const { sori } = globalThis as unknown as { sori: SoriApi };
        return [
          await sori.settings.setLanguage({ language: 'en' }),
          await sori.account.save({
            displayName: 'Agent 1001',
            sipUri: 'sip:1001@127.0.0.1',
            wsServers: [server],
            dtmfMode: 'rfc4733',
          }),
        ];
      }, 'ws://127.0.0.1:9');
      expect(refused).toMatchObject([
        { ok: false, error: { code: 'SETTING_MANAGED' } },
        { ok: false, error: { code: 'SETTING_MANAGED' } },
      ]);
      // Saving the form (the agent's own name; the pinned servers as they are) is fine.
      await page.getByLabel(words.account['displayName']!, { exact: true }).fill('김상담 1001');
      await page.getByRole('button', { name: words.account['save'], exact: true }).click();
      await waitForRegistered(page, 'ko');
      expect(
        app.readDb().prepare('select display_name, ws_servers from accounts').get(),
      ).toMatchObject({ display_name: '김상담 1001' });
    });
  },
);
