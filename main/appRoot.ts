import fs from 'node:fs';
import path from 'node:path';

/**
 * The directory holding package.json and out/: found by walking up from this module, so it works
 * from the sources (tests) and from the build (out/main/*.js) alike.
 */
export function findAppRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'sori-desk') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the Sori Desk app root above ${start}`);
    dir = parent;
  }
}

export function appVersion(root: string = findAppRoot()): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return version;
}
