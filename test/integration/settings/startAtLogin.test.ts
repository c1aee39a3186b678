import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../preload/contract';
import { createLogger, memorySink } from '../../../main/logging/logger';
import { watchPolicyFile } from '../../../main/policy/policySource';
import {
  createFileSecretStore,
  developmentPlaintextCipher,
} from '../../../main/secrets/secretStore';
import { startMainServices, type MainServices } from '../../../main/services';
import { xdgAutostartPort, xdgConfigHome } from '../../../main/settings/startAtLogin';
import { SHIPPED_NOTICES } from '../../harness/notices';

const ORIGIN = 'http://127.0.0.1:5999';
const EXEC = ['/opt/Sori Desk/sori-desk', '--hidden'];

/**
 * The real main services over a real profile, with the Linux port writing the XDG autostart
 * entry under a temporary HOME (the Electron glue hands macOS and Windows to Electron instead).
 */
describe('settings:setStartAtLogin (real services, XDG autostart in a temp HOME)', () => {
  let root: string;
  let profileDir: string;
  let home: string;
  let policyFile: string;
  let autostartFile: string;
  const running: MainServices[] = [];
  const stops: (() => void)[] = [];

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-autostart-'));
    profileDir = path.join(root, 'profile');
    home = path.join(root, 'home');
    policyFile = path.join(root, 'policy.json');
    autostartFile = path.join(home, '.config', 'autostart', 'sori-desk.desktop');
  });
  afterEach(async () => {
    for (const services of running.splice(0)) await services.shutdown(0);
    stops.splice(0).forEach((stop) => stop());
    fs.rmSync(root, { recursive: true, force: true });
  });

  function start(policy?: unknown) {
    if (policy === undefined) fs.rmSync(policyFile, { force: true });
    else fs.writeFileSync(policyFile, JSON.stringify(policy));
    const logger = createLogger({ sinks: [memorySink()] });
    const source = watchPolicyFile(policyFile, { logger, pollMs: 60_000 });
    stops.push(() => source.stop());
    const port = xdgAutostartPort({ configHome: xdgConfigHome({}, home), exec: EXEC });
    expect(port.file).toBe(autostartFile);
    const services = startMainServices({
      profileDir,
      shell: 'chromium',
      version: '0.0.0-test',
      systemLocale: 'ko-KR',
      secrets: createFileSecretStore(path.join(profileDir, 'secrets'), developmentPlaintextCipher),
      logger,
      policy: source,
      noticesDir: SHIPPED_NOTICES,
      loginItem: port,
      isTrustedSender: (url) => url.startsWith(ORIGIN),
    });
    running.push(services);
    const call = (channel: string, request: unknown = {}) =>
      services.dispatch(channel, request, { url: `${ORIGIN}/index.html` });
    return { services, source, call };
  }
  const stopAll = async () => {
    for (const services of running.splice(0)) await services.shutdown(0);
  };

  it('is off by default and touches nothing at start', async () => {
    const { call } = start();
    expect(await call('settings:get')).toMatchObject({ ok: true, value: { startAtLogin: false } });
    expect(fs.existsSync(path.join(home, '.config'))).toBe(false);
  });

  it('on writes the autostart entry, off removes it; the choice is kept across restarts', async () => {
    const { call } = start();
    const on = await call('settings:setStartAtLogin', { enabled: true });
    expect(on).toMatchObject({ ok: true, value: { startAtLogin: true, micProcessing: true } });
    const entry = fs.readFileSync(autostartFile, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Sori Desk\n');
    expect(entry).toContain('Exec="/opt/Sori Desk/sori-desk" --hidden\n');
    expect(await call('settings:get')).toMatchObject({ value: { startAtLogin: true } });

    // Restart: the stored choice is applied again (e.g. the entry was lost, or the app moved).
    await stopAll();
    fs.rmSync(autostartFile);
    const again = start();
    expect(fs.existsSync(autostartFile)).toBe(true);
    expect(await again.call('settings:get')).toMatchObject({ value: { startAtLogin: true } });

    const off = await again.call('settings:setStartAtLogin', { enabled: false });
    expect(off).toMatchObject({ ok: true, value: { startAtLogin: false } });
    expect(fs.existsSync(autostartFile)).toBe(false);
    // Off twice is fine (nothing to remove).
    expect(await again.call('settings:setStartAtLogin', { enabled: false })).toMatchObject({
      ok: true,
    });
  });

  it('pinned by the policy: applied at start over the agent’s choice, and a change is refused with SETTING_MANAGED', async () => {
    // The agent had turned it off.
    const first = start();
    await first.call('settings:setStartAtLogin', { enabled: false });
    await stopAll();

    const { call } = start({ version: 1, settings: { startAtLogin: true } });
    expect(fs.existsSync(autostartFile)).toBe(true);
    expect(await call('settings:get')).toMatchObject({ value: { startAtLogin: true } });
    const refused = (await call('settings:setStartAtLogin', { enabled: false })) as {
      ok: false;
      error: { code: string };
    };
    expect(refused).toMatchObject({ ok: false, error: { code: 'SETTING_MANAGED' } });
    expect(fs.existsSync(autostartFile)).toBe(true);
    // Sending the pinned value back (a form saving every field) is allowed.
    expect(await call('settings:setStartAtLogin', { enabled: true })).toMatchObject({
      ok: true,
      value: { startAtLogin: true },
    });
  });

  it('pinned off removes an entry the agent had made; a policy change applies without a restart', async () => {
    const first = start();
    await first.call('settings:setStartAtLogin', { enabled: true });
    await stopAll();

    const { call, source } = start({ version: 1, settings: { startAtLogin: false } });
    expect(fs.existsSync(autostartFile)).toBe(false);
    const settings = (await call('settings:get')) as { value: Settings };
    expect(settings.value.startAtLogin).toBe(false);

    // IT unpins it: the agent's stored choice (on) is in effect again.
    fs.writeFileSync(policyFile, JSON.stringify({ version: 1 }));
    source.reload();
    expect(fs.existsSync(autostartFile)).toBe(true);
    expect(await call('settings:get')).toMatchObject({ value: { startAtLogin: true } });
  });
});
