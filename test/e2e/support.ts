import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { setSetting } from '../../main/db/repositories/settings';
import { openProfileStore } from '../harness/profileStore';
import { createFileSecretStore, developmentPlaintextCipher } from '../../main/secrets/secretStore';
import type { CallLogEntry, Language } from '../../preload/contract';
import { waitFor } from '../sip/processes';
import { ensureTestAudio, type TestAudio } from '../sip/audio';
import {
  sipRegister,
  startBaresipCustomer,
  startSipStack,
  type BaresipCustomer,
  type SipStack,
  type SipUser,
} from '../sip/stack';
import {
  launchApp,
  type AppHandle,
  type HarnessSipAccount,
  type LaunchAppOptions,
} from '../harness';

/** e2e suites need the loopback-only namespace `npm test` creates (ports, ICE candidates). */
export const IN_NETNS = process.env['SORI_IN_NETNS'] === '1';
export const NETNS_SKIP_REASON =
  'skipped outside the loopback-only network namespace: run through npm test';

export const testAudio = (): Promise<TestAudio> =>
  ensureTestAudio(path.join(os.tmpdir(), 'sori-test-audio'));

export const startStack = (label: string): Promise<SipStack> =>
  startSipStack({ workDir: fs.mkdtempSync(path.join(os.tmpdir(), `sori-${label}-`)) });

/**
 * Whether Kamailio holds a WebSocket (JsSIP) binding for agent `user`, asked with a Contact-less
 * REGISTER (false too when the server does not answer it).
 */
export async function appBound(stack: SipStack, user: SipUser = '1001'): Promise<boolean> {
  const bindings = await sipRegister(stack, { user, password: stack.users[user] });
  return (
    bindings.status === 200 &&
    bindings.headers('contact').some((contact) => /transport=ws/i.test(contact))
  );
}

/** Launches the app signed in as `user` on `stack`. */
export function launchAgent(
  stack: SipStack,
  user: SipUser,
  options: Omit<LaunchAppOptions, 'account'> & {
    password?: string;
    wsServers?: string[];
    dtmfMode?: 'rfc4733' | 'info';
  } = {},
): Promise<AppHandle> {
  const { password, wsServers, dtmfMode, ...rest } = options;
  return launchApp({
    ...rest,
    account: {
      ...agentAccount(stack, user),
      ...(password !== undefined ? { password } : {}),
      ...(wsServers ? { wsServers } : {}),
      ...(dtmfMode ? { dtmfMode } : {}),
    },
  });
}

/** The SIP account of agent `user` on the stack, as the harness seeds it into a profile. */
export function agentAccount(stack: SipStack, user: SipUser): HarnessSipAccount {
  return {
    user,
    password: stack.users[user],
    domain: stack.domain,
    wsServers: [stack.wsUrl],
    displayName: `상담원 ${user}`,
  };
}

/** A SIP stack, one auto-answering baresip customer and the app signed in as 1001, registered. */
export interface AgentAndCustomer {
  stack: SipStack;
  /** 1001, fake microphone 440 Hz. */
  agent: AppHandle;
  /** 2001, auto-answer, plays 1000 Hz. */
  customer: BaresipCustomer;
  /** The app first, then the stack (which quits the customer). */
  stop(): Promise<void>;
}

export async function startAgentAndCustomer(
  label: string,
  language: Language,
  agentOptions: Pick<LaunchAppOptions, 'policy'> & { dtmfMode?: 'rfc4733' | 'info' } = {},
): Promise<AgentAndCustomer> {
  const audio = await testAudio();
  const stack = await startStack(label);
  const customer = await startBaresipCustomer(stack, {
    user: '2001',
    sourceWav: audio.customerTone1000,
    autoAnswer: true,
  });
  const agent = await launchAgent(stack, '1001', {
    ...agentOptions,
    language,
    microphoneWav: audio.agentTone440,
  });
  await waitForReady(agent.page, language);
  return {
    stack,
    agent,
    customer,
    async stop() {
      await agent.close();
      await stack.stop();
    },
  };
}

