// `npm start`: the Electron shell when Electron's binary is available, otherwise the Chromium
// shell (Debian's Chromium + the same renderer and main services in Node).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { electronBinary, WHY_NO_ELECTRON } from './electronBinary.mjs';

const require = createRequire(import.meta.url);
const build = () => {
  if (spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
};

let binary = electronBinary();
if (!binary && process.env.SORI_SHELL !== 'chromium') {
  // On a normal machine the first require downloads the binary; here it throws quickly.
  try {
    binary = require('electron');
  } catch {
    binary = null;
  }
}

if (binary && process.env.SORI_SHELL !== 'chromium') {
  build();
  // The SQLite driver (better-sqlite3-multiple-ciphers) must match Electron's ABI; tests rebuild
  // it for Node again when needed.
  const marker = 'out/.native-electron';
  if (!fs.existsSync(marker)) {
    const rebuilt = spawnSync('npm', ['run', '-s', 'rebuild:electron'], { stdio: 'inherit' });
    if (rebuilt.status !== 0) process.exit(1);
    fs.writeFileSync(marker, 'better-sqlite3-multiple-ciphers rebuilt for Electron\n');
  }
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(`${WHY_NO_ELECTRON}\nOpening the Chromium shell instead.\n`);
  if (
    !fs.existsSync('out/main/chromiumShell.js') ||
    !fs.existsSync('out/preload/chromiumBridge.js')
  )
    build();
  const child = spawn(process.execPath, ['out/main/chromiumShell.js', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}
