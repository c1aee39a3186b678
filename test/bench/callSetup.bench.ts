// `npm run bench`: how much Sori Desk costs on top of JsSIP itself, measured in one run against
// the same real stack (Kamailio + rtpengine + a baresip customer that answers at once):
//
//   - call setup: the app (dial click -> 통화중 shown) vs a bare JsSIP page (ua.call -> confirmed)
//   - launch -> registered: launchApp() vs launching the same Chromium with the bare page
//   - memory: peak PSS of each Chromium process tree during a call, and this process's RSS
//
// Results go to bench-results/bench-<timestamp>.json and bench-results/bench-latest.json; each
// figure carries a "definition" saying exactly what was timed. Benchmarks measure, they do not
// judge: there is no speed threshold here. They do assert that every measured call really
// connected (the far end reported it established), because timings of failed calls mean nothing.
//
// A plain vitest file rather than `vitest bench`: tinybench repeats a function until the timing
// is stable, while a call setup needs a controlled sequence (hang up, wait for the far end to be
// idle, call again) and the app and the baseline interleaved in one run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumSwitches } from '../../main/chromiumShell/launch';
import { round, summarize, writeBenchResult, type Summary } from './summary';
import { startStaticServer, type StaticServer } from '../../main/chromiumShell/staticServer';
import type { Language } from '../../preload/contract';
import { IN_NETNS, NETNS_SKIP_REASON, ui } from '../e2e/support';
import { launchApp, type AppHandle } from '../harness';
import { ensureTestAudio, type TestAudio } from '../sip/audio';
import {
  startBaresipCustomer,
  startSipStack,
  type BaresipCustomer,
  type SipStack,
} from '../sip/stack';
import type { BareCallTiming, BarePhone } from './bareJssip/barePhoneApi';
import type { AppCallTiming, AppProbe, AppProbeLabels } from './page/appProbeApi';
import {
  childProcessesNamed,
  chromiumProcesses,
  startMemorySampler,
  totalPssMiB,
  type MemoryPeaks,
} from './processMemory';

/** Measured calls per side (after one warm-up call each). */
const CALLS = Number(process.env['SORI_BENCH_CALLS'] ?? 7);
/** Launches per side for launch -> registered. */
const LAUNCHES = Number(process.env['SORI_BENCH_LAUNCHES'] ?? 5);
/** How long the memory-sampled call stays up. */
const MEMORY_CALL_MS = 3000;
const LANGUAGE: Language = 'ko';
const CALL_TIMEOUT_MS = 20_000;
const CHROMIUM = process.env['SORI_CHROMIUM'] ?? '/usr/bin/chromium';
const REPO_ROOT = path.resolve(__dirname, '../..');

// ---- statistics -------------------------------------------------------------------------------

const ratio = (app: Summary, bare: Summary) => round(app.medianMs / bare.medianMs, 2);

// ---- the pages ----------------------------------------------------------------------------------

/** The app's own Chromium switches and fake microphone: only the page differs. */
const chromiumArgs = (locale: string, microphoneWav: string): string[] =>
  chromiumSwitches({ locale, fakeMicrophoneWav: microphoneWav });