/** The UI's words the tests look for, per language (the same catalogs the app uses). */
export function ui(language: Language) {
  const catalog = JSON.parse(
    fs.readFileSync(path.join(__dirname, `../../renderer/i18n/locales/${language}.json`), 'utf8'),
  ) as Catalog;
  return catalog;
}
type Catalog = {
  calls: Record<string, string> & {
    phase: Record<string, string>;
    holdState: Record<string, string>;
    holdFailed: Record<string, string>;
    holdFailure: Record<string, string>;
    transferFailure: Record<string, string>;
    quality: Record<string, string> & { level: Record<string, string> };
  };
  callEnd: Record<string, string>;
  registration: Record<string, string> & { failure: Record<string, string> };
  account: Record<string, string>;
  callLog: Record<string, string>;
  settings: Record<string, string>;
  notices: Record<string, string>;
  recordingNotice: Record<string, string> & { failure: Record<string, string> };
  recording: Record<string, string> & { failure: Record<string, string> };
  audit: Record<string, string>;
  evidence: Record<string, string>;
  stats: Record<string, string>;
  centerNotices: Record<string, string>;
  customer: Record<string, string> & { kind: Record<string, string> };
  sync: Record<string, string> & { state: Record<string, string>; problem: Record<string, string> };
  notes: Record<string, string> & { kind: Record<string, string> };
  wrapUp: Record<string, string>;
  scripts: Record<string, string>;
  callbacks: Record<string, string> & {
    outcome: Record<string, string>;
    refused: Record<string, string>;
  };
  audioDevices: Record<string, string> & {
    kind: Record<string, string>;
    missing: Record<string, string>;
  };
  healthCheck: Record<string, string> & {
    check: Record<string, string>;
    status: Record<string, string>;
    detail: Record<string, string>;
  };
  hotkeys: Record<string, string> & {
    action: Record<string, string>;
    problem: Record<string, string>;
  };
  policy: Record<string, string>;
  monitoring: Record<string, string> & {
    mode: Record<'listen' | 'whisper' | 'barge', string>;
    status: Record<string, string>;
  };
  agentState: Record<string, string> & {
    state: Record<string, string>;
    reason: Record<string, string>;
    blocked: Record<string, string>;
    call: Record<string, string>;
  };
};

export const registrationStatus = (page: Page, language: Language): Locator =>
  page.getByRole('status', { name: ui(language).registration['label'] });

/** Waits until the registration status shows `text` (an event the UI emits, not a sleep). */
export async function waitForStatus(
  page: Page,
  language: Language,
  text: string,
  timeout = 20_000,
): Promise<void> {
  await registrationStatus(page, language).filter({ hasText: text }).waitFor({ timeout });
}

export const waitForRegistered = (page: Page, language: Language, timeout?: number) =>
  waitForStatus(page, language, ui(language).registration['registered']!, timeout);

/** The agent state shown in the toolbar (대기 / 이석 (사유) / 휴식). */
export const agentStateStatus = (page: Page, language: Language): Locator =>
  page.getByRole('status', { name: ui(language).agentState['current'] });

/**
 * Clicks 대기 (Ready) and waits until main has accepted it: shifts start in 이석, and inbound
 * calls ring only while Ready.
 */
export async function goReady(page: Page, language: Language): Promise<void> {
  const words = ui(language).agentState;
  await page.getByRole('button', { name: words['ready'], exact: true }).click();
  await agentStateStatus(page, language)
    .filter({ hasText: new RegExp(`^${words.state['ready']}$`) })
    .waitFor({ timeout: 10_000 });
}

/** Registered and Ready: what an agent does at the start of a shift before calls can ring. */
export async function waitForReady(page: Page, language: Language): Promise<void> {
  await waitForRegistered(page, language);
  await goReady(page, language);
}

export async function dial(page: Page, language: Language, target: string): Promise<void> {
  const words = ui(language).calls;
  await page.getByRole('textbox', { name: words['number'], exact: true }).fill(target);
  await page.getByRole('button', { name: words['dial'], exact: true }).click();
}

/** The call card's status region ("통화 상태" / "Call status"): the focused call's phase. */
export const callStatus = (page: Page, language: Language): Locator =>
  page.getByRole('status', { name: ui(language).calls['callStatus'] });

export async function waitForTalking(
  page: Page,
  language: Language,
  timeout = 20_000,
): Promise<void> {
  await callStatus(page, language)
    .getByText(ui(language).calls.phase['talking']!, { exact: true })
    .first()
    .waitFor({ timeout });
}

