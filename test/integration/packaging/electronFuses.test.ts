import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  flipFuses,
  FuseState,
  FuseV1Options,
  getCurrentFuseWire,
  type FuseConfig,
} from '@electron/fuses';
import { PlatformPackager } from 'app-builder-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findAppRoot } from '../../../main/appRoot';

const root = findAppRoot();
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  electronFuses?: Record<string, boolean>;
};

/** Every fuse Sori Desk requires, in the secure state (electron-builder key → fuse). */
const REQUIRED: Array<[key: string, fuse: FuseV1Options, enabled: boolean]> = [
  ['runAsNode', FuseV1Options.RunAsNode, false],
  [
    'enableNodeOptionsEnvironmentVariable',
    FuseV1Options.EnableNodeOptionsEnvironmentVariable,
    false,
  ],
  ['enableNodeCliInspectArguments', FuseV1Options.EnableNodeCliInspectArguments, false],
  [
    'enableEmbeddedAsarIntegrityValidation',
    FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
    true,
  ],
  ['onlyLoadAppFromAsar', FuseV1Options.OnlyLoadAppFromAsar, true],
  ['enableCookieEncryption', FuseV1Options.EnableCookieEncryption, true],
  [
    'loadBrowserProcessSpecificV8Snapshot',
    FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
    false,
  ],
  ['grantFileProtocolExtraPrivileges', FuseV1Options.GrantFileProtocolExtraPrivileges, false],
];

// The fuse sentinel @electron/fuses searches for (its constants.js); Electron's binaries carry
// it followed by a version byte, a length byte and one state byte per fuse.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = FuseState.ENABLE;
const OFF = FuseState.DISABLE;
// A stock Electron build: run-as-node, NODE_OPTIONS, --inspect and file:// privileges on, the
// asar checks and cookie encryption off, WASM trap handlers on.
const STOCK_WIRE = [ON, OFF, ON, ON, OFF, OFF, OFF, ON, ON];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-fuses-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for the Electron binary (no real one can be downloaded here): megabytes of random
 * bytes around one fuse wire in the layout @electron/fuses reads from a real binary.
 */
function fakeElectronBinary(name: string): { file: string; before: Buffer; wireAt: number } {
  const head = crypto.randomBytes(5 * 1024 * 1024 + 17); // crosses @electron/fuses' 4 MiB chunk
  const wire = Buffer.from([1, STOCK_WIRE.length, ...STOCK_WIRE]);
  const before = Buffer.concat([head, Buffer.from(SENTINEL), wire, crypto.randomBytes(4096)]);
  const file = path.join(dir, name);
  fs.writeFileSync(file, before);
  return { file, before, wireAt: head.length + SENTINEL.length + 2 };
}

/** electron-builder's own translation of `electronFuses` (what it passes to flipFuses). */
async function builderFuseConfig(fuses: Record<string, boolean>): Promise<FuseConfig> {
  const generate = (
    PlatformPackager.prototype as unknown as {
      generateFuseConfig(f: Record<string, boolean>): Promise<FuseConfig>;
    }
  ).generateFuseConfig;
  return generate.call(null, fuses);
}

/** Names of required fuses not in their secure state in the binary. */
async function insecureFuses(file: string): Promise<string[]> {
  const wire = (await getCurrentFuseWire(file)) as unknown as Record<number, number>;
  return REQUIRED.filter(([, fuse, enabled]) => wire[fuse] !== (enabled ? ON : OFF)).map(
    ([key]) => key,
  );
}

describe('Electron fuses (electron-builder.yml electronFuses, flipped at package time)', () => {
  it('lists every required fuse, set the secure way, and nothing else', () => {
    expect(config.electronFuses).toEqual(
      Object.fromEntries(REQUIRED.map(([key, , enabled]) => [key, enabled])),
    );
  });

  it('flipping with the packaging’s own config sets every fuse in a binary (fake Electron binary)', async () => {
    const { file, before, wireAt } = fakeElectronBinary('electron');
    // Stock Electron: everything but the V8 snapshot fuse in the insecure state.
    expect(await insecureFuses(file)).toEqual(
      REQUIRED.map(([key]) => key).filter((key) => key !== 'loadBrowserProcessSpecificV8Snapshot'),
    );

    const sentinels = await flipFuses(file, await builderFuseConfig(config.electronFuses ?? {}));

    expect(sentinels).toBe(1);
    expect(await insecureFuses(file)).toEqual([]);
    const after = fs.readFileSync(file);
    // Only fuse bytes changed; WASM trap handlers (not in electron-builder's options) untouched.
    expect(after.subarray(0, wireAt).equals(before.subarray(0, wireAt))).toBe(true);
    expect(after[wireAt + FuseV1Options.WasmTrapHandlers]).toBe(ON);
    const tail = wireAt + STOCK_WIRE.length;
    expect(after.subarray(tail).equals(before.subarray(tail))).toBe(true);
  });

  it('a config missing a fuse leaves that fuse insecure, and the check says which (it can fail)', async () => {
    const { file } = fakeElectronBinary('electron-missing-fuse');
    const withoutRunAsNode = { ...config.electronFuses };
    delete withoutRunAsNode['runAsNode'];
    await flipFuses(file, await builderFuseConfig(withoutRunAsNode));
    expect(await insecureFuses(file)).toEqual(['runAsNode']);
  });

  it('a binary without the sentinel is an error, not a silent no-op', async () => {
    const file = path.join(dir, 'not-electron');
    fs.writeFileSync(file, crypto.randomBytes(1024));
    await expect(
      flipFuses(file, await builderFuseConfig(config.electronFuses ?? {})),
    ).rejects.toThrow(/sentinel/);
  });
});
