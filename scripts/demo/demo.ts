// `npm run demo`: a real call within a minute, for someone who has just cloned the repository.
// scripts/demo.mjs builds the app if needed, picks the network (a loopback-only namespace, or the
// host's loopback when a window must be shown), bundles this file to .tmp/demo.cjs and runs it.
//
// What runs: Kamailio + rtpengine (the test stack, test/sip/stack.ts), a baresip "customer" 2001
// that speaks a prompt (or plays a tone), and Sori Desk signed in as agent 1001, in Debian's
// Chromium (test/harness). The customer calls the agent every 45 s and hangs up after 20 s.
//
//   npm run demo                     until Ctrl-C
//   npm run demo -- --duration 60    stop by itself after 60 s (a smoke check)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemLocale } from '../../main/chromiumShell/launch';
import type { Page } from 'playwright-core';
import type { Language } from '../../preload/contract';
import { launchApp, type AppHandle } from '../../test/harness';
import { ensureTestAudio } from '../../test/sip/audio';
import { seedDemoCrm } from '../../test/crmReference/demoData';
import { startReferenceCrm, type ReferenceCrm } from '../../test/crmReference/referenceCrm';
import { storeCrmToken } from '../../test/e2e/support';
import { stopAllProcesses, waitFor } from '../../test/sip/processes';
import {
  startBaresipCustomer,
  startSipStack,
  type BaresipCustomer,
  type SipStack,
} from '../../test/sip/stack';
import {
  REPO_ROOT,
  button,
  callStatus,
  makeCustomerVoice,
  pause,
  registrationStatus,
  say,
  shown,
  takeOverSignals,
  words,
} from './common';

const FIRST_CALL_AFTER_MS = 10_000;
const CALL_EVERY_MS = 45_000;
const CUSTOMER_HANGS_UP_AFTER_MS = 20_000;
/** The customer gives up when nobody answers within this. */
const RING_FOR_MS = 30_000;
/** Without a display nobody can press 받기: the demo does, after this. */
const HEADLESS_ANSWER_AFTER_MS = 3_000;
/** Screenshot and audio check this long into an answered call (the timer runs by then). */
const SCREENSHOT_AFTER_MS = 3_000;
const SHUTDOWN_TIMEOUT_MS = 20_000;
/** The demo CRM's size: enough to feel real, small enough to sync in seconds. */
const DEMO_CUSTOMERS = 5_000;
const CRM_TOKEN = 'demo-agent-token-1001';

const RUN_DIR = path.join(REPO_ROOT, '.tmp/demo');
const SCREENSHOT = path.join(REPO_ROOT, '.tmp/demo-call.png');

// What baresip prints when a call is established and when it ends (see test/sip/stack.ts).
const ESTABLISHED = /: Call established: /g;
const CLOSED = /call: terminate call |: session closed: /g;

interface Options {
  durationSeconds: number | null;
}

function usage(): string {
  return [
    'usage: npm run demo [-- --duration <seconds>] [-- --no-netns]',
    '',
    '  --duration <seconds>  stop by itself after this long (default: run until Ctrl-C)',
    '  --no-netns            use the host loopback even without a display',
    '  --screenshots         make the README screenshots instead (resources/screenshots/)',
  ].join('\n');
}

