import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../main/appRoot';

const root = findAppRoot();
const ADDON = 'build/Release/better_sqlite3.node';

interface AfterPackContext {
  appOutDir: string;
  packager: { info: { projectDir: string }; getResourcesDir(appOutDir: string): string };
}
interface Hook {
  SQLITE_DRIVERS: string[];
  electronAbi(projectDir: string): string;
  addonAbis(file: string): string[];
  afterPack(context: AfterPackContext): Promise<void>;
}

// Loaded the way electron-builder loads an .mjs hook (a dynamic import).
const hook = (await import(pathToFileURL(path.join(root, 'scripts/after-pack.mjs')).href)) as Hook;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-afterpack-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A packaged app's layout (resources/app.asar.unpacked/…) with the given addon per driver. */
function packagedApp(name: string, addons: Record<string, Buffer>): AfterPackContext {
  const appOutDir = path.join(dir, name);
  const resources = path.join(appOutDir, 'resources');
  for (const [driver, bytes] of Object.entries(addons)) {
    const file = path.join(resources, 'app.asar.unpacked/node_modules', driver, ADDON);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
  }
  // The real project: its package.json (the driver) and the installed Electron's ABI.
  return { appOutDir, packager: { info: { projectDir: root }, getResourcesDir: () => resources } };
}

// The driver the app depends on (better-sqlite3-multiple-ciphers), and its real addon as installed.
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const installedAddon = (driver: string) => path.join(root, 'node_modules', driver, ADDON);

const addonFor = (abi: string) =>
  Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(`node_register_module_v${abi}\0`)]);

describe('afterPack hook: the packaged SQLite drivers are built for Electron', () => {
  it('reads the ABI a real addon was built for (Node’s here, or Electron’s after npm start)', () => {
    const electron = hook.electronAbi(root);
    expect(electron).toMatch(/^\d+$/);
    expect(electron).not.toBe(process.versions.modules);
    const installed = hook.SQLITE_DRIVERS.filter((d) => fs.existsSync(installedAddon(d)));
    expect(installed.length).toBeGreaterThan(0);
    for (const driver of installed) {
      const abis = hook.addonAbis(installedAddon(driver));
      expect(abis, driver).toHaveLength(1);
      expect([process.versions.modules, electron], driver).toContain(abis[0]);
    }
  });

  it('passes a package whose drivers were rebuilt for Electron', async () => {
    const abi = hook.electronAbi(root);
    const context = packagedApp(
      'good',
      Object.fromEntries(hook.SQLITE_DRIVERS.map((driver) => [driver, addonFor(abi)])),
    );
    await expect(hook.afterPack(context)).resolves.toBeUndefined();
  });

  // `npm test` makes sure the driver loads in Node before the suites run.
  const nodeBuilt = hook.SQLITE_DRIVERS.find(
    (d) =>
      d in (manifest.dependencies ?? {}) &&
      fs.existsSync(installedAddon(d)) &&
      hook.addonAbis(installedAddon(d)).join() === process.versions.modules,
  );
  it.skipIf(!nodeBuilt)(
    'refuses the real Node-built addon (what a silent wrong-headers rebuild ships)',
    async () => {
      const driver = nodeBuilt!;
      const abi = hook.electronAbi(root);
      const context = packagedApp('node-built', {
        ...Object.fromEntries(hook.SQLITE_DRIVERS.map((d) => [d, addonFor(abi)])),
        [driver]: fs.readFileSync(installedAddon(driver)),
      });
      await expect(hook.afterPack(context)).rejects.toThrow(
        new RegExp(`${driver}: built for ABI ${process.versions.modules}, Electron needs ${abi}`),
      );
    },
  );

  it('refuses a driver left inside the asar (asarUnpack missed it)', async () => {
    const driver = hook.SQLITE_DRIVERS.find((d) => d in (manifest.dependencies ?? {}));
    expect(driver, 'the app depends on a SQLite driver').toBeDefined();
    const context = packagedApp('not-unpacked', {});
    await expect(hook.afterPack(context)).rejects.toThrow(
      new RegExp(`${driver}: .* is not in app\\.asar\\.unpacked`),
    );
  });
});
