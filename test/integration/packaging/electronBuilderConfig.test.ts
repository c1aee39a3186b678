import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { MacTargetHelper } from 'app-builder-lib/out/mac/MacTargetHelper';
import { resolveFunction } from 'app-builder-lib/out/util/resolve';
import { minimatch } from 'minimatch';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findAppRoot } from '../../../main/appRoot';

const root = findAppRoot();
const configText = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

type Config = Record<string, unknown>;
const config = parse(configText) as Config;
const section = (key: string) => (config[key] ?? {}) as Config;

/** `<key>name</key><true/>` pairs of a plist dict (enough for an entitlements file). */
function plistBooleans(file: string): Map<string, boolean> {
  const text = fs.readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const entries = [...text.matchAll(/<key>([^<]+)<\/key>\s*<(true|false)\s*\/>/g)];
  return new Map(entries.map((m) => [m[1]!, m[2] === 'true']));
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file);
  expect(data.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

// electron-builder --dir needs downloads this machine cannot make; validating the configuration
// against electron-builder's own JSON schema catches unknown keys and wrong types offline.
describe('electron-builder.yml', () => {
  const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(
    JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object,
  );

  it('is valid against electron-builder’s schema', () => {
    expect(validate(config), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });

  it('a deliberately broken copy fails the same check (the check can fail)', () => {
    const misspelt = { ...config, extraResource: config['extraResources'] };
    delete (misspelt as Record<string, unknown>)['extraResources'];
    expect(validate(misspelt)).toBe(false);
    expect(validate({ ...config, win: { target: 42 } })).toBe(false);
    expect(validate({ ...config, asarUnpack: { everything: true } })).toBe(false);
    // The fuses are schema-checked too: a misspelt fuse is not silently ignored.
    expect(validate({ ...config, electronFuses: { runAsNod: false } })).toBe(false);
    expect(validate({ ...config, nsis: { ...section('nsis'), perMachine: 'yes' } })).toBe(false);
  });

  it('builds the installers IT deploys, and registers tel: and sip:', () => {
    // Exact lists: the schema accepts any string as a target name, so a typo would pass it.
    const targets = (key: string) => section(key)['target'];
    expect(targets('win')).toEqual(['nsis', 'msi']);
    expect(targets('mac')).toEqual(['dmg', 'pkg']);
    expect(targets('linux')).toEqual(['deb', 'rpm', 'AppImage']);
    const schemes = (config['protocols'] as Array<{ schemes: string[] }>).flatMap((p) => p.schemes);
    expect(schemes).toEqual(expect.arrayContaining(['tel', 'sip']));
    expect(config['appId']).toBe('kr.soridesk.app');
    expect(config['productName']).toBe('Sori Desk');
  });

  it('installs per machine on Windows, and the MSI never starts the app as the installer', () => {
    expect(section('nsis')).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowElevation: true,
    });
    expect(section('msi')).toMatchObject({ perMachine: true, runAfterFinish: false });
    // The agent's data (notes, outbox) survives an uninstall/reinstall by IT.
    expect(section('nsis')['deleteAppDataOnUninstall']).not.toBe(true);
  });

  it('has icons in resources/ large enough for every platform', () => {
    for (const key of ['win', 'mac', 'linux']) {
      const icon = section(key)['icon'] as string;
      expect(icon, key).toMatch(/^resources\//);
      const { width, height } = pngSize(path.join(root, icon));
      expect(width, icon).toBeGreaterThanOrEqual(512);
      expect(height, icon).toBe(width);
    }
  });

  it('macOS: hardened runtime with the microphone and JIT entitlements, and nothing more', () => {
    const mac = section('mac');
    expect(mac['hardenedRuntime']).toBe(true);
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const file = path.join(root, mac[key] as string);
      expect(fs.existsSync(file), `${key}: ${file}`).toBe(true);
      const granted = [...plistBooleans(file)].filter(([, on]) => on).map(([name]) => name);
      expect(granted.sort(), key).toEqual([
        'com.apple.security.cs.allow-jit',
        'com.apple.security.device.audio-input',
      ]);
    }
    const info = mac['extendInfo'] as Record<string, string>;
    expect(info['NSMicrophoneUsageDescription']).toMatch(/마이크/);
    expect(info['NSMicrophoneUsageDescription']).toMatch(/microphone/);
  });

  it('the entitlements reader sees a missing or extra entitlement (the check can fail)', () => {
    const dir = fs.mkdtempSync(path.join(root, '.tmp-entitlements-'));
    try {
      const file = path.join(dir, 'e.plist');
      fs.writeFileSync(
        file,
        '<plist><dict><key>com.apple.security.cs.disable-library-validation</key><true/>' +
          '<!-- <key>com.apple.security.device.audio-input</key><true/> --></dict></plist>',
      );
      expect([...plistBooleans(file).keys()]).toEqual([
        'com.apple.security.cs.disable-library-validation',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('notarisation comes from the environment only', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    it('is switched on without any credential in the file', () => {
      // `true`, not an object: electron-builder 26 reads the credentials from APPLE_* variables.
      expect(section('mac')['notarize']).toBe(true);
    });

    it('electron-builder takes the credentials from the variables the README names', () => {
      for (const key of Object.keys(process.env))
        if (key.startsWith('APPLE_')) delete process.env[key];
      expect(MacTargetHelper.getNotarizeOptions('/x/Sori Desk.app')).toBeUndefined();

      Object.assign(process.env, {
        APPLE_API_KEY: '/keys/AuthKey_TEST.p8',
        APPLE_API_KEY_ID: 'TESTKEYID',
        APPLE_API_ISSUER: '00000000-0000-0000-0000-000000000000',
      });
      expect(MacTargetHelper.getNotarizeOptions('/x/Sori Desk.app')).toMatchObject({
        appleApiKey: '/keys/AuthKey_TEST.p8',
        appleApiKeyId: 'TESTKEYID',
      });

      for (const key of Object.keys(process.env))
        if (key.startsWith('APPLE_')) delete process.env[key];
      Object.assign(process.env, {
        APPLE_ID: 'it@soridesk.kr',
        APPLE_APP_SPECIFIC_PASSWORD: 'test-only',
        APPLE_TEAM_ID: 'TEAMID1234',
      });
      expect(MacTargetHelper.getNotarizeOptions('/x/Sori Desk.app')).toMatchObject({
        appleId: 'it@soridesk.kr',
        teamId: 'TEAMID1234',
      });
    });
  });

  it('holds no signing material, password or token', () => {
    const SECRET_KEY =
      /password|passphrase|secret|token|apikey|appleid|csclink|certificatefile|certificatesha1|keychain/i;
    const walk = (value: unknown, where: string): string[] => {
      if (Array.isArray(value)) return value.flatMap((v, i) => walk(v, `${where}[${i}]`));
      if (value && typeof value === 'object')
        return Object.entries(value).flatMap(([k, v]) =>
          SECRET_KEY.test(k) ? [`${where}.${k}`] : walk(v, `${where}.${k}`),
        );
      return [];
    };
    expect(walk(config, 'config')).toEqual([]);
    expect(configText).not.toMatch(/-----BEGIN|\.p12\b|\.pfx\b|\.p8\b|[A-Za-z0-9+/=]{120,}/);
    // The finder can find: the same walk flags a certificate password.
    expect(walk({ win: { signtoolOptions: { certificatePassword: 'x' } } }, 'c')).toEqual([
      'c.win.signtoolOptions.certificatePassword',
    ]);
  });

  it('no certificate or key file is anywhere in the repository', () => {
    const SKIP = new Set(['node_modules', '.git', 'out', 'dist', '.tmp', 'test-results']);
    // Code-signing containers anywhere; PEM keys and certificates outside test/ (where TLS
    // fixtures for a local HTTPS server may live).
    const SIGNING_FILE = /\.(p12|pfx|p8|spc|mobileprovision|provisionprofile)$/i;
    const KEY_FILE = /\.(pem|key|cer|crt)$/i;
    const found: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (SKIP.has(entry.name)) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (
          SIGNING_FILE.test(entry.name) ||
          (KEY_FILE.test(entry.name) && !path.relative(root, full).startsWith('test'))
        )
          found.push(path.relative(root, full));
      }
    };
    visit(root);
    expect(found).toEqual([]);
  });

  it('rebuilds the SQLite driver for Electron and unpacks its binary from the asar', () => {
    expect(config['npmRebuild']).toBe(true);
    const unpack = config['asarUnpack'] as string[];
    const { dependencies = {} } = JSON.parse(
      fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string> };
    // The encrypting driver is the app's only SQLite driver (plain better-sqlite3 is not shipped).
    const driver = 'better-sqlite3-multiple-ciphers';
    expect(dependencies).toHaveProperty(driver);
    expect(dependencies).not.toHaveProperty('better-sqlite3');
    const addon = `node_modules/${driver}/build/Release/better_sqlite3.node`;
    expect(
      unpack.some((pattern) => minimatch(addon, pattern, { dot: true })),
      addon,
    ).toBe(true);
    // The pattern is real: the driver is where it points (built for Node here).
    expect(fs.existsSync(path.join(root, addon)), addon).toBe(true);
    expect(unpack.some((p) => minimatch(`node_modules/${driver}/lib/index.js`, p))).toBe(false);
  });

  it('ships the Electron entry points the package manifest names', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(manifest.main).toBe('out/main/index.js');
    expect(config['files']).toEqual(expect.arrayContaining(['out/main/**', 'out/renderer/**']));
  });

  it('every build hook it names exists inside the project and loads as electron-builder loads it', async () => {
    const HOOKS = [
      'beforeBuild',
      'beforePack',
      'afterExtract',
      'afterPack',
      'afterSign',
      'artifactBuildStarted',
      'artifactBuildCompleted',
      'afterAllArtifactBuild',
      'onNodeModuleFile',
      'msiProjectCreated',
      'appxManifestCreated',
    ];
    const named = HOOKS.filter((hook) => typeof config[hook] === 'string');
    expect(named).toContain('afterPack');
    for (const hook of named) {
      const file = path.resolve(root, config[hook] as string);
      expect(path.relative(root, file).startsWith('..'), `${hook} inside the project`).toBe(false);
      expect(fs.existsSync(file), `${hook}: ${file}`).toBe(true);
      const fn = await resolveFunction<unknown>(undefined, file, hook, root);
      expect(typeof fn, hook).toBe('function');
    }
    // The loader can fail: a hook that does not exist is an error, not a silent no-op.
    await expect(
      resolveFunction<unknown>(undefined, path.join(root, 'scripts/no-such-hook.mjs'), 'x', root),
    ).rejects.toThrow();
  });
});
