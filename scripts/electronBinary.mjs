// Whether Electron's binary is present, without triggering its download (require('electron')
// downloads on first use and throws where the download host is unreachable).
import fs from 'node:fs';
import path from 'node:path';

export function electronBinary(root = process.cwd()) {
  const pkg = path.join(root, 'node_modules/electron');
  try {
    const rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    const bin = path.join(pkg, 'dist', rel);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

export const WHY_NO_ELECTRON =
  "Electron's binary is not installed (node_modules/electron/dist is missing). It downloads on first use, " +
  'which needs the GitHub release host; this machine reaches only the npm registry and Debian packages.';
