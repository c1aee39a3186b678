#!/usr/bin/env node
// `npm run demo`: Sori Desk taking a real call on this machine, within a minute of cloning.
//
//   npm run demo                         run until Ctrl-C
//   npm run demo -- --duration 60        stop by itself after 60 s (smoke check)
//   npm run demo -- --no-netns           use the host's 127.0.0.1 even without a display
//   node scripts/demo.mjs --screenshots  make resources/screenshots/*.png for the README
//
// This launcher only prepares: it builds the app when out/ is missing, chooses the network, then
// bundles scripts/demo/demo.ts (or screenshots.ts) with esbuild into .tmp/ and runs it in this
// process. The TypeScript side reuses the test stack (test/sip) and the app harness (test/harness).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const screenshots = args.includes('--screenshots');
const hostNetworkAsked = args.includes('--no-netns');

/**
 * A bundle is one file, but the sources find files next to themselves (test/sip/stack.ts reads
 * kamailio.cfg from its own directory, the harness finds the repository from its own): give every
 * module of ours its own __dirname, __filename and import.meta.url instead of the bundle's.
 */
const ownLocationPerFile = {
  name: 'own-location-per-file',
  setup(bundle) {
    bundle.onLoad({ filter: /\.[cm]?tsx?$/ }, async ({ path: file }) => {
      if (file.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await fs.promises.readFile(file, 'utf8');
      if (!/__dirname|__filename|import\.meta\.url/.test(source)) return undefined;
      return {
        contents: source
          .replace(/\b__dirname\b/g, JSON.stringify(path.dirname(file)))
          .replace(/\b__filename\b/g, JSON.stringify(file))
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href)),
        loader: file.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

// 1. The app must be built: the harness serves out/renderer and injects out/preload.
const buildOutputs = ['out/renderer/index.html', 'out/preload/chromiumBridge.js'];
if (!buildOutputs.every((file) => fs.existsSync(path.join(repoRoot, file)))) {
  console.log('out/ is missing: building the app first (npm run -s build)…');
  const built = spawnSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// 2. The network. Normally everything runs in a private loopback-only network namespace
// (scripts/in-netns.mjs, needs root and `unshare`): Chromium's ICE sees 127.0.0.1 only, and the
// SIP ports cannot collide with anything on the host.
// Not when a window is to be shown ($DISPLAY set): the window needs the X server, and a new
// network namespace cuts it off. `ssh -X` gives DISPLAY=localhost:10.0, a TCP port on the host's
// network, and a local X server is reached through an abstract Unix socket, which belongs to the
// network namespace too. Then the demo runs on the host's 127.0.0.1 with the stack's port plan:
// it takes the first free block of ports in 20000..32599 (below the ephemeral range), so it
// collides neither with a system Kamailio on 5060 nor with a test run.
const headed = Boolean(process.env.DISPLAY) && !screenshots;
const inNamespace = process.env.SORI_IN_NETNS === '1';

function canUnshare() {
  if (process.getuid?.() !== 0) return false;
  const probe = spawnSync('unshare', ['--net', '--', 'ip', 'link', 'set', 'lo', 'up'], {
    stdio: 'ignore',
  });
  return probe.status === 0;
}

if (!inNamespace && !headed && !hostNetworkAsked) {
  if (canUnshare()) {
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'scripts/in-netns.mjs'),
        process.execPath,
        fileURLToPath(import.meta.url),
        ...args,
      ],
      { cwd: repoRoot, stdio: 'inherit' },
    );
    // Ctrl-C reaches the whole terminal group anyway; a signal sent to this process alone (kill)
    // is passed on, and the demo ignores the duplicate.
    const forward = (signal) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
    child.on('exit', (code, signal) => {
      if (signal) {
        for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
        process.kill(process.pid, signal);
        return;
      }
      process.exit(code ?? 1);
    });
  } else {
    console.log(
      'No private network namespace (needs root and `unshare`): using 127.0.0.1 on this machine.',
    );
    await run();
  }
} else {
  await run();
}

// 3. Bundle the TypeScript entry for Node and run it here.
async function run() {
  const { build } = await import('esbuild');
  const entry = screenshots ? 'screenshots' : 'demo';
  const outfile = path.join(repoRoot, '.tmp', `${entry}.cjs`);
  await build({
    entryPoints: [path.join(repoRoot, 'scripts/demo', `${entry}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3-multiple-ciphers', 'playwright-core', 'electron'],
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [ownLocationPerFile],
  });
  process.setSourceMapsEnabled(true);
  createRequire(import.meta.url)(outfile);
}
