import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { EventName } from '../../preload/contract';
import { findAppRoot, appVersion } from '../appRoot';
import { createLogger, fileSink, stderrSink, type Logger } from '../logging/logger';
import { createFileSecretStore, developmentPlaintextCipher } from '../secrets/secretStore';
import { watchPolicyFile } from '../policy/policySource';
import { startMainServices, type MainServices } from '../services';
import { startStaticServer } from './staticServer';

export interface ChromiumShellOptions {
  /** Profile directory: SQLite, secrets, logs and Chromium's own profile live under it. */
  profileDir: string;
  /** OS locale reported to the services and the browser, e.g. 'ko-KR'. Defaults to $LANG. */
  locale?: string;
  headless?: boolean;
  /** Chromium binary; $SORI_CHROMIUM or Debian's /usr/bin/chromium. */
  executablePath?: string;
  /** Test only: a fake microphone playing this WAV (48 kHz mono s16, loops), auto-granted. */
  fakeMicrophoneWav?: string;
  /** Machine policy file (JSON); default $SORI_POLICY_FILE, else none (defaults). */
  policyFile?: string;
  /** How often the policy file is looked at for changes (default 5 s; tests use less). */
  policyPollMs?: number;
  /** Recording notices folder (manifest + per-language files); default resources/notices. */
  noticesDir?: string;
  /** Extra Chromium command-line switches. */
  extraArgs?: string[];
  /** Defaults to a redacting logger writing <profile>/logs/main.log (and stderr when asked). */
  logger?: Logger;
  logToStderr?: boolean;
}

export interface ChromiumShell {
  page: Page;
  context: BrowserContext;
  services: MainServices;
  /** The renderer's origin, e.g. http://127.0.0.1:43121 */
  origin: string;
  /** Orderly shutdown: renderer unregisters, SQLite is flushed, the browser and server stop. */
  close(): Promise<void>;
  /** Resolves when the window was closed by the user (or the browser died). */
  closed: Promise<void>;
}

export function systemLocale(): string {
  const raw = process.env['LC_ALL'] || process.env['LC_MESSAGES'] || process.env['LANG'] || 'en-US';
  return raw.split('.')[0]!.replace('_', '-');
}

/**
 * The Chromium switches of the shell. Exported so benchmarks can run a bare page in exactly the
 * same browser set-up.
 */
export function chromiumSwitches(options: {
  locale: string;
  fakeMicrophoneWav?: string;
  extra?: string[];
}): string[] {
  return [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-gpu',
    // Electron's default: remote call audio must start without a click.
    '--autoplay-policy=no-user-gesture-required',
    // WebRTC on loopback (a SIP server on 127.0.0.1) gathers no candidates without this.
    '--allow-loopback-in-peer-connection',
    `--lang=${options.locale}`,
    ...(options.fakeMicrophoneWav
      ? [
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-audio-capture=${options.fakeMicrophoneWav}`,
        ]
      : []),
    ...(options.extra ?? []),
  ];
}

/**
 * The app for machines without an Electron binary: Debian's Chromium shows the same built
 * renderer, the same main services run in this Node process, and a Playwright binding carries the
 * same typed IPC contract through the same router (sender check, schema parse, Result envelope).
 *
 * Difference from Electron, stated plainly: there is no context isolation between the bridge and
 * the page here; the bridge binding itself is only reachable from the app's own origin and frame.
 */
export async function launchChromiumShell(options: ChromiumShellOptions): Promise<ChromiumShell> {
  const root = findAppRoot();
  const rendererDir = path.join(root, 'out/renderer');
  const bridgeScript = path.join(root, 'out/preload/chromiumBridge.js');
  for (const file of [path.join(rendererDir, 'index.html'), bridgeScript]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  fs.mkdirSync(options.profileDir, { recursive: true });
  const locale = options.locale ?? systemLocale();
  const logger =
    options.logger ??
    createLogger({
      sinks: [
        fileSink(path.join(options.profileDir, 'logs/main.log')),
        ...(options.logToStderr ? [stderrSink] : []),
      ],
    });

  // An invalid policy does not stop the app: calling stays disabled with the problems listed.
  const policy = watchPolicyFile(options.policyFile ?? process.env['SORI_POLICY_FILE'] ?? null, {
    logger,
    ...(options.policyPollMs ? { pollMs: options.policyPollMs } : {}),
  });
  const server = await startStaticServer(rendererDir);
  const origin = server.origin;
  let services: MainServices;
  try {
    services = startMainServices({
      profileDir: options.profileDir,
      shell: 'chromium',
      version: appVersion(root),
      noticesDir: options.noticesDir ?? path.join(root, 'resources/notices'),
      policy,
      systemLocale: locale,
      secrets: createFileSecretStore(
        path.join(options.profileDir, 'secrets'),
        developmentPlaintextCipher,
      ),
      logger,
      isTrustedSender: (url) => url === origin || url.startsWith(origin + '/'),
    });
  } catch (error) {
    // E.g. a database from a newer version: nothing else may start, and nothing may linger.
    policy.stop();
    await server.close();
    throw error;
  }

  const args = chromiumSwitches({
    locale,
    ...(options.fakeMicrophoneWav ? { fakeMicrophoneWav: options.fakeMicrophoneWav } : {}),
    extra: options.extraArgs ?? [],
  });

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(path.join(options.profileDir, 'chromium'), {
      executablePath: options.executablePath ?? process.env['SORI_CHROMIUM'] ?? '/usr/bin/chromium',
      headless: options.headless ?? true,
      args,
      // Playwright mutes audio by default; a muted page reports no received audio levels.
      ignoreDefaultArgs: ['--mute-audio'],
      locale,
      viewport: { width: 1280, height: 800 },
      timeout: 60_000,
    });
  } catch (error) {
    await services.shutdown(0);
    await server.close();
    throw error;
  }
  // Like Electron's permission handler: microphone and notifications for the app's origin only.
  await context.grantPermissions(['microphone', 'notifications'], { origin });

  const appPage: Page = context.pages()[0] ?? (await context.newPage());
  await context.exposeBinding('__soriInvoke', (source, channel: unknown, payload: unknown) => {
    const fromMainFrame = source.frame === source.page.mainFrame();
    return services.dispatch(channel, payload, {
      url: fromMainFrame ? source.frame.url() : 'about:subframe',
    });
  });
  await context.addInitScript({ path: bridgeScript });
  const unsubscribe = services.events.subscribe((event: EventName, payload: unknown) => {
    appPage
      .evaluate(
        ([e, p]) =>
          (globalThis as { __soriPush?: (e: string, p: unknown) => void }).__soriPush?.(e, p),
        [event, payload] as const,
      )
      .catch(() => undefined);
  });
  // The window shows only the app: any navigation away from it is cancelled, popups are closed.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    const isApp = url === origin || url.startsWith(origin + '/');
    const isSip = /^wss?:/.test(url);
    return isApp || isSip ? route.continue() : route.abort('blockedbyclient');
  });
  context.on('page', (popup) => {
    if (popup !== appPage) void popup.close();
  });

  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  await appPage.goto(origin + '/index.html');

  let closing: Promise<void> | null = null;
  return {
    page: appPage,
    context,
    services,
    origin,
    closed,
    close() {
      closing ??= (async () => {
        await services.shutdown(appPage.isClosed() ? 0 : 3000);
        unsubscribe();
        await context.close().catch(() => undefined);
        await server.close();
      })();
      return closing;
    },
  };
}
