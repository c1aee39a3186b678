import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { startBaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  callLogRows,
  callStats,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForCallLogClosed,
  waitForReady,
  waitForStatus,
} from './support';

// Markup and more than the 64 characters the UI shows. (baresip's account parser limits how long
// a display name we can make it send; the renderer's unit tests cover 10 000 characters.)
const HOSTILE_NAME = `<img src=x onerror=globalThis.__pwned=1>${'가나다라'.repeat(20)}`;

describe.skipIf(!IN_NETNS)(
  `bad input gets a clear message and breaks nothing ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let stack: SipStack;
    let agent: AppHandle;

    beforeAll(async () => {
      stack = await startStack('bad-input');
      agent = await launchAgent(stack, '1001', { language: 'ko' });
      await waitForReady(agent.page, 'ko');
    });
    afterAll(async () => {
      await agent?.close();
      await stack?.stop();
    });

    it.each([
      ['abc<script>', 'invalidCharacters'],
      ['010-12', 'invalidDomestic'],
      ['sip:no-host', 'invalidSipUri'],
    ])('refuses to dial %s with a message in Korean', async (input, problem) => {
      const words = ui('ko').calls;
      await agent.page.getByRole('textbox', { name: words['number'], exact: true }).fill(input);
      await agent.page.getByRole('textbox', { name: words['number'], exact: true }).press('Enter');
      await agent.page
        .getByRole('alert')
        .filter({
          hasText: (words as unknown as { dialProblem: Record<string, string> }).dialProblem[
            problem
          ]!,
        })
        .waitFor({ timeout: 5_000 });
      expect(await callStats(agent.page)).toEqual([]);
      expect(callLogRows(agent)).toEqual([]);
    });

    it('shows a hostile caller display name as short plain text, never as HTML', async () => {
      const audio = await testAudio();
      const customer = await startBaresipCustomer(stack, {
        user: '2002',
        sourceWav: audio.customerTone600,
        autoAnswer: true,
        displayName: HOSTILE_NAME,
      });
      customer.dial(stack.uri('1001'));
      const dialog = agent.page.getByRole('dialog', { name: ui('ko').calls['incomingTitle'] });
      await dialog.waitFor({ timeout: 15_000 });
      const text = (await dialog.textContent()) ?? '';
      expect(text).toContain('<img src=x');
      expect(text).not.toContain('가나다라'.repeat(20));
      expect(text).toContain('…');
      expect(await agent.page.locator('img[src="x"]').count()).toBe(0);
      expect(
        await agent.page.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
      ).toBeUndefined();
      await agent.page
        .getByRole('button', { name: ui('ko').calls['decline'], exact: true })
        .click();
      await customer.waitForCallClosed();
      const [row] = await waitForCallLogClosed(agent);
      expect(row).toMatchObject({ direction: 'inbound', end_reason: 'rejected' });
      // Stored bounded, too.
      expect(String(row!['remote_display_name']).length).toBeLessThanOrEqual(256);
      await customer.quit();
    });
  },
);

describe.skipIf(!IN_NETNS)(
  `a WebSocket address that is not a SIP server ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let web: http.Server;
    let app: AppHandle | undefined;
    let stack: SipStack;
    beforeAll(async () => {
      stack = await startStack('not-sip');
      // A plain web server: it answers the WebSocket upgrade with an HTML page.
      web = http.createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>intranet</h1>'),
      );
      await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await app?.close();
      await stack?.stop();
      web?.close();
    });

    it('is reported in English and the app does not crash', async () => {
      const { port } = web.address() as AddressInfo;
      app = await launchAgent(stack, '1001', {
        language: 'en',
        wsServers: [`ws://127.0.0.1:${port}/`],
      });
      await waitForStatus(app.page, 'en', ui('en').registration.failure['serverUnreachable']!);
      const errors: string[] = [];
      app.page.on('pageerror', (e) => errors.push(e.message));
      await app.page.getByRole('button', { name: ui('en').settings['open'], exact: true }).click();
      await app.page.getByRole('form', { name: ui('en').account['formLabel'] }).waitFor();
      expect(errors).toEqual([]);
    });
  },
);
