// `npm test`: static checks, the build, then every suite on real parts. The vitest suites run in
// a loopback-only network namespace (SIP, RTP and ICE never leave 127.0.0.1; fixed ports never
// collide with daemons on the host). Ends with one "N passed, N failed, N skipped" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { electronBinary, WHY_NO_ELECTRON } from './electronBinary.mjs';

const require = createRequire(import.meta.url);
const run = (title, cmd, args, options = {}) => {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
};
const step = (title, cmd, args) => {
  const status = run(title, cmd, args);
  if (status !== 0) {
    process.stdout.write(`\n${title} failed (exit ${status})\n0 passed, 1 failed\n`);
    process.exit(status);
  }
};

// The SQLite driver (better-sqlite3-multiple-ciphers, see main/db/driver.ts) may have been rebuilt
// for Electron's ABI (npm start / npm run dist on a machine with Electron). Node tests need the
// Node build: rebuild it when it does not load.
try {
  const Database = require('better-sqlite3-multiple-ciphers');
  new Database(':memory:').close();
} catch (error) {
  process.stdout.write(
    `better-sqlite3-multiple-ciphers does not load in Node (${error.message.split('\n')[0]}); rebuilding for Node\n`,
  );
  step('rebuild the SQLite driver for Node', 'npm', ['run', '-s', 'rebuild:node']);
  fs.rmSync('out/.native-electron', { force: true });
}

step('typecheck', 'npm', ['run', '-s', 'typecheck']);
step('lint', 'npm', ['run', '-s', 'lint']);
step('build', 'npm', ['run', '-s', 'build']);

fs.mkdirSync('test-results', { recursive: true });
const vitestStatus = run(
  'unit, integration and e2e suites (vitest, in a loopback-only network namespace)',
  'node',
  [
    'scripts/in-netns.mjs',
    'npx',
    'vitest',
    'run',
    '--project',
    'unit',
    '--project',
    'integration',
    '--project',
    'e2e',
    '--reporter=default',
    '--reporter=json',
    '--outputFile.json=test-results/vitest.json',
  ],
);
if (!electronBinary())
  process.stdout.write(`\nThe Electron shell suite will skip every test: ${WHY_NO_ELECTRON}\n`);
const electronStatus = run('Electron shell suite (Playwright _electron)', 'npx', [
  'playwright',
  'test',
  '-c',
  'test/electron/playwright.config.ts',
]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(fs.readFileSync('test-results/vitest.json', 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
} catch {
  failed += 1;
}
try {
  const report = JSON.parse(fs.readFileSync('test-results/electron.json', 'utf8'));
  passed += report.stats.expected;
  failed += report.stats.unexpected;
  skipped += report.stats.skipped;
} catch {
  if (electronStatus !== 0) failed += 1;
}
if (vitestStatus !== 0 && failed === 0) failed = 1;
if (electronStatus !== 0 && failed === 0) failed = 1;
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 ? 1 : 0);
