import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import type { SipStack } from '../sip/stack';

/** Waits for the app's binding (a probe sent in the same instant as the UI update may miss it). */
const waitForBinding = (stack: SipStack) =>
  waitFor(() => appBound(stack), { what: "the app's binding at Kamailio", timeoutMs: 5_000 });
import {
  appBound,
  IN_NETNS,
  NETNS_SKIP_REASON,
  launchAgent,
  registrationStatus,
  startStack,
  ui,
  waitForRegistered,
  waitForStatus,
} from './support';

describe.skipIf(!IN_NETNS)(
  `registration: honest status, failures and recovery ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let stack: SipStack | undefined;
    let app: AppHandle | undefined;
    afterEach(async () => {
      await app?.close();
      await stack?.stop();
      app = stack = undefined;
    });

    it('a wrong password shows the reason in Korean, and fixing it in settings registers', async () => {
      stack = await startStack('wrong-password');
      app = await launchAgent(stack, '1001', { language: 'ko', password: 'not-the-password' });
      const words = ui('ko');
      await waitForStatus(app.page, 'ko', words.registration.failure['wrongPassword']!);

      // The app keeps working: the agent opens settings and enters the right password.
      await app.page.getByRole('button', { name: words.settings['open'], exact: true }).click();
      await app.page
        .getByLabel(words.account['password']!, { exact: true })
        .fill(stack.users['1001']);
      await app.page.getByRole('button', { name: words.account['save'], exact: true }).click();
      await waitForRegistered(app.page, 'ko');
      await waitForBinding(stack);
    });

    it('shows the loss when Kamailio stops and registers again when it is back, without a reload', async () => {
      stack = await startStack('restart');
      app = await launchAgent(stack, '1001', { language: 'en' });
      await waitForRegistered(app.page, 'en');
      // A marker in the page: a reload would wipe it.
      await app.page.evaluate(() => ((globalThis as { __noReload?: number }).__noReload = 4711));

      await stack.stopKamailio();
      await waitForStatus(app.page, 'en', ui('en').registration['reconnecting']!);
      await stack.startKamailio();
      await waitForRegistered(app.page, 'en', 30_000);

      expect(
        await app.page.evaluate(() => (globalThis as { __noReload?: number }).__noReload),
      ).toBe(4711);
      await waitForBinding(stack);
    });

    it('an unreachable server is reported as such and the UI stays usable', async () => {
      stack = await startStack('unreachable');
      // Nothing listens on the stack's control port over TCP: a closed port.
      app = await launchAgent(stack, '1001', {
        language: 'en',
        wsServers: [`ws://127.0.0.1:${stack.ports.base + 3}`],
      });
      await waitForStatus(app.page, 'en', ui('en').registration.failure['serverUnreachable']!);
      await app.page.getByRole('button', { name: ui('en').settings['open'], exact: true }).click();
      await app.page.getByRole('form', { name: ui('en').account['formLabel'] }).waitFor();
      expect(await registrationStatus(app.page, 'en').textContent()).toContain(
        ui('en').registration.failure['serverUnreachable'],
      );
    });

    it('quitting unregisters from the server and flushes SQLite (orderly shutdown)', async () => {
      stack = await startStack('shutdown');
      app = await launchAgent(stack, '1001', { language: 'en' });
      await waitForRegistered(app.page, 'en');
      await waitForBinding(stack);
      const dbFile = app.dbFile;
      await app.close();
      app = undefined;
      // close() returns after the un-REGISTER was answered: the binding is gone at once.
      expect(await appBound(stack)).toBe(false);
      // The WAL was checkpointed into the main file on close.
      expect(fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0).toBe(0);
    });
  },
);
