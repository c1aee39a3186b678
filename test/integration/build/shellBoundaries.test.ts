import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../main/appRoot';

const outMain = path.join(findAppRoot(), 'out/main');

/** Every module file the built `entry` loads, following relative requires. */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const code = fs.readFileSync(file, 'utf8');
    const requires = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
    seen.set(file, requires);
    for (const r of requires)
      if (r.startsWith('.'))
        visit(path.resolve(path.dirname(file), r.endsWith('.js') ? r : `${r}.js`));
  };
  visit(path.join(outMain, entry));
  return seen;
}

// The Chromium shell must run where `require('electron')` throws (it tries to download the
// binary). The build must keep every Electron import out of what the shell loads.
describe.skipIf(!fs.existsSync(path.join(outMain, 'chromiumShell.js')))(
  'built shells (run `npm run build` first)',
  () => {
    it('the Chromium shell never loads electron', () => {
      const modules = reachable('chromiumShell.js');
      expect(modules.size).toBeGreaterThan(1);
      for (const [file, requires] of modules) expect(requires, file).not.toContain('electron');
    });

    it('only the Electron shell loads electron-updater (its installers need Electron)', () => {
      for (const [file, requires] of reachable('chromiumShell.js'))
        expect(requires, file).not.toContain('electron-updater');
      expect([...reachable('index.js').values()].flat()).toContain('electron-updater');
    });

    it('the Electron shell does load electron (the check above can see it)', () => {
      const all = [...reachable('index.js').values()].flat();
      expect(all).toContain('electron');
      expect(all).toContain('better-sqlite3-multiple-ciphers');
    });
  },
);
