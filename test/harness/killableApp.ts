import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findAppRoot } from '../../main/appRoot';
import { freshProfileDir, type LaunchAppOptions } from './launchApp';

export interface KillableApp {
  /** The app's window, driven over the Chrome DevTools Protocol. */
  page: Page;
  profileDir: string;
  /**
   * Kills main and the browser with SIGKILL: no unload, no shutdown, no last write. What the
   * app had not written to disk by then is gone, as in a real crash.
   */
  kill(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function waitForLine(child: ChildProcess, marker: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`app process not ready in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app process exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/**
 * Launches the app (same as launchApp: built renderer in Chromium, main services in Node) in a
 * child process, so that the test can kill it without killing itself.
 */
export async function launchKillableApp(
  options: Omit<LaunchAppOptions, 'prepareProfile' | 'extraArgs'> = {},
): Promise<KillableApp> {
  const root = findAppRoot();
  // Inside the repository, so the bundle finds the app root (and out/) from its own location.
  const bundle = path.join(root, '.tmp', 'appProcess.cjs');
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  await build({
    entryPoints: [path.join(root, 'test/harness/appProcess.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3-multiple-ciphers', 'playwright-core', 'electron'],
    logLevel: 'warning',
  });
  const profileDir = options.profileDir ?? freshProfileDir('killable');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      bundle,
      JSON.stringify({ ...options, profileDir, extraArgs: [`--remote-debugging-port=${port}`] }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let browser: Browser | null = null;
  const killAll = () => {
    child.kill('SIGKILL');
    // Playwright starts the browser in its own process group; find it by its profile.
    spawnSync('pkill', ['-KILL', '-f', path.join(profileDir, 'chromium')]);
  };
  try {
    await waitForLine(child, 'SORI_APP_READY', 60_000);
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const page = browser
      .contexts()
      .flatMap((context) => context.pages())
      .find((p) => p.url().includes('/index.html'));
    if (!page) throw new Error('the app window was not found over CDP');
    const connected = browser;
    return {
      page,
      profileDir,
      async kill() {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        killAll();
        await exited;
        await connected.close().catch(() => undefined);
      },
    };
  } catch (error) {
    killAll();
    await browser?.close().catch(() => undefined);
    throw error;
  }
}