function parseArgs(argv: string[]): Options {
  const options: Options = { durationSeconds: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (name === '--duration') {
      const value = Number(inline ?? argv[++i]);
      if (!Number.isFinite(value) || value <= 0) {
        throw new Error(`--duration needs a number of seconds\n${usage()}`);
      }
      options.durationSeconds = value;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage()}\n`);
      process.exit(0);
    } else if (arg !== '--no-netns') {
      throw new Error(`unknown option ${arg}\n${usage()}`);
    }
  }
  return options;
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const language: Language = systemLocale().toLowerCase().startsWith('ko') ? 'ko' : 'en';
  const w = words(language);
  const headed = Boolean(process.env['DISPLAY']);

  const stop = new AbortController();
  const requestStop = (reason: string) => {
    if (stop.signal.aborted) return;
    say(`${reason}: stopping`);
    stop.abort();
  };
  // Ctrl-C reaches every process of the terminal's group, and in-netns.mjs forwards it as well:
  // the second copy of the same signal is ignored.
  const onSignal = (signal: NodeJS.Signals) =>
    requestStop(signal === 'SIGINT' ? 'Ctrl-C' : `got ${signal}`);
  takeOverSignals(onSignal);
  if (options.durationSeconds !== null) {
    const seconds = options.durationSeconds;
    setTimeout(() => requestStop(`--duration ${seconds} s is over`), seconds * 1000).unref();
  }

  fs.rmSync(RUN_DIR, { recursive: true, force: true });
  fs.mkdirSync(RUN_DIR, { recursive: true });
  const profileDir = path.join(RUN_DIR, 'profile');

  process.stdout.write(
    [
      '',
      'Sori Desk demo: a real call through a real SIP server, all on this machine.',
      `  network:    ${process.env['SORI_IN_NETNS'] === '1' ? 'a private loopback-only network namespace' : "this machine's loopback (127.0.0.1)"}`,
      `  window:     ${headed ? `shown on ${process.env['DISPLAY']}` : 'none (no $DISPLAY): the app runs headless; the demo answers for you and saves a screenshot'}`,
      `  language:   ${language} (from $LANG; LANG=ko_KR.UTF-8 for Korean)`,
      "  microphone: Chromium's fake microphone playing a 440 Hz tone, so the demo works on any machine",
      '  stop:       Ctrl-C',
      '',
    ].join('\n'),
  );

  let stack: SipStack | undefined;
  let app: AppHandle | undefined;
  let crm: ReferenceCrm | undefined;
  let exitCode = 0;
  const tasks: Promise<void>[] = [];
  try {
    const audio = await ensureTestAudio(path.join(os.tmpdir(), 'sori-test-audio'));
    stack = await startSipStack({ workDir: path.join(RUN_DIR, 'sip') });
    takeOverSignals(onSignal);
    say(
      `Kamailio (SIP server) listens on ${stack.wsUrl} and udp 127.0.0.1:${stack.sipUdpPort}; rtpengine bridges the media`,
    );

    const voice = await makeCustomerVoice(language, path.join(RUN_DIR, 'audio'));
    const customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: voice ?? audio.customerTone1000,
      autoAnswer: true,
      displayName: language === 'ko' ? '데모 고객' : 'Demo customer',
    });
    say(
      `customer 2001 (baresip) is registered; it will ${voice ? `speak (espeak-ng, ${language})` : 'play a 1000 Hz tone (espeak-ng not available)'} when connected`,
    );
    if (stop.signal.aborted) return 0;

    crm = await startReferenceCrm({
      dbFile: path.join(RUN_DIR, 'crm/crm.sqlite'),
      token: CRM_TOKEN,
    });
    seedDemoCrm(crm, { customers: DEMO_CUSTOMERS });
    say(
      `reference CRM at ${crm.url} with ${DEMO_CUSTOMERS.toLocaleString('en')} synthetic customers, intents, dispositions, scripts and a notice; the caller 2001 is one of them`,
    );
    storeCrmToken(profileDir, CRM_TOKEN);

    say(`starting Sori Desk as agent 1001 (${headed ? 'a window opens' : 'headless'})…`);
    app = await launchApp({
      language,
      headed,
      profileDir,
      policy: {
        version: 1,
        crm: { baseUrl: crm.url, syncIntervalSeconds: 5, cache: { scope: 'all' } },
        screenPop: { customerIdHeader: 'X-Customer-Id' },
      },
      microphoneWav: audio.agentTone440,
      account: {
        user: '1001',
        password: stack.users['1001'],
        domain: stack.domain,
        wsServers: [stack.wsUrl],
        displayName: language === 'ko' ? '상담원 1001' : 'Agent 1001',
      },
    });
    takeOverSignals(onSignal);
    const { page } = app;
    void app.shell.closed.then(() => requestStop('the app window was closed'));

    say(
      [
        'logs:',
        `    app         ${shown(path.join(profileDir, 'logs/main.log'))}`,
        `    Kamailio    ${shown(path.join(stack.logsDir, 'kamailio.log'))}`,
        `    rtpengine   ${shown(path.join(stack.logsDir, 'rtpengine.log'))}`,
        `    customer    ${shown(customer.logFile)}`,
      ].join('\n'),
    );

    // The registration status as the app shows it, whenever it changes.
    let registered: () => void = () => undefined;
    const firstRegistered = new Promise<void>((resolve) => (registered = resolve));
    tasks.push(
      (async () => {
        let last = '';
        while (!stop.signal.aborted) {
          const text = (
            await registrationStatus(page, language)
              .textContent()
              .catch(() => null)
          )?.trim();
          if (text && text !== last) {
            say(`app registration status: ${text}`);
            last = text;
            if (text === w.registration.registered) registered();
          }
          await pause(200, stop.signal);
        }
      })(),
    );
    const registeredInTime = await Promise.race([
      firstRegistered.then(() => true),
      pause(20_000, stop.signal).then(() => false),
    ]);
    if (stop.signal.aborted) return 0;
    if (!registeredInTime) {
      throw new Error(
        `the app did not show "${w.registration.registered}" within 20 s: see the app and Kamailio logs above`,
      );
    }
    // Shifts start in 이석 (not ready); inbound calls ring only once the agent is Ready (대기).
    await button(page, w.agentState.ready).click();
    say(`the agent goes Ready (${w.agentState.ready}): inbound calls ring from now on`);
    say(
      `ready. The customer calls in ${FIRST_CALL_AFTER_MS / 1000} s, then every ${CALL_EVERY_MS / 1000} s.` +
        (headed ? ` You can also dial 2001 yourself (the customer answers at once).` : ''),
    );

    const agent = app;
    const sip = stack;
    tasks.push(
      (async () => {
        let next = Date.now() + FIRST_CALL_AFTER_MS;
        while (!stop.signal.aborted) {
          await pause(next - Date.now(), stop.signal);
          if (stop.signal.aborted) break;
          next = Date.now() + CALL_EVERY_MS;
          await customerCalls(agent, customer, sip, language, headed, stop.signal).catch(
            (error: unknown) => {
              if (!stop.signal.aborted) say(`that call went wrong: ${describe(error)}`);
            },
          );
        }
      })(),
    );

    await new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      else stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } catch (error) {
    if (!stop.signal.aborted) {
      say(`the demo failed: ${describe(error)}`);
      say(`see the logs in ${shown(RUN_DIR)}`);
      exitCode = 1;
    }
  } finally {
    stop.abort();
    const watchdog = setTimeout(() => {
      say('stopping takes too long: killing what is left');
      void stopAllProcesses().finally(() => process.exit(1));
    }, SHUTDOWN_TIMEOUT_MS);
    // The app first: a customer call waiting on the page (up to 10 s) then ends at once.
    if (app) {
      say('closing the app (it ends the call and unregisters)…');
      await app.close().catch((error: unknown) => say(`closing the app: ${describe(error)}`));
      await crm?.close().catch(() => undefined);
    }
    if (stack) {
      say('stopping baresip, Kamailio and rtpengine…');
      await stack.stop();
    }
    await Promise.allSettled(tasks);
    clearTimeout(watchdog);
    say(`stopped. Logs are in ${shown(RUN_DIR)}`);
  }
  return exitCode;
}

/** One call from the customer to the agent: ring, (auto-)answer, talk, customer hangs up. */
async function customerCalls(
  app: AppHandle,
  customer: BaresipCustomer,
  stack: SipStack,
  language: Language,
  headed: boolean,
  signal: AbortSignal,
): Promise<void> {
  const w = words(language);
  // Korean words with the English ones alongside, for whoever reads the console.
  const en = words('en').calls;
  const ui = (ko: string, english: string) => (language === 'ko' ? `${ko} (${english})` : ko);
  const answer = ui(w.calls.answer, en.answer);
  const hangUp = ui(w.calls.hangUp, en.hangUp);
  const talking = ui(w.calls.phase.talking, en.phase.talking);
  const { page } = app;
  const abortIf = () => (signal.aborted ? 'stopping' : undefined);
  if (await button(page, w.calls.hangUp).isEnabled()) {
    say('the agent is on a call: the customer will try again later');
    return;
  }
  const before = customer.readLog();
  const established = () => count(customer.readLog(), ESTABLISHED) > count(before, ESTABLISHED);
  const closed = () => count(customer.readLog(), CLOSED) > count(before, CLOSED);

  customer.dial(stack.uri('1001'));
  say(
    headed
      ? `customer 2001 is calling the agent — press ${answer} in the app`
      : `customer 2001 is calling the agent — ${answer} will be pressed for you in ${HEADLESS_ANSWER_AFTER_MS / 1000} s (no display)`,
  );
  await page
    .getByRole('dialog', { name: w.calls.incomingTitle })
    .waitFor({ timeout: 10_000 })
    .then(() => say(`the app rings: ${ui(w.calls.incomingTitle, en.incomingTitle)}`));

  if (!headed) {
    await pause(HEADLESS_ANSWER_AFTER_MS, signal);
    if (signal.aborted) return;
    await button(page, w.calls.answer).click();
    say(`pressed ${answer} in the app`);
  }

  const outcome = await waitFor(
    () => (established() ? 'answered' : closed() ? 'ended' : undefined),
    { what: 'the agent to answer', timeoutMs: RING_FOR_MS, abortIf, intervalMs: 100 },
  ).catch(() => (signal.aborted ? 'stopping' : 'unanswered'));
  if (outcome === 'stopping') return;
  if (outcome === 'unanswered') {
    customer.hangup();
    say(`nobody answered within ${RING_FOR_MS / 1000} s: the customer hung up`);
    await waitFor(closed, { what: 'the call to end', abortIf }).catch(() => undefined);
    return;
  }
  if (outcome === 'ended') {
    say('the agent declined the call');
    return;
  }

  const answeredAt = Date.now();
  await callStatus(page, language)
    .filter({ hasText: w.calls.phase.talking })
    .waitFor({ timeout: 10_000 });
  say(
    `connected: the app shows ${talking}. The customer talks; the agent's ` +
      'microphone is the fake 440 Hz tone. The customer hangs up in ' +
      `${CUSTOMER_HANGS_UP_AFTER_MS / 1000} s (or press ${hangUp}).`,
  );

  await pause(SCREENSHOT_AFTER_MS, signal);
  if (signal.aborted) return;
  if (!headed && !closed()) {
    await page.screenshot({ path: SCREENSHOT });
    say(`screenshot of the app in the call: ${shown(SCREENSHOT)}`);
  }
  const heard = closed() ? null : await receivedAudio(page);
  if (heard) {
    say(
      `the app receives the customer's voice: ${heard.packetsReceived} RTP packets so far, ` +
        `audio energy ${heard.totalAudioEnergy.toFixed(3)}`,
    );
  }

  const agentHungUp = await waitFor(() => closed(), {
    what: 'the agent to hang up',
    timeoutMs: Math.max(0, answeredAt + CUSTOMER_HANGS_UP_AFTER_MS - Date.now()),
    abortIf,
    intervalMs: 200,
  }).catch(() => false);
  if (signal.aborted) return;
  if (agentHungUp) {
    say('the agent hung up');
  } else {
    customer.hangup();
    await waitFor(closed, { what: 'the call to end', abortIf });
    say('the customer hung up');
  }
  await callStatus(page, language).filter({ hasText: w.calls.ended }).waitFor({ timeout: 10_000 });
  const rows = await waitFor(
    () => {
      const row = app
        .readDb()
        .prepare('select count(*) as n, count(ended_at) as ended from call_log')
        .get() as { n: number; ended: number };
      return row.n > 0 && row.n === row.ended ? row.n : undefined;
    },
    { what: 'the call log to be written', abortIf },
  );
  say(`the call is in ${w.callLog.title} (${rows} so far), stored in ${shown(app.dbFile)}`);

  // 후처리: the call's outcome is mandatory before the agent is 대기 again.
  const wrapUp = page.getByRole('region', { name: w.wrapUp.title });
  const due = await wrapUp
    .waitFor({ timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (due) {
    if (headed) {
      say(
        `${ui(w.wrapUp.title, 'after-call work')}: choose ${w.wrapUp.disposition} and press ${w.wrapUp.save}, then ${w.agentState.ready}`,
      );
      return;
    }
    await wrapUp.getByLabel(w.wrapUp.disposition).selectOption({ index: 1 });
    await wrapUp.getByRole('button', { name: w.wrapUp.save }).click();
    await wrapUp.waitFor({ state: 'hidden', timeout: 10_000 });
    await button(page, w.agentState.ready).click();
    say(
      `${ui(w.wrapUp.title, 'after-call work')}: an outcome was chosen for you and the agent is ${w.agentState.ready} again`,
    );
  }
}

/** What the app's call has received so far (window.__soriSip, the app's own diagnostics). */
async function receivedAudio(
  page: Page,
): Promise<{ packetsReceived: number; totalAudioEnergy: number } | null> {
  type Stats = { inbound: { packetsReceived: number; totalAudioEnergy: number } | null };
  const stats = await page
    .evaluate(() =>
      (
        globalThis as unknown as { __soriSip?: { callStats(): Promise<Stats[]> } }
      ).__soriSip?.callStats(),
    )
    .catch(() => undefined);
  return stats?.[0]?.inbound ?? null;
}

const describe = (error: unknown) =>
  error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error);

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${describe(error)}\n`);
    process.exit(1);
  },
);
