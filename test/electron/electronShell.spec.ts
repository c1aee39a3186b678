import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSipStack, type SipStack } from '../sip/stack';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
// @ts-expect-error -- plain ESM helper shared with scripts/start.mjs
import { electronBinary, WHY_NO_ELECTRON } from '../../scripts/electronBinary.mjs';

const root = path.resolve(__dirname, '../..');
const binary = electronBinary(root) as string | null;

test.describe('Electron shell', () => {
  test.skip(!binary, `skipped: ${WHY_NO_ELECTRON as string}`);

  let app: ElectronApplication;
  let userData: string;

  test.beforeAll(async () => {
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-electron-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [
        root,
        `--user-data-dir=${userData}`,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
      ],
      env: { ...process.env, LANG: 'en_US.UTF-8' },
    });
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('every window is isolated and sandboxed, with no Node in the page', async () => {
    const page = await app.firstWindow();
    // Renderer processes report whether the OS-level sandbox is on.
    const renderers = await app.evaluate(({ app: electronApp }) =>
      electronApp
        .getAppMetrics()
        .filter((m) => m.type === 'Tab')
        .map((m) => m.sandboxed ?? false),
    );
    expect(renderers.length).toBeGreaterThan(0);
    expect(renderers.every(Boolean)).toBe(true);
    // Context isolation: the page sees the contract API but none of the preload's world.
    expect(await page.evaluate(() => typeof (globalThis as { sori?: unknown }).sori)).toBe(
      'object',
    );
    expect(
      await page.evaluate(() => typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer),
    ).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
  });

  test('the preload exposes exactly the contract API and it reaches main', async () => {
    const page = await app.firstWindow();
    const info = await page.evaluate(async () => {
      const sori = (
        globalThis as unknown as { sori: { app: { getInfo(r: object): Promise<unknown> } } }
      ).sori;
      return { keys: Object.keys(sori).sort(), info: await sori.app.getInfo({}) };
    });
    expect(info.keys).toEqual(['account', 'app', 'callLog', 'log', 'on', 'settings']);
    expect(info.info).toMatchObject({ ok: true, value: { shell: 'electron' } });
  });

  test('navigation away from the app is blocked', async () => {
    const page = await app.firstWindow();
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href =
        'https://example.invalid/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  });

  test('an agent sets up the account in the first-run form and registers', async () => {
    const stack: SipStack = await startSipStack({
      workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sori-electron-sip-')),
    });
    try {
      const page = await app.firstWindow();
      const form = page.getByRole('form', { name: 'SIP account' });
      await form.getByRole('textbox', { name: 'Display name' }).fill('Agent 1001');
      await form.getByRole('textbox', { name: 'SIP URI' }).fill('sip:1001@127.0.0.1');
      await form.getByLabel('Password', { exact: true }).fill(stack.users['1001']);
      await form.getByRole('textbox', { name: 'WebSocket servers' }).fill(stack.wsUrl);
      await form.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByRole('status', { name: 'Registration status' })).toHaveText(
        /Registered/,
        { timeout: 20_000 },
      );
    } finally {
      await stack.stop();
    }
  });
});