/** Bundles the bare JsSIP page (minified, like the app's production renderer) into `dir`. */
async function buildBarePage(dir: string): Promise<void> {
  fs.copyFileSync(path.join(__dirname, 'bareJssip/index.html'), path.join(dir, 'index.html'));
  await build({
    entryPoints: [path.join(__dirname, 'bareJssip/barePhone.ts')],
    outfile: path.join(dir, 'barePhone.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
}

/** The app-page probe as a script to evaluate in the page (CSP forbids inline <script>). */
async function buildAppProbe(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'page/appProbe.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

// What the page callbacks below see on their globalThis (they are serialised into the page, so
// they cannot call helpers defined here).
type ProbeWindow = { __benchProbe: AppProbe };
type BareWindow = { barePhone: BarePhone };

interface LaunchTiming {
  /** Node clock: launch call -> the page reported registered. */
  launchToRegisteredMs: number;
  /** Node clock: launch call -> the page's load event (launchApp() / page.goto() resolved). */
  launchToLoadedMs: number;
  /** Page clock: navigation start -> registered (null when the moment was missed). */
  navigationToRegisteredMs: number | null;
}

interface Instance {
  page: Page;
  /** Chromium's --user-data-dir, to find its processes. */
  userDataDir: string;
  close(): Promise<void>;
}

// ---- the bench ----------------------------------------------------------------------------------

describe.skipIf(!IN_NETNS)(
  `bench: Sori Desk vs a bare JsSIP page ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    const words = ui(LANGUAGE);
    const labels: AppProbeLabels = {
      dial: words.calls['dial']!,
      callStatus: words.calls['callStatus']!,
      talking: words.calls.phase['talking']!,
      ended: words.calls['ended']!,
    };
    const startedAt = new Date();
    let workDir: string;
    let audio: TestAudio;
    let stack: SipStack;
    let customer: BaresipCustomer;
    let server: StaticServer;
    let probeScript: string;
    const open = new Set<Instance>();

    const results: {
      launch?: Record<string, unknown>;
      memory?: Record<string, unknown>;
      callSetup?: Record<string, unknown>;
    } = {};

    beforeAll(async () => {
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-bench-'));
      audio = await ensureTestAudio(path.join(os.tmpdir(), 'sori-test-audio'));
      const pageDir = path.join(workDir, 'bare-page');
      fs.mkdirSync(pageDir);
      [probeScript] = await Promise.all([buildAppProbe(), buildBarePage(pageDir)]);
      // The app's own static server (same headers and CSP as the app's renderer gets).
      server = await startStaticServer(pageDir);
      stack = await startSipStack({ workDir: path.join(workDir, 'stack') });
      customer = await startBaresipCustomer(stack, {
        user: '2001',
        sourceWav: audio.customerTone1000,
        autoAnswer: true,
      });
    }, 120_000);

    afterAll(async () => {
      for (const instance of open) await instance.close().catch(() => undefined);
      await server?.close();
      await stack?.stop();
    }, 60_000);

    /** launchApp() signed in as 1001; resolves once the registration status shows 등록됨. */
    async function launchAppInstance(): Promise<{ instance: Instance; timing: LaunchTiming }> {
      const profileDir = fs.mkdtempSync(path.join(workDir, 'app-'));
      const t0 = performance.now();
      const app: AppHandle = await launchApp({
        language: LANGUAGE,
        profileDir,
        microphoneWav: audio.agentTone440,
        account: {
          user: '1001',
          password: stack.users['1001'],
          domain: stack.domain,
          wsServers: [stack.wsUrl],
        },
      });
      const loaded = performance.now();
      const instance: Instance = {
        page: app.page,
        userDataDir: path.join(profileDir, 'chromium'),
        close: async () => {
          open.delete(instance);
          await app.close();
          fs.rmSync(profileDir, { recursive: true, force: true });
        },
      };
      open.add(instance);
      await app.page.evaluate(probeScript);
      const shownAt = await app.page.evaluate(
        ([label, text]) =>
          (globalThis as unknown as ProbeWindow).__benchProbe.shownAt(label!, text!, 20_000),
        [words.registration['label'], words.registration['registered']],
      );
      const registered = performance.now();
      return {
        instance,
        timing: {
          launchToRegisteredMs: registered - t0,
          launchToLoadedMs: loaded - t0,
          navigationToRegisteredMs: shownAt,
        },
      };
    }

    /** The same Chromium, same switches, showing the bare JsSIP page registered as 1002. */
    async function launchBareInstance(): Promise<{ instance: Instance; timing: LaunchTiming }> {
      const profileDir = fs.mkdtempSync(path.join(workDir, 'bare-'));
      const userDataDir = path.join(profileDir, 'chromium');
      const locale = LANGUAGE === 'ko' ? 'ko-KR' : 'en-US';
      const query = new URLSearchParams({
        ws: stack.wsUrl,
        user: '1002',
        password: stack.users['1002'],
        domain: stack.domain,
      });
      const t0 = performance.now();
      const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: chromiumArgs(locale, audio.agentTone440),
        ignoreDefaultArgs: ['--mute-audio'],
        locale,
        viewport: { width: 1280, height: 800 },
        timeout: 60_000,
      });
      const instance: Instance = {
        page: context.pages()[0] ?? (await context.newPage()),
        userDataDir,
        close: async () => {
          open.delete(instance);
          await instance.page
            .evaluate(() => (globalThis as unknown as BareWindow).barePhone.stop())
            .catch(() => undefined);
          await context.close();
          fs.rmSync(profileDir, { recursive: true, force: true });
        },
      };
      open.add(instance);
      await context.grantPermissions(['microphone'], { origin: server.origin });
      await instance.page.goto(`${server.origin}/index.html?${query}`);
      const loaded = performance.now();
      const registeredAt = await instance.page.evaluate(
        () => (globalThis as unknown as BareWindow).barePhone.registered,
      );
      const registered = performance.now();
      return {
        instance,
        timing: {
          launchToRegisteredMs: registered - t0,
          launchToLoadedMs: loaded - t0,
          navigationToRegisteredMs: registeredAt,
        },
      };
    }

    /** Dials the customer in the app's UI, times it in the page, holds, hangs up in the UI. */
    async function appCall(page: Page, holdMs = 0): Promise<AppCallTiming> {
      await page
        .getByRole('textbox', { name: words.calls['number'], exact: true })
        .fill(customer.uri);
      await page.evaluate(
        (l) => (globalThis as unknown as ProbeWindow).__benchProbe.arm(l),
        labels,
      );
      await page.getByRole('button', { name: labels.dial, exact: true }).click();
      const timing = await page.evaluate(
        (ms) => (globalThis as unknown as ProbeWindow).__benchProbe.result(ms),
        CALL_TIMEOUT_MS,
      );
      // The far end agrees the call is up: a timing of a call that did not connect is worthless.
      await customer.waitForCallEstablished();
      if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
      await page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();
      await page
        .getByRole('status', { name: labels.callStatus })
        .filter({ hasText: labels.ended })
        .waitFor({ timeout: 10_000 });
      return timing;
    }

    /** Calls the customer from the bare page (ua.call -> confirmed timed in the page). */
    async function bareCall(page: Page, holdMs = 0): Promise<BareCallTiming> {
      const timing = await page.evaluate(
        (target) => (globalThis as unknown as BareWindow).barePhone.call(target),
        customer.uri,
      );
      await customer.waitForCallEstablished();
      if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
      await page.evaluate(() => (globalThis as unknown as BareWindow).barePhone.hangup());
      await customer.waitForCallClosed();
      return timing;
    }

    /** Samples the instance's Chromium tree while it holds one call with the customer. */
    async function memoryDuringCall(instance: Instance, call: () => Promise<unknown>) {
      const idlePssMiB = totalPssMiB(chromiumProcesses(instance.userDataDir));
      const sampler = startMemorySampler(instance.userDataDir);
      let peaks: MemoryPeaks;
      try {
        await call();
      } finally {
        peaks = sampler.stop();
      }
      expect(peaks.chromiumProcesses, 'Chromium processes found in /proc').toBeGreaterThan(2);
      return {
        idleRegisteredPssMiB: round(idlePssMiB),
        peakPssDuringCallMiB: round(peaks.chromiumPssMiB),
        chromiumProcesses: peaks.chromiumProcesses,
        peakNodeRssMiB: round(peaks.nodeRssMiB),
        samples: peaks.samples,
      };
    }

    it('launch -> registered, and memory during a call, for the app and the bare page', async () => {
      const app: LaunchTiming[] = [];
      const barePage: LaunchTiming[] = [];
      const memory: Record<string, unknown> = {};
      // Alternating app / bare page, one browser at a time; the last launch of each also holds
      // a call for the memory figures (with no other Chromium running, see processMemory.ts).
      for (let i = 0; i < LAUNCHES; i++) {
        const last = i === LAUNCHES - 1;
        const a = await launchAppInstance();
        app.push(a.timing);
        if (last) {
          memory['app'] = await memoryDuringCall(a.instance, async () => {
            await appCall(a.instance.page, MEMORY_CALL_MS);
          });
          const stackPss = (comm: string) => round(totalPssMiB(childProcessesNamed(comm)));
          memory['sipStack'] = {
            kamailioPssMiB: stackPss('kamailio'),
            rtpenginePssMiB: stackPss('rtpengine'),
            baresipPssMiB: stackPss('baresip'),
          };
        }
        await a.instance.close();

        const b = await launchBareInstance();
        barePage.push(b.timing);
        if (last) {
          memory['bare'] = await memoryDuringCall(b.instance, async () => {
            await bareCall(b.instance.page, MEMORY_CALL_MS);
          });
        }
        await b.instance.close();
      }
      expect(app).toHaveLength(LAUNCHES);
      expect(barePage).toHaveLength(LAUNCHES);

      const pick = (list: LaunchTiming[], key: keyof LaunchTiming) =>
        list.map((t) => t[key]).filter((v): v is number => v !== null);
      const appLaunch = summarize(pick(app, 'launchToRegisteredMs'));
      const bareLaunch = summarize(pick(barePage, 'launchToRegisteredMs'));
      const appNav = pick(app, 'navigationToRegisteredMs');
      results.launch = {
        definition:
          'Node clock (performance.now() in the bench process). App: from calling launchApp() ' +
          '(seeds a fresh profile, starts the main services and the static server, launches ' +
          'Chromium, loads the renderer) until a MutationObserver in the page saw the ' +
          'registration status region (role=status, "등록 상태") show "등록됨", reported back to ' +
          'Node. Bare: from calling chromium.launchPersistentContext() with the same switches ' +
          "and a fresh profile, then page.goto(bare page), until the page reported JsSIP's " +
          '"registered" event. Both REGISTER with digest auth over WebSocket to the same Kamailio.',
        launches: LAUNCHES,
        app: appLaunch,
        bare: bareLaunch,
        ratioAppToBareMedian: ratio(appLaunch, bareLaunch),
        launchToLoaded: {
          definition:
            "Node clock: launch call -> the page's load event (launchApp() resolved / page.goto() resolved).",
          app: summarize(pick(app, 'launchToLoadedMs')),
          bare: summarize(pick(barePage, 'launchToLoadedMs')),
        },
        navigationToRegistered: {
          definition:
            'Page clock: performance.now() (ms since the navigation started, i.e. page.goto) at ' +
            'the moment the page was registered: app = the registration status showed "등록됨" ' +
            '(MutationObserver); bare = JsSIP\'s "registered" event.' +
            (appNav.length < LAUNCHES
              ? ` The app's moment was missed in ${LAUNCHES - appNav.length} launch(es) (already registered when observed); those are left out.`
              : ''),
          app: appNav.length > 0 ? summarize(appNav) : null,
          bare: summarize(pick(barePage, 'navigationToRegisteredMs')),
        },
      };
      results.memory = {
        definition:
          "PSS from /proc/<pid>/smaps_rollup summed over the Chromium instance's process tree " +
          '(browser process found by its --user-data-dir, plus all descendants), sampled every ' +
          `200 ms from the dial to the hang-up of one call held ${MEMORY_CALL_MS / 1000} s, on ` +
          'the last launch, with no other Chromium running; the peak is reported. ' +
          'idleRegisteredPssMiB: one sample just before dialling. peakNodeRssMiB: RSS of the ' +
          "bench's Node process (for the app it also hosts the main services: SQLite, IPC " +
          'router, logger; in Electron these live in the main process). sipStack: PSS of the ' +
          "test stack during the app's call, for scale.",
        ...memory,
      };
    }, 240_000);

    it(`call setup: ${CALLS} calls each from the app and the bare page to one baresip customer`, async () => {
      const app = await launchAppInstance();
      const barePage = await launchBareInstance();
      const appSamples: AppCallTiming[] = [];
      const bareSamples: BareCallTiming[] = [];
      // One warm-up call each (first getUserMedia, JIT, rtpengine's first session): reported, not counted.
      const warmupApp = await appCall(app.instance.page);
      const warmupBare = await bareCall(barePage.instance.page);
      // Interleaved, alternating who goes first, so drift over the run hits both sides alike.
      for (let i = 0; i < CALLS; i++) {
        const order = i % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
        for (const side of order) {
          if (side === 'app') appSamples.push(await appCall(app.instance.page));
          else bareSamples.push(await bareCall(barePage.instance.page));
        }
      }
      await app.instance.close();
      await barePage.instance.close();

      expect(appSamples).toHaveLength(CALLS);
      expect(bareSamples).toHaveLength(CALLS);
      for (const sample of appSamples) expect(sample.setupMs).toBeGreaterThan(0);
      for (const sample of bareSamples) expect(sample.setupMs).toBeGreaterThan(0);

      const appSummary = summarize(appSamples.map((s) => s.setupMs));
      const bareSummary = summarize(bareSamples.map((s) => s.setupMs));
      results.callSetup = {
        target: `${customer.uri} (baresip, auto-answer, G.711) through Kamailio and rtpengine (WebRTC <-> RTP)`,
        calls: CALLS,
        order:
          'one warm-up call per side (not counted), then app and bare calls interleaved, ' +
          'alternating which goes first; each call is hung up and the customer is idle again ' +
          'before the next one; both Chromium instances stay open throughout',
        app: {
          definition:
            'Page clock (performance.now() in the app page): from a capture-phase click ' +
            'listener on window seeing the click on "걸기" (it runs before React\'s handler), to ' +
            'the MutationObserver callback in which the call status region (role=status, ' +
            '"통화 상태") first shows "통화중" (the app shows it on JsSIP\'s "confirmed"). ' +
            'Includes Redux, the dial validation, getUserMedia, JsSIP, ICE/DTLS with rtpengine, ' +
            "the IPC to main for the call log, and React's render of the new state.",
          ...appSummary,
          talkingFrameMs: summarize(appSamples.map((s) => s.talkingFrameMs)),
          statusTexts: appSamples[0]?.transitions.map((t) => t.text),
          warmupMs: round(warmupApp.setupMs),
        },
        bare: {
          definition:
            'Page clock (performance.now() in the bare page): from just before ua.call() ' +
            '(same UA and call options as the app, getUserMedia done by JsSIP) to the ' +
            'session\'s "confirmed" event.',
          ...bareSummary,
          warmupMs: round(warmupBare.setupMs),
          marksMedianMs: Object.fromEntries(
            ['inviteSentMs', 'progressMs', 'acceptedMs'].map((key) => {
              const values = bareSamples
                .map((s) => s.marks[key])
                .filter((v): v is number => v !== undefined);
              return [key, values.length > 0 ? summarize(values).medianMs : null];
            }),
          ),
        },
        ratioAppToBareMedian: ratio(appSummary, bareSummary),
      };
    }, 180_000);

    it('writes bench-results/bench-latest.json', () => {
      expect(results.launch, 'launch results').toBeDefined();
      expect(results.callSetup, 'call setup results').toBeDefined();
      const finishedAt = new Date();
      const cpus = os.cpus();
      const version = (command: string, args: string[]) => {
        try {
          return (
            execFileSync(command, args, {
              encoding: 'utf8',
              stdio: ['ignore', 'pipe', 'ignore'],
            })
              .trim()
              .split('\n')[0] ?? null
          );
        } catch {
          return null;
        }
      };
      /** Versions of the Debian packages the stack runs, as dpkg knows them. */
      const debianPackages = (names: string[]) => {
        const listed = version('dpkg-query', ['-W', '-f', '${Package}=${Version};', ...names]);
        return Object.fromEntries(
          (listed ?? '')
            .split(';')
            .filter(Boolean)
            .map((entry) => entry.split('=') as [string, string]),
        );
      };
      const packageVersion = (name: string) =>
        (
          JSON.parse(
            fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
          ) as { version: string }
        ).version;
      const osRelease = fs.existsSync('/etc/os-release')
        ? /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1]
        : undefined;
      const report = {
        schema: 'sori-desk-bench/1',
        date: startedAt.toISOString(),
        durationSeconds: round((finishedAt.getTime() - startedAt.getTime()) / 1000),
        machine: {
          cpus: cpus.length,
          cpuModel: cpus[0]?.model ?? null,
          memoryMiB: Math.round(os.totalmem() / 1024 / 1024),
          os: osRelease ?? `${os.type()} ${os.release()}`,
          kernel: os.release(),
          arch: os.arch(),
          node: process.version,
          chromium: version(CHROMIUM, ['--version']),
          jssip: packageVersion('jssip'),
          playwrightCore: packageVersion('playwright-core'),
          debianPackages: debianPackages([
            'chromium',
            'kamailio',
            'rtpengine-daemon',
            'baresip-core',
          ]),
          headless: true,
          network: 'loopback-only network namespace (scripts/in-netns.mjs)',
        },
        settings: { language: LANGUAGE, callsPerSide: CALLS, launchesPerSide: LAUNCHES },
        callSetup: results.callSetup,
        launchToRegistered: results.launch,
        memory: results.memory,
        logsDir: stack.logsDir,
      };
      const file = writeBenchResult('bench', report);

      const setup = results.callSetup as {
        app: Summary;
        bare: Summary;
        ratioAppToBareMedian: number;
      };
      const launch = results.launch as {
        app: Summary;
        bare: Summary;
        ratioAppToBareMedian: number;
      };
      const memory = results.memory as Record<string, { peakPssDuringCallMiB: number }>;
      console.log(
        [
          `call setup (median ms): app ${setup.app.medianMs}, bare JsSIP ${setup.bare.medianMs}, ratio ${setup.ratioAppToBareMedian}`,
          `launch -> registered (median ms): app ${launch.app.medianMs}, bare ${launch.bare.medianMs}, ratio ${launch.ratioAppToBareMedian}`,
          `peak Chromium PSS in a call (MiB): app ${memory['app']?.peakPssDuringCallMiB}, bare ${memory['bare']?.peakPssDuringCallMiB}`,
          `written: ${path.relative(REPO_ROOT, file)} and bench-results/bench-latest.json`,
        ].join('\n'),
      );
    });
  },
);
