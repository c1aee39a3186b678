import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findAppRoot } from '../../../main/appRoot';

const root = findAppRoot();

// electron-builder --dir needs downloads this machine cannot make; validating the configuration
// against electron-builder's own JSON schema catches unknown keys and wrong types offline.
describe('electron-builder.yml', () => {
  const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
    string,
    unknown
  >;

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
  });

  it('builds the installers IT deploys, and registers tel: and sip:', () => {
    const targets = (key: string) => (config[key] as { target: string[] }).target;
    expect(targets('win')).toEqual(expect.arrayContaining(['nsis', 'msi']));
    expect(targets('mac')).toEqual(expect.arrayContaining(['dmg', 'pkg']));
    expect(targets('linux')).toEqual(expect.arrayContaining(['deb', 'rpm']));
    const schemes = (config['protocols'] as Array<{ schemes: string[] }>).flatMap((p) => p.schemes);
    expect(schemes).toEqual(expect.arrayContaining(['tel', 'sip']));
  });

  it('ships the Electron entry points the package manifest names', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(manifest.main).toBe('out/main/index.js');
    expect(config['files']).toEqual(expect.arrayContaining(['out/main/**', 'out/renderer/**']));
  });
});