interface CallStats {
  callId: string;
  inbound: { packetsReceived: number; totalAudioEnergy: number } | null;
  outbound: { packetsSent: number } | null;
}

/** RTP counters of the app's calls, from RTCPeerConnection.getStats() (window.__soriSip). */
export const callStats = (page: Page): Promise<CallStats[]> =>
  page.evaluate(() =>
    (
      globalThis as unknown as { __soriSip: { callStats(): Promise<CallStats[]> } }
    ).__soriSip.callStats(),
  );

/** Waits until the app's call has received `minEnergy` of audio energy (it hears something). */
export async function waitForReceivedAudio(
  page: Page,
  what: string,
  minEnergy = 0.01,
): Promise<CallStats> {
  return waitFor(
    async () => {
      const [call] = await callStats(page);
      return call?.inbound &&
        call.inbound.packetsReceived > 50 &&
        call.inbound.totalAudioEnergy > minEnergy
        ? call
        : undefined;
    },
    { what, timeoutMs: 15_000 },
  );
}

/** Dominant frequency of what the app receives on its current call, over `ms`. */
export async function heardFrequency(
  page: Page,
  ms = 1500,
): Promise<{ peakHz: number; rms: number }> {
  return page.evaluate(async (window_ms) => {
    const sip = (
      globalThis as unknown as {
        __soriSip: {
          callIds(): string[];
          remoteSpectrum(id: string, ms: number): Promise<{ peakHz: number; rms: number } | null>;
        };
      }
    ).__soriSip;
    const [id] = sip.callIds();
    if (!id) throw new Error('no call');
    const spectrum = await sip.remoteSpectrum(id, window_ms);
    if (!spectrum) throw new Error('no remote audio');
    return spectrum;
  }, ms);
}

/** The call_log rows of a profile's SQLite file, read directly from disk. */
export function callLogRows(app: AppHandle): Array<Record<string, unknown>> {
  const db = app.readDb();
  return db.prepare('select * from call_log order by started_at').all() as Array<
    Record<string, unknown>
  >;
}

export async function waitForCallLogClosed(
  app: AppHandle,
): Promise<Array<Record<string, unknown>>> {
  return waitFor(
    () => {
      const rows = callLogRows(app);
      return rows.length > 0 && rows.every((r) => r['ended_at'] !== null) ? rows : undefined;
    },
    { what: 'the call log row to be closed in SQLite', timeoutMs: 10_000 },
  );
}

export type { CallLogEntry };

interface NoticeState {
  phase: 'pending' | 'playing' | 'done' | 'failed';
  startedAt: number | null;
  endedAt: number | null;
}

/** The recording notice of the app's current call (window.__soriSip.noticeState), if answered. */
export const noticeState = (page: Page): Promise<(NoticeState & { callId: string }) | null> =>
  page.evaluate(() => {
    const sip = (
      globalThis as unknown as {
        __soriSip: { callIds(): string[]; noticeState(id: string): NoticeState | null };
      }
    ).__soriSip;
    const [id] = sip.callIds();
    const state = id ? sip.noticeState(id) : null;
    return id && state ? { callId: id, ...state } : null;
  });

/**
 * Waits until the recording notice has played to its end on the app's current call (its
 * microphone is open from then on). Fails at once if the notice failed.
 */
export async function waitForNoticeDone(
  page: Page,
  timeoutMs = 30_000,
): Promise<NoticeState & { callId: string }> {
  const state = await waitFor(
    async () => {
      const current = await noticeState(page);
      return current?.phase === 'done' || current?.phase === 'failed' ? current : undefined;
    },
    { what: 'the recording notice to finish', timeoutMs, intervalMs: 100 },
  );
  if (state.phase !== 'done')
    throw new Error(`the recording notice failed: ${JSON.stringify(state)}`);
  return state;
}

/** Puts the agent's CRM token where settings keeps it (the profile's secret store), before launch. */
export function storeCrmToken(profileDir: string, token: string): void {
  const store = openProfileStore(profileDir);
  const secrets = createFileSecretStore(
    path.join(profileDir, 'secrets'),
    developmentPlaintextCipher,
  );
  setSetting(store.db, 'crmTokenRef', secrets.put(token));
  store.close();
}
