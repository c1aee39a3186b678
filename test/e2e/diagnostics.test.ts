import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getSetting } from '../../main/db/repositories/settings';
import { launchApp, type AppHandle } from '../harness';
import { ui } from './support';

const words = ui('ko') as unknown as {
  settings: Record<string, string>;
  diagnostics: Record<string, string>;
};

// Issue #7 item 7: IT's diagnostics from the settings, and start at login as an option. The
// Chromium shell has no OS login item: the choice is stored (the Electron glue applies it).
describe('settings: 진단 정보 내보내기 and 로그인 시 자동 시작', () => {
  let app: AppHandle | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('exports the diagnostics file and says where it went', async () => {
    // No account: the app opens on settings (the first-run screen).
    app = await launchApp({ language: 'ko' });
    await app.page.getByRole('button', { name: words.diagnostics['export'] }).click();
    const status = app.page.getByRole('status').filter({ hasText: '저장했습니다' });
    await status.waitFor({ timeout: 10_000 });
    const text = (await status.textContent()) ?? '';
    const file = text.replace(/^저장했습니다: /, '');
    expect(path.dirname(file)).toBe(path.join(app.profileDir, 'diagnostics'));
    const bundle = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      app: { shell: string };
      logs: { file: string; lines: string[] }[];
    };
    expect(bundle.app.shell).toBe('chromium');
    expect(bundle.logs.map((l) => l.file)).toContain('main.log');
  });

  it('start at login: the checkbox is kept in the profile; pinned by policy it is read-only', async () => {
    app = await launchApp({ language: 'ko' });
    const box = app.page.getByRole('checkbox', { name: words.settings['startAtLogin'] });
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    await box.check();
    const profileDir = app.profileDir;
    const handle = app;
    await expect
      .poll(() => getSetting<boolean>(handle.readDb(), 'startAtLogin'), { timeout: 10_000 })
      .toBe(true);
    await app.close();
    app = undefined;

    app = await launchApp({
      language: 'ko',
      profileDir,
      policy: { version: 1, settings: { startAtLogin: false } },
    });
    const pinned = app.page.getByRole('checkbox', { name: words.settings['startAtLogin'] });
    await expect.poll(() => pinned.isDisabled()).toBe(true);
    expect(await pinned.isChecked()).toBe(false);
  });
});
