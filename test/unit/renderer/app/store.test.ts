import { describe, expect, it, vi } from 'vitest';
import type {
  ErrorCode,
  EventName,
  Language,
  ProtectionStep,
  Result,
  SoriApi,
} from '../../../../preload/contract';
import { appStarted } from '../../../../renderer/app/appActions';
import { createAppStore } from '../../../../renderer/app/store';
import { accountSaveRequested } from '../../../../renderer/features/account/accountSlice';
import {
  answerClicked,
  declineClicked,
  dialInputEdited,
  dialSubmitted,
  hangupClicked,
} from '../../../../renderer/features/calls/callsSlice';
import { languageChosen } from '../../../../renderer/features/settings/settingsSlice';
import { SipCause } from '../../../../renderer/sip/causes';
import { protectionStepClicked } from '../../../../renderer/features/protection/protectionSlice';
import type {
  MessagePlayback,
  SipAgentEventMap,
  SipAgentEventName,
  SipAgentListener,
  SipAgentPort,
  HoldOutcome,
  MediaRelayProbe,
  MicrophoneProbe,
  ServerProbe,
  TransferOutcome,
} from '../../../../renderer/sip/sipTypes';
import { healthCheckRequested } from '../../../../renderer/features/healthCheck/healthCheckSlice';
import type { DesktopNotifier } from '../../../../renderer/platform/desktopNotifier';
import type { HeadsetSource } from '../../../../renderer/platform/headset/headsetSource';
import type {
  HeadsetGesture,
  HeadsetLights,
} from '../../../../renderer/platform/headset/telephonyHid';
import { DEFAULT_HOTKEYS } from '../../../../renderer/features/hotkeys/accelerator';
import {
  hotkeyRecorded,
  hotkeyRecordingStarted,
} from '../../../../renderer/features/hotkeys/hotkeysSlice';
import type { KeyPress, KeyboardSource } from '../../../../renderer/features/hotkeys/keyboard';
import { selectCallControls } from '../../../../renderer/features/calls/callsSelectors';
import { monitorClicked } from '../../../../renderer/features/monitoring/monitoringSlice';
import {
  audioDeviceChosen,
  microphoneMeterStarted,
  microphoneMeterStopped,
} from '../../../../renderer/features/audioDevices/audioDevicesSlice';

const NO_HINTS = { assertedUri: null, customerId: null, answerAfterSeconds: null };

// Fakes stand in for main (window.sori) and for JsSIP here: this is the listener wiring, tested
// without a browser. The real thing runs in the e2e suite.

const account = {
  displayName: '김상담',
  sipUri: 'sip:1001@127.0.0.1',
  wsServers: ['ws://127.0.0.1:8080'],
  hasPassword: true,
};

type AutoAnswer = { mode: 'off' | 'header' | 'always'; delaySeconds: number };

function fakeSori(options: { account?: typeof account | null; autoAnswer?: AutoAnswer } = {}) {
  const calls: Array<[string, unknown]> = [];
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  let protectionState = {
    warningsBeforeTermination: 2,
    recoveryMinutes: 10,
    canLeaveRecoveryEarly: false,
    recoveryUntil: null as number | null,
    abusiveCalls: 3,
  };
  let agentStatus = {
    state: 'notReady',
    reason: 'login' as string | null,
    since: 1,
    readyBlockedBy: null,
  };
  const responses: Record<string, (request: unknown) => unknown> = {
    'app:getInfo': () => ({ version: '0.1.0', shell: 'chromium', language: 'ko' }),
    'app:getNotices': () => [{ code: 'DB_RECOVERED', detail: '/tmp/old.db' }],
    'app:readyToQuit': () => ({}),
    'settings:get': () => ({ language: 'system', micProcessing: false }),
    'settings:setLanguage': (r) => ({
      language: (r as { language: string }).language === 'en' ? 'en' : 'ko',
    }),
    'settings:setMicProcessing': (r) => ({
      language: 'system',
      micProcessing: (r as { enabled: boolean }).enabled,
    }),
    'account:get': () => (options.account === undefined ? account : options.account),
    'account:save': (r) => ({ ...(r as object), password: undefined, hasPassword: true }),
    'account:getCredentials': () => ({ ...account, hasPassword: undefined, password: 'pw1001' }),
    'callLog:open': (r) => ({ callId: (r as { callId: string }).callId }),
    'callLog:markAnswered': (r) => ({ callId: (r as { callId: string }).callId }),
    'callLog:close': (r) => ({ callId: (r as { callId: string }).callId }),
    'callLog:list': () => [],
    'log:write': () => ({}),
    'notice:load': (r) => ({
      language: (r as { language: string }).language,
      sha256: 'a'.repeat(64),
      audio: 'UklGRg==',
    }),
    'notice:report': () => ({}),
    'policy:get': () => ({
      status: { valid: true, file: null, problems: [] },
      pinned: {},
      features: { globalHotkeys: true, headsetButtons: true, desktopNotifications: true },
      monitoring: { indicator: true, mode: 'endpoint', featureCodes: null },
      recordingNotice: { pbxProofHeader: 'X-Recording-Notice' },
      recording: { enabled: false },
      screenPop: { customerIdHeader: null },
      autoAnswer: options.autoAnswer ?? { mode: 'off', delaySeconds: 1 },
      media: { stunServers: ['stun:stun.example.test:3478'], iceGatheringCapMs: 1500 },
      signalling: { keepaliveSeconds: 12 },
      healthCheck: { mediaTestUri: 'sip:echo@127.0.0.1' },
    }),
    'healthCheck:last': () => null,
    'team:getRole': () => null,
    'monitoring:authorize': (r) => {
      const request = r as { grant: string; mode: string };
      return request.grant.startsWith('good.')
        ? {
            sessionId: '00000000-0000-4000-8000-000000000001',
            lead: { id: 'lead-7', displayName: '박팀장' },
            mode: request.mode,
            indicator: true,
          }
        : { errorCode: 'MONITOR_REFUSED' };
    },
    'monitoring:ended': () => ({}),
    'monitoring:requestGrant': () => ({ grant: 'good.grant.sig' }),
    'monitoring:featureCode': (r) => ({
      featureCode: { listen: '*222', whisper: '*223', barge: '*224' }[
        (r as { mode: 'listen' | 'whisper' | 'barge' }).mode
      ],
    }),
    'hotkeys:get': () => DEFAULT_HOTKEYS,
    'hotkeys:set': (r) => r,
    'healthCheck:record': (r) => {
      const run = r as { items: Array<{ status: string }> };
      return { ...run, id: 7, passed: run.items.every((item) => item.status !== 'failed') };
    },
    'agentState:get': () => agentStatus,
    'agentState:set': (r) => {
      const change = r as { state: 'ready' | 'notReady'; reason?: string };
      agentStatus = {
        state: change.state,
        reason: change.reason ?? null,
        since: 5,
        readyBlockedBy: null,
      };
      return agentStatus;
    },
    'protection:getState': () => protectionState,
    'protection:loadMessage': (r) => ({
      ...(r as { language: string; step: string }),
      sha256: 'b'.repeat(64),
      audio: 'UklGRg==',
    }),
    'protection:recordStep': (r) => {
      const { step, endedAt } = r as { step: string; endedAt: number };
      if (step === 'terminate' || step === 'harassment') {
        protectionState = {
          ...protectionState,
          recoveryUntil: endedAt + 10 * 60_000,
          abusiveCalls: protectionState.abusiveCalls + 1,
        };
      }
      return protectionState;
    },
    'protection:endRecovery': () => ({ errorCode: 'STEP_NOT_ALLOWED' }),
  };
  const api: Record<string, Record<string, (request: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of Object.keys(responses)) {
    const [domain, verb] = channel.split(':') as [string, string];
    (api[domain] ??= {})[verb] = async (request: unknown) => {
      calls.push([channel, request]);
      await Promise.resolve();
      const value = responses[channel]!(request);
      // A response `{ errorCode }` stands for main refusing the request with that code.
      if (value && typeof value === 'object' && 'errorCode' in value) {
        return { ok: false, error: { code: value.errorCode as ErrorCode, message: 'refused' } };
      }
      return {
        ok: true,
        value: JSON.parse(JSON.stringify(value) ?? 'null'),
      };
    };
  }
  const sori = {
    ...api,
    on(event: EventName, listener: (payload: unknown) => void) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  } as unknown as SoriApi;
  const push = (event: EventName, payload: unknown) =>
    handlers.get(event)?.forEach((h) => h(payload));
  const channelCalls = (channel: string) => calls.filter(([c]) => c === channel).map(([, r]) => r);
  return { sori, calls, push, channelCalls, responses };
}

function fakeSip() {
  const listeners = new Map<SipAgentEventName, Set<(payload: never) => void>>();
  let nextId = 1;
  const agent = {
    start: vi.fn(),
    stop: vi.fn(async () => undefined),
    setMicProcessing: vi.fn(),
    call: vi.fn(async (_uri: string) => `out-${nextId++}`),
    answer: vi.fn(),
    reject: vi.fn(),
    hangup: vi.fn(),
    setNoticeLanguage: vi.fn(),
    setPbxNoticeProof: vi.fn(),
    setCustomerIdHeader: vi.fn(),
    sendDtmf: vi.fn(),
    provideNotice: vi.fn(
      async (_language: Language, _notice: { sha256: string; wav: ArrayBuffer }) => undefined,
    ),
    refuseNotice: vi.fn(),
    hasProtectionMessage: vi.fn((_language: Language, _step: ProtectionStep) => false),
    provideProtectionMessage: vi.fn(
      async (
        _language: Language,
        _step: ProtectionStep,
        _message: { sha256: string; wav: ArrayBuffer },
      ) => undefined,
    ),
    playProtectionMessage: vi.fn(
      async (
        _callId: string,
        _step: ProtectionStep,
        _language: Language,
      ): Promise<MessagePlayback | null> => ({ startedAt: 1_000, endedAt: 2_500 }),
    ),
    setRecoveryUntil: vi.fn(),
    setRecordingSink: vi.fn(),
    setInboundOffered: vi.fn(),
    setCallNoticeLanguage: vi.fn(),
    hold: vi.fn(async (_callId: string): Promise<HoldOutcome> => ({ ok: true })),
    resume: vi.fn(async (_callId: string): Promise<HoldOutcome> => ({ ok: true })),
    setMuted: vi.fn(),
    setMediaNetwork: vi.fn(),
    setKeepaliveInterval: vi.fn(),
    setAudioDevices: vi.fn(),
    listAudioDevices: vi.fn(async () => []),
    ring: vi.fn(),
    meterMicrophone: vi.fn(async (_onLevel: (levelDb: number) => void) => () => undefined),
    playTestTone: vi.fn(async (_kind: 'speaker' | 'ringer') => undefined),
    transfer: vi.fn(async (_callId: string, _target: string): Promise<TransferOutcome> => ({
      ok: true,
    })),
    completeTransfer: vi.fn(
      async (_callId: string, _consultCallId: string): Promise<TransferOutcome> => ({ ok: true }),
    ),
    pauseRecording: vi.fn(async () => undefined),
    resumeRecording: vi.fn(async () => undefined),
    probeServer: vi.fn(async (url: string, _timeoutMs: number): Promise<ServerProbe> =>
      url.includes('8080') ? { reachable: true, ms: 4 } : { reachable: false },
    ),
    probeMicrophone: vi.fn(async (_ms: number): Promise<MicrophoneProbe> => ({
      ok: false,
      reason: 'missing',
    })),
    probeMediaRelay: vi.fn(async (_uri: string, _timeoutMs: number): Promise<MediaRelayProbe> => ({
      ok: true,
      rttMs: 3,
      packetsReceived: 100,
    })),
    acceptMonitor: vi.fn(),
    refuseMonitor: vi.fn(),
    setMonitorMode: vi.fn(),
    monitorAgent: vi.fn(async (_agentUri: string, _grant: string | null, _mode: string) => 'mon-1'),
    changeMonitorMode: vi.fn(),
    stopMonitoring: vi.fn(),
    on<E extends SipAgentEventName>(event: E, listener: SipAgentListener<E>) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  } satisfies SipAgentPort;
  const emit = <E extends SipAgentEventName>(event: E, payload: SipAgentEventMap[E]) =>
    listeners.get(event)?.forEach((l) => (l as SipAgentListener<E>)(payload));
  return { agent, emit };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(check: () => boolean, ms = 1000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met');
    await settle();
  }
}

/** Stands in for the OS notification centre: what was shown, and a click on it. */
function fakeNotifier() {
  const shown = new Map<string, () => void>();
  const dismissed: string[] = [];
  const notifier: DesktopNotifier = {
    incomingCall: ({ callId }, onAnswer) => void shown.set(callId, onAnswer),
    dismiss: (callId) => void dismissed.push(callId),
  };
  return { notifier, shown, dismissed };
}

function setup(
  options: {
    account?: typeof account | null;
    autoAnswer?: AutoAnswer;
    notifier?: DesktopNotifier;
    headset?: HeadsetSource;
  } = {},
) {
  const main = fakeSori(options);
  const sip = fakeSip();
  const languages: string[] = [];
  let clock = 1_700_000_000_000;
  const store = createAppStore({
    sori: main.sori,
    sip: sip.agent,
    applyLanguage: (language) => {
      languages.push(language);
    },
    fallbackLanguage: 'en',
    now: () => clock,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.headset ? { headset: options.headset } : {}),
  });
  store.dispatch(appStarted());
  return { store, main, sip, languages, tick: (ms: number) => (clock += ms) };
}

describe('app listeners (with a fake bridge and a fake SIP agent)', () => {
  it('starts up: language, notices, account, then the SIP agent with the stored credentials', async () => {
    const { store, main, sip, languages } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    expect(languages).toEqual(['ko']);
    expect(sip.agent.start).toHaveBeenCalledWith(
      {
        displayName: '김상담',
        sipUri: 'sip:1001@127.0.0.1',
        wsServers: ['ws://127.0.0.1:8080'],
        password: 'pw1001',
      },
      { micProcessing: false, appVersion: '0.1.0' },
    );
    expect(sip.agent.setMicProcessing).toHaveBeenCalledWith(false);
    // The machine policy's media network reaches the SIP agent before any call.
    await until(() => sip.agent.setMediaNetwork.mock.calls.length === 1);
    expect(sip.agent.setMediaNetwork).toHaveBeenCalledWith({
      stunServers: ['stun:stun.example.test:3478'],
      iceGatheringCapMs: 1500,
    });
    expect(sip.agent.setKeepaliveInterval).toHaveBeenCalledWith(12_000);
    expect(store.getState().notices.items).toEqual([
      { code: 'DB_RECOVERED', detail: '/tmp/old.db' },
    ]);
    expect(store.getState().registration.status).toBe('connecting');
    expect(main.channelCalls('callLog:list')).toEqual([{ limit: 50 }]);
  });

  it('does not start SIP on first run, and starts it once the account is saved', async () => {
    const { store, main, sip } = setup({ account: null });
    await until(() => store.getState().account.status === 'loaded');
    expect(store.getState().account.account).toBeNull();
    expect(sip.agent.start).not.toHaveBeenCalled();
    expect(store.getState().registration.status).toBe('unconfigured');

    store.dispatch(
      accountSaveRequested({
        displayName: '김상담',
        sipUri: 'sip:1001@127.0.0.1',
        wsServers: ['ws://127.0.0.1:8080'],
        password: 'pw1001',
      }),
    );
    await until(() => sip.agent.start.mock.calls.length === 1);
    expect(main.channelCalls('account:save')).toHaveLength(1);
    expect(store.getState().account.account?.hasPassword).toBe(true);
  });

  it('maps agent registration events into the status', async () => {
    const { store, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('transportConnected', {});
    sip.emit('registered', { expires: 300 });
    expect(store.getState().registration.status).toBe('registered');
    sip.emit('transportDisconnected', { error: true, code: 1006 });
    expect(store.getState().registration.status).toBe('reconnecting');
    sip.emit('transportConnected', {});
    sip.emit('registered', { expires: 300 });
    expect(store.getState().registration.status).toBe('registered');
    sip.emit('registrationFailed', { cause: SipCause.AUTHENTICATION_ERROR, statusCode: 401 });
    expect(store.getState().registration).toMatchObject({
      status: 'failed',
      failure: 'wrongPassword',
    });
  });

  it('validates before dialling and dials numbers on the account domain', async () => {
    const { store, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('registered', { expires: 300 });

    store.dispatch(dialInputEdited({ text: '010-1234' }));
    store.dispatch(dialSubmitted());
    await settle();
    expect(store.getState().calls.dialProblem).toBe('invalidDomestic');
    expect(sip.agent.call).not.toHaveBeenCalled();

    store.dispatch(dialInputEdited({ text: '010-1234-5678' }));
    store.dispatch(dialSubmitted());
    await settle();
    expect(sip.agent.call).toHaveBeenCalledWith('sip:01012345678@127.0.0.1');
  });

  it('refuses to dial while not registered', async () => {
    const { store, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    store.dispatch(dialInputEdited({ text: '1002' }));
    store.dispatch(dialSubmitted());
    await settle();
    expect(store.getState().calls.dialProblem).toBe('notRegistered');
    expect(sip.agent.call).not.toHaveBeenCalled();
  });

  it('dials a dial:requested link once registration completes', async () => {
    const { store, main, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    main.push('dial:requested', { target: 'sip:1002@127.0.0.1' });
    await settle();
    expect(store.getState().calls.dialInput).toBe('sip:1002@127.0.0.1');
    expect(sip.agent.call).not.toHaveBeenCalled();
    sip.emit('registered', { expires: 300 });
    await until(() => sip.agent.call.mock.calls.length === 1);
    expect(sip.agent.call).toHaveBeenCalledWith('sip:1002@127.0.0.1');
  });

  it('dials a link that arrives before the account is even loaded', async () => {
    const main = fakeSori();
    const sip = fakeSip();
    const store = createAppStore({
      sori: main.sori,
      sip: sip.agent,
      applyLanguage: () => undefined,
      fallbackLanguage: 'en',
      now: () => 0,
    });
    store.dispatch(appStarted());
    main.push('dial:requested', { target: '02-123-4567' });
    await until(() => sip.agent.start.mock.calls.length === 1);
    expect(sip.agent.call).not.toHaveBeenCalled();
    sip.emit('registered', { expires: 300 });
    await until(() => sip.agent.call.mock.calls.length === 1);
    expect(sip.agent.call).toHaveBeenCalledWith('sip:021234567@127.0.0.1');
    expect(store.getState().calls.dialProblem).toBeNull();
  });

  it('auto-answers by policy: a call whose INVITE asks for it (header mode), never one that does not', async () => {
    const { store, sip } = setup({ autoAnswer: { mode: 'header', delaySeconds: 1 } });
    await until(() => store.getState().calls.autoAnswer.mode === 'header');
    sip.emit('registered', { expires: 300 });
    const remote = { uri: 'sip:2004@127.0.0.1', displayName: null };
    sip.emit('callStarted', { callId: 'plain', direction: 'inbound', remote, hints: NO_HINTS });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sip.agent.answer).not.toHaveBeenCalled();
    sip.emit('callEnded', {
      callId: 'plain',
      cause: 'Canceled',
      originator: 'remote',
      established: false,
      statusCode: null,
    });
    sip.emit('callStarted', {
      callId: 'asked',
      direction: 'inbound',
      remote,
      hints: { ...NO_HINTS, answerAfterSeconds: 0 },
    });
    await until(() => sip.agent.answer.mock.calls.length === 1);
    expect(sip.agent.answer).toHaveBeenCalledWith('asked');
  });

  it('ignores malformed push payloads', async () => {
    const { store, main, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    main.push('dial:requested', { target: 42 });
    main.push('settings:languageChanged', { language: 'fr' });
    await settle();
    expect(store.getState().calls.dialInput).toBe('');
    expect(store.getState().settings.language).toBe('ko');
  });

  it('writes the call log in order through a whole incoming call, then refreshes the list', async () => {
    const { store, main, sip, tick } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('registered', { expires: 300 });
    const remote = { uri: 'sip:2001@127.0.0.1', displayName: '고객' };
    sip.emit('callStarted', { callId: 'in-1', direction: 'inbound', remote, hints: NO_HINTS });
    expect(store.getState().calls.byId['in-1']?.phase).toBe('ringing');

    store.dispatch(answerClicked({ callId: 'in-1' }));
    expect(sip.agent.answer).toHaveBeenCalledWith('in-1');
    tick(2000);
    sip.emit('callConfirmed', { callId: 'in-1' });
    tick(5000);
    store.dispatch(hangupClicked({ callId: 'in-1' }));
    expect(sip.agent.hangup).toHaveBeenCalledWith('in-1');
    sip.emit('callEnded', {
      callId: 'in-1',
      cause: SipCause.BYE,
      originator: 'local',
      established: true,
      statusCode: null,
    });

    await until(() => main.channelCalls('callLog:list').length === 2);
    const writes = main.calls.filter(([c]) => /^callLog:(open|markAnswered|close)$/.test(c));
    expect(writes).toEqual([
      [
        'callLog:open',
        { callId: 'in-1', direction: 'inbound', remote, startedAt: 1_700_000_000_000 },
      ],
      ['callLog:markAnswered', { callId: 'in-1', answeredAt: 1_700_000_002_000 }],
      ['callLog:close', { callId: 'in-1', endedAt: 1_700_000_007_000, endReason: 'local_hangup' }],
    ]);
    expect(store.getState().callLog.pendingWrites).toBe(0);
    expect(store.getState().calls.lastEnded).toMatchObject({ endReason: 'local_hangup' });
  });

  it('declines with 603 and turns a second incoming call away as busy', async () => {
    const { store, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    const remote = { uri: 'sip:2001@127.0.0.1', displayName: null };
    sip.emit('callStarted', { callId: 'a', direction: 'inbound', remote, hints: NO_HINTS });
    sip.emit('callStarted', { callId: 'b', direction: 'inbound', remote, hints: NO_HINTS });
    expect(sip.agent.reject).toHaveBeenCalledWith('b', 'busy');
    store.dispatch(declineClicked({ callId: 'a' }));
    expect(sip.agent.reject).toHaveBeenCalledWith('a', 'decline');
  });

  it('asks main to change the language and applies its answer', async () => {
    const { store, main, sip, languages } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    store.dispatch(languageChosen({ preference: 'en' }));
    await until(() => languages.includes('en'));
    expect(main.channelCalls('settings:setLanguage')).toEqual([{ language: 'en' }]);
    main.push('settings:languageChanged', { language: 'ko' });
    await until(() => languages.at(-1) === 'ko');
    expect(store.getState().settings.language).toBe('ko');
  });

  it('on app:willQuit stops SIP, waits for call-log writes, then says ready', async () => {
    const { store, main, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    main.push('app:willQuit', {});
    await until(() => main.channelCalls('app:readyToQuit').length === 1);
    expect(sip.agent.stop).toHaveBeenCalled();
    expect(store.getState().callLog.pendingWrites).toBe(0);
  });

  it('shows IPC failures as error codes instead of throwing', async () => {
    const { store, main, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    main.responses['callLog:list'] = () => {
      throw new Error('bridge gone');
    };
    sip.emit('callStarted', {
      hints: NO_HINTS,
      callId: 'x',
      direction: 'outbound',
      remote: { uri: 'sip:1002@127.0.0.1', displayName: null },
    });
    sip.emit('callEnded', {
      callId: 'x',
      cause: SipCause.BUSY,
      originator: 'remote',
      established: false,
      statusCode: 486,
    });
    await until(() => store.getState().callLog.status === 'failed');
    expect(store.getState().callLog.loadError).toBe('INTERNAL');
  });

  it("hands the policy's PBX proof header to the SIP agent, and reports a PBX-played notice", async () => {
    const { store, main, sip } = setup();
    await until(() => sip.agent.setPbxNoticeProof.mock.calls.length === 1);
    expect(sip.agent.setPbxNoticeProof).toHaveBeenCalledWith('X-Recording-Notice');
    sip.emit('callStarted', {
      hints: NO_HINTS,
      callId: 'in-1',
      direction: 'inbound',
      remote: { uri: 'sip:2002@127.0.0.1', displayName: null },
    });
    sip.emit('callConfirmed', { callId: 'in-1' });
    sip.emit('noticeByPbx', {
      callId: 'in-1',
      language: 'ko',
      header: 'X-Recording-Notice',
      at: 5,
    });
    await until(() => main.channelCalls('notice:report').length === 1);
    expect(main.channelCalls('notice:report')[0]).toEqual({
      outcome: 'pbx_played',
      callId: 'in-1',
      language: 'ko',
      header: 'X-Recording-Notice',
      at: 5,
    });
    expect(store.getState().recordingNotice.byCallId['in-1']).toMatchObject({
      phase: 'done',
      byPbx: true,
    });
  });

  it('loads the recording notices, the UI language first, and hands them to the SIP agent', async () => {
    const { store, main, sip } = setup();
    await until(() => sip.agent.provideNotice.mock.calls.length === 2);
    // Every language: a customer may be greeted in their own (CRM record), not the UI's.
    expect(main.channelCalls('notice:load')).toEqual([{ language: 'ko' }, { language: 'en' }]);
    expect(sip.agent.setNoticeLanguage).toHaveBeenCalledWith('ko');
    const [language, notice] = sip.agent.provideNotice.mock.calls[0]!;
    expect(language).toBe('ko');
    expect(notice.sha256).toBe('a'.repeat(64));
    expect(new TextDecoder().decode(notice.wav)).toBe('RIFF');
    await until(() => store.getState().recordingNotice.library.ko?.status === 'ready');
  });

  it('tells the SIP agent when main refuses the notice file (NOTICE_INVALID)', async () => {
    const main = fakeSori();
    main.responses['notice:load'] = () => ({ errorCode: 'NOTICE_INVALID' });
    const sip = fakeSip();
    const store = createAppStore({
      sori: main.sori,
      sip: sip.agent,
      applyLanguage: () => undefined,
      fallbackLanguage: 'en',
      now: () => 0,
    });
    store.dispatch(appStarted());
    await until(() => sip.agent.refuseNotice.mock.calls.length === 2);
    expect(sip.agent.refuseNotice).toHaveBeenCalledWith('ko', 'invalid');
    expect(sip.agent.refuseNotice).toHaveBeenCalledWith('en', 'invalid');
    expect(sip.agent.provideNotice).not.toHaveBeenCalled();
    expect(store.getState().recordingNotice.library.ko).toEqual({
      status: 'failed',
      failure: 'invalid',
    });
  });

  it("reports each call's notice to main and shows its progress", async () => {
    const { store, main, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('callStarted', {
      hints: NO_HINTS,
      callId: 'n1',
      direction: 'inbound',
      remote: { uri: 'sip:2001@127.0.0.1', displayName: null },
    });
    sip.emit('callConfirmed', { callId: 'n1' });
    expect(store.getState().recordingNotice.byCallId['n1']?.phase).toBe('pending');
    sip.emit('noticeStarted', { callId: 'n1', language: 'ko', durationMs: 7300, startedAt: 10 });
    sip.emit('noticeProgress', { callId: 'n1', percent: 55 });
    expect(store.getState().recordingNotice.byCallId['n1']).toMatchObject({
      phase: 'playing',
      progress: 55,
    });
    const played = {
      callId: 'n1',
      language: 'ko' as const,
      sha256: 'a'.repeat(64),
      startedAt: 10,
      endedAt: 7310,
    };
    sip.emit('noticePlayed', played);
    await until(() => main.channelCalls('notice:report').length === 1);
    expect(main.channelCalls('notice:report')).toEqual([{ outcome: 'played', ...played }]);
    expect(store.getState().recordingNotice.byCallId['n1']?.phase).toBe('done');

    sip.emit('noticeFailed', { callId: 'n2', language: 'en', failure: 'call_ended', at: 99 });
    await until(() => main.channelCalls('notice:report').length === 2);
    expect(main.channelCalls('notice:report')[1]).toEqual({
      outcome: 'failed',
      callId: 'n2',
      language: 'en',
      failure: 'call_ended',
      at: 99,
    });
  });

  it('plays protection messages in order, records them, and starts the rest after 강성종료', async () => {
    const { store, main, sip } = setup();
    await until(() => store.getState().protection.agent.loaded);
    expect(store.getState().protection.agent.abusiveCalls).toBe(3);
    sip.emit('callStarted', {
      hints: NO_HINTS,
      callId: 'p1',
      direction: 'outbound',
      remote: { uri: 'sip:2001@127.0.0.1', displayName: null },
    });
    sip.emit('callConfirmed', { callId: 'p1' });
    // Before the notice is over, no button does anything.
    store.dispatch(protectionStepClicked({ callId: 'p1', step: 'warning1' }));
    await settle();
    expect(sip.agent.playProtectionMessage).not.toHaveBeenCalled();
    sip.emit('noticePlayed', {
      callId: 'p1',
      language: 'ko',
      sha256: 'a'.repeat(64),
      startedAt: 1,
      endedAt: 2,
    });
    // Out of order: 강성종료 before two warnings is ignored.
    store.dispatch(protectionStepClicked({ callId: 'p1', step: 'terminate' }));
    await settle();
    expect(sip.agent.playProtectionMessage).not.toHaveBeenCalled();

    for (const step of ['warning1', 'warning2', 'terminate'] as const) {
      const before = main.channelCalls('protection:recordStep').length;
      store.dispatch(protectionStepClicked({ callId: 'p1', step }));
      await until(() => main.channelCalls('protection:recordStep').length === before + 1);
      await until(() => store.getState().protection.byCallId['p1']?.playing === null);
    }
    expect(sip.agent.playProtectionMessage.mock.calls.map(([, step]) => step)).toEqual([
      'warning1',
      'warning2',
      'terminate',
    ]);
    expect(main.channelCalls('protection:recordStep')[2]).toEqual({
      callId: 'p1',
      step: 'terminate',
      language: 'ko',
      startedAt: 1_000,
      endedAt: 2_500,
    });
    await until(() => store.getState().protection.agent.recoveryUntil !== null);
    expect(store.getState().protection.agent.abusiveCalls).toBe(4);
    expect(sip.agent.setRecoveryUntil).toHaveBeenLastCalledWith(2_500 + 10 * 60_000);
    // While resting, nothing is dialled.
    sip.emit('callEnded', {
      callId: 'p1',
      cause: SipCause.BYE,
      originator: 'local',
      established: true,
      statusCode: null,
    });
    store.dispatch(dialInputEdited({ text: '010-1234-5678' }));
    store.dispatch(dialSubmitted());
    await until(() => store.getState().calls.dialProblem === 'resting');
    expect(sip.agent.call).not.toHaveBeenCalled();
  });

  it('health check: probes every server, reads registration, the microphone, and keeps the run', async () => {
    const { store, main, sip } = setup({
      account: { ...account, wsServers: ['ws://127.0.0.1:8080', 'ws://10.255.0.1:9'] },
    });
    await until(() => sip.agent.start.mock.calls.length === 1);
    store.dispatch(healthCheckRequested());
    expect(store.getState().healthCheck.running).toBe(true);
    await until(() => !store.getState().healthCheck.running);

    expect(sip.agent.probeServer.mock.calls.map(([url]) => url)).toEqual([
      'ws://127.0.0.1:8080',
      'ws://10.255.0.1:9',
    ]);
    // Not registered (the fake never said so): no test call through the relay.
    expect(sip.agent.probeMediaRelay).not.toHaveBeenCalled();
    const [run] = main.channelCalls('healthCheck:record') as Array<{
      items: Array<{ check: string; status: string; code: string }>;
    }>;
    expect(run!.items.map(({ check, status, code }) => `${check} ${status} ${code}`)).toEqual([
      'server ok ok',
      'server failed server_unreachable',
      'registration failed not_registered',
      'microphone failed mic_missing',
      'mediaRelay skipped not_registered',
    ]);
    expect(store.getState().healthCheck).toMatchObject({
      ranThisShift: true,
      last: { id: 7, passed: false },
    });

    // Registered: the test call runs against the policy's test number.
    sip.emit('transportConnected', {});
    sip.emit('registered', { expires: 300 });
    store.dispatch(healthCheckRequested());
    await until(() => main.channelCalls('healthCheck:record').length === 2);
    expect(sip.agent.probeMediaRelay).toHaveBeenCalledWith('sip:echo@127.0.0.1', 10_000);
  });

  it('rings while a call waits to be answered, and stops when it is answered or gone', async () => {
    const { store, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('callStarted', {
      callId: 'in-1',
      direction: 'inbound',
      remote: { uri: 'sip:2001@127.0.0.1', displayName: null },
      hints: NO_HINTS,
    });
    expect(sip.agent.ring.mock.calls).toEqual([[true]]);
    store.dispatch(answerClicked({ callId: 'in-1' }));
    expect(sip.agent.ring.mock.calls).toEqual([[true], [false]]);
    sip.emit('callEnded', {
      callId: 'in-1',
      cause: SipCause.BYE,
      originator: 'remote',
      established: true,
      statusCode: null,
    });
    expect(sip.agent.ring.mock.calls).toEqual([[true], [false]]);
  });

  it('an invalid machine policy keeps calling off; once IT fixes it, the agent registers', async () => {
    const { store, sip, main } = setup();
    const valid = main.responses['policy:get']!;
    const invalid = () => ({
      ...(valid({}) as object),
      status: {
        valid: false,
        file: '/etc/sori-desk/policy.json',
        problems: ['sip.wsServers.0: bad'],
      },
    });
    const credentials = main.responses['account:getCredentials']!;
    main.responses['policy:get'] = invalid;
    main.responses['account:getCredentials'] = () => ({ errorCode: 'POLICY_INVALID' });
    const unsubscribe = store.subscribe(() => undefined);
    await until(() => store.getState().registration.failure === 'policyInvalid');
    expect(sip.agent.start).not.toHaveBeenCalled();
    expect(store.getState().policy.current?.status.problems).toEqual(['sip.wsServers.0: bad']);

    // IT fixes the file: main pushes policy:changed, the window reads it and starts the agent.
    main.responses['policy:get'] = valid;
    main.responses['account:getCredentials'] = credentials;
    main.push('policy:changed', {});
    await until(() => sip.agent.start.mock.calls.length === 1);
    expect(store.getState().policy.current?.status.valid).toBe(true);
    unsubscribe();
  });

  it('a policy change that pins other servers waits for the live call to end before re-registering', async () => {
    const { store, sip, main } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('callStarted', {
      callId: 'in-1',
      direction: 'inbound',
      remote: { uri: 'sip:2001@127.0.0.1', displayName: null },
      hints: NO_HINTS,
    });
    const valid = main.responses['policy:get']!;
    main.responses['policy:get'] = () => ({
      ...(valid({}) as object),
      pinned: { wsServers: ['wss://sip.center.example/ws'] },
    });
    main.push('policy:changed', {});
    await until(() => store.getState().policy.current?.pinned.wsServers !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sip.agent.start).toHaveBeenCalledTimes(1);
    sip.emit('callEnded', {
      callId: 'in-1',
      cause: SipCause.BYE,
      originator: 'remote',
      established: true,
      statusCode: null,
    });
    await until(() => sip.agent.start.mock.calls.length === 2);
  });

  it('monitoring: main verifies each grant before the agent answers; a refused one is turned away', async () => {
    const { store, sip, main } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('monitorRequested', {
      monitorId: 'm-bad',
      callId: 'c1',
      grant: 'bad.x.y',
      mode: 'barge',
    });
    await until(() => sip.agent.refuseMonitor.mock.calls.length === 1);
    expect(sip.agent.acceptMonitor).not.toHaveBeenCalled();
    expect(store.getState().monitoring.monitoredBy).toBeNull();

    sip.emit('monitorRequested', {
      monitorId: 'm1',
      callId: 'c1',
      grant: 'good.x.y',
      mode: 'listen',
    });
    await until(() => sip.agent.acceptMonitor.mock.calls.length === 1);
    expect(sip.agent.acceptMonitor).toHaveBeenCalledWith('m1', 'listen');
    expect(store.getState().monitoring.monitoredBy).toMatchObject({
      leadName: '박팀장',
      mode: 'listen',
    });
    // A switch to whisper with a new grant, checked again against the same call.
    sip.emit('monitorModeRequested', { monitorId: 'm1', grant: 'good.z.w', mode: 'whisper' });
    await until(() => sip.agent.setMonitorMode.mock.calls.length === 1);
    expect(main.channelCalls('monitoring:authorize').at(-1)).toMatchObject({
      callId: 'c1',
      mode: 'whisper',
    });
    // A refused switch keeps the granted mode.
    sip.emit('monitorModeRequested', { monitorId: 'm1', grant: 'bad.z.w', mode: 'barge' });
    await until(() => main.channelCalls('monitoring:authorize').length === 4);
    await settle();
    expect(sip.agent.setMonitorMode).toHaveBeenCalledTimes(1);
    expect(store.getState().monitoring.monitoredBy?.mode).toBe('whisper');

    sip.emit('monitorEnded', { monitorId: 'm1', role: 'agent' });
    await until(() => main.channelCalls('monitoring:ended').length === 1);
    expect(store.getState().monitoring.monitoredBy).toBeNull();
  });

  it('monitoring, lead side: a grant from the centre, then one call; another mode reuses it', async () => {
    const { store, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    store.dispatch(monitorClicked({ agentUri: 'sip:1001@127.0.0.1', mode: 'listen' }));
    await until(() => sip.agent.monitorAgent.mock.calls.length === 1);
    expect(sip.agent.monitorAgent).toHaveBeenCalledWith(
      'sip:1001@127.0.0.1',
      'good.grant.sig',
      'listen',
    );
    sip.emit('monitorStarted', { monitorId: 'mon-1', role: 'lead', mode: 'listen' });
    await until(() => store.getState().monitoring.lead?.status === 'active');
    store.dispatch(monitorClicked({ agentUri: 'sip:1001@127.0.0.1', mode: 'barge' }));
    await until(() => sip.agent.changeMonitorMode.mock.calls.length === 1);
    expect(sip.agent.changeMonitorMode).toHaveBeenCalledWith('mon-1', 'barge', 'good.grant.sig');
    expect(sip.agent.monitorAgent).toHaveBeenCalledTimes(1);
    sip.emit('monitorEnded', { monitorId: 'mon-1', role: 'lead' });
    await until(() => store.getState().monitoring.lead === null);
    expect(store.getState().monitoring.error).toBeNull();
  });

  it('monitoring in PBX feature-code mode: the lead dials the code before the extension, no grant', async () => {
    const { store, sip, main } = setup();
    const endpoint = main.responses['policy:get']!;
    main.responses['policy:get'] = () => ({
      ...(endpoint({}) as object),
      monitoring: {
        indicator: true,
        mode: 'pbx-feature-code',
        featureCodes: { listen: '*222', whisper: '*223', barge: '*224' },
      },
    });
    main.push('policy:changed', {});
    await until(() => store.getState().policy.current?.monitoring.mode === 'pbx-feature-code');
    store.dispatch(monitorClicked({ agentUri: 'sip:1001@127.0.0.1', mode: 'listen' }));
    await until(() => sip.agent.monitorAgent.mock.calls.length === 1);
    expect(sip.agent.monitorAgent).toHaveBeenCalledWith('sip:*2221001@127.0.0.1', null, 'listen');
    expect(main.channelCalls('monitoring:requestGrant')).toHaveLength(0);
    sip.emit('monitorStarted', { monitorId: 'mon-1', role: 'lead', mode: 'listen' });
    await until(() => store.getState().monitoring.lead?.status === 'active');
    // Another mode is another feature code: a new call, then the old one goes.
    sip.agent.monitorAgent.mockResolvedValueOnce('mon-2');
    store.dispatch(monitorClicked({ agentUri: 'sip:1001@127.0.0.1', mode: 'barge' }));
    await until(() => sip.agent.stopMonitoring.mock.calls.length === 1);
    expect(sip.agent.monitorAgent).toHaveBeenLastCalledWith(
      'sip:*2241001@127.0.0.1',
      null,
      'barge',
    );
    expect(sip.agent.stopMonitoring).toHaveBeenCalledWith('mon-1');
    expect(store.getState().monitoring.lead?.monitorId).toBe('mon-2');
  });

  it('the settings meter moves to a microphone picked before its first reading, and stops when hidden', async () => {
    const { store, sip } = setup();
    await until(() => sip.agent.start.mock.calls.length === 1);
    const stops: string[] = [];
    sip.agent.meterMicrophone.mockImplementation(async () => {
      const meter = `meter ${sip.agent.meterMicrophone.mock.calls.length}`;
      return () => {
        stops.push(meter);
      };
    });
    store.dispatch(microphoneMeterStarted());
    await until(() => sip.agent.meterMicrophone.mock.calls.length === 1);
    // No level has come yet: the agent already picks another microphone.
    store.dispatch(audioDeviceChosen({ kind: 'microphone', choice: { id: 'usb', label: 'USB' } }));
    await until(() => sip.agent.meterMicrophone.mock.calls.length === 2 && stops.length === 1);
    expect(stops).toEqual(['meter 1']);
    store.dispatch(microphoneMeterStopped());
    await until(() => stops.length === 2);
    expect(stops).toEqual(['meter 1', 'meter 2']);
    // Hidden: picking another microphone does not open it.
    store.dispatch(audioDeviceChosen({ kind: 'microphone', choice: null }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sip.agent.meterMicrophone.mock.calls).toHaveLength(2);
  });
});

/** The window's keydowns, as the hotkeys listener hears them (a Windows keyboard). */
function fakeKeyboard() {
  const listeners = new Set<(press: KeyPress) => void>();
  const keyboard: KeyboardSource = {
    mac: false,
    onKeyDown(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  /** Presses a key; true when the hotkeys kept it from the page (it was a hotkey). */
  const press = (code: string, options: Partial<KeyPress> = {}): boolean => {
    let kept = false;
    const event: KeyPress = {
      code,
      key: code.replace(/^Key/, '').toLowerCase(),
      ctrlKey: false,
      altKey: false,
      shiftKey: false,
      metaKey: false,
      repeat: false,
      preventDefault: () => (kept = true),
      stopPropagation: () => undefined,
      ...options,
    };
    listeners.forEach((listener) => listener(event));
    return kept;
  };
  return { keyboard, press };
}

describe('hotkeys (with a fake bridge, SIP agent and keyboard)', () => {
  const ctrlAlt = { ctrlKey: true, altKey: true };
  const remote = { uri: 'sip:2001@127.0.0.1', displayName: null };

  async function setupWithKeyboard() {
    const main = fakeSori();
    const sip = fakeSip();
    const keys = fakeKeyboard();
    const store = createAppStore({
      sori: main.sori,
      sip: sip.agent,
      applyLanguage: () => undefined,
      fallbackLanguage: 'en',
      now: () => 1_000,
      keyboard: keys.keyboard,
    });
    store.dispatch(appStarted());
    await until(() => store.getState().hotkeys.bindings !== null);
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('transportConnected', {});
    sip.emit('registered', { expires: 300 });
    return { store, main, sip, keys };
  }

  it("press the buttons' actions on the call the buttons act on, only where they are enabled", async () => {
    const { store, main, sip, keys } = await setupWithKeyboard();
    sip.emit('callStarted', { callId: 'in-1', direction: 'inbound', remote, hints: NO_HINTS });

    // Typing a note: letters without Ctrl or Alt are never hotkeys, and reach the page.
    for (const code of ['KeyA', 'KeyH', 'KeyM', 'KeyP']) expect(keys.press(code), code).toBe(false);
    expect(keys.press('KeyA', { shiftKey: true, key: 'A' })).toBe(false);
    expect(sip.agent.answer).not.toHaveBeenCalled();
    expect(sip.agent.reject).not.toHaveBeenCalled();

    // 받기, whatever the IME made of the letter (한글 mode: ㅁ).
    expect(keys.press('KeyA', { ...ctrlAlt, key: 'ㅁ' })).toBe(true);
    expect(sip.agent.answer).toHaveBeenCalledWith('in-1');
    sip.emit('callConfirmed', { callId: 'in-1' });

    // During the recording notice 음소거 and 보류 are disabled: their keys do nothing either.
    expect(keys.press('KeyM', ctrlAlt)).toBe(true);
    expect(keys.press('KeyP', ctrlAlt)).toBe(true);
    expect(sip.agent.setMuted).not.toHaveBeenCalled();
    expect(sip.agent.hold).not.toHaveBeenCalled();
    sip.emit('noticePlayed', {
      callId: 'in-1',
      language: 'ko',
      sha256: 'a'.repeat(64),
      startedAt: 1,
      endedAt: 2,
    });
    await until(() => selectCallControls(store.getState()).canMute);

    keys.press('KeyM', ctrlAlt);
    expect(sip.agent.setMuted).toHaveBeenLastCalledWith('in-1', true);
    // Held down, the key repeats: still one toggle.
    expect(keys.press('KeyM', { ...ctrlAlt, repeat: true })).toBe(true);
    expect(sip.agent.setMuted).toHaveBeenCalledTimes(1);
    keys.press('KeyM', ctrlAlt);
    expect(sip.agent.setMuted).toHaveBeenLastCalledWith('in-1', false);

    keys.press('KeyP', ctrlAlt);
    expect(sip.agent.hold).toHaveBeenCalledWith('in-1');
    await until(() => store.getState().calls.byId['in-1']?.hold === 'held');
    keys.press('KeyP', ctrlAlt);
    expect(sip.agent.resume).toHaveBeenCalledWith('in-1');
    await until(() => store.getState().calls.byId['in-1']?.hold === 'none');

    // A global hotkey (Electron's globalShortcut, pushed by main) acts like the key in the window.
    main.push('hotkey:pressed', { action: 'launch' });
    expect(sip.agent.hangup).not.toHaveBeenCalled();
    main.push('hotkey:pressed', { action: 'hangUp' });
    expect(sip.agent.hangup).toHaveBeenCalledWith('in-1');
  });

  it('끊기 declines a call ringing alone; a recorded key is saved with the others and replaces the old one', async () => {
    const { store, main, sip, keys } = await setupWithKeyboard();
    sip.emit('callStarted', { callId: 'in-1', direction: 'inbound', remote, hints: NO_HINTS });
    keys.press('KeyH', ctrlAlt);
    expect(sip.agent.reject).toHaveBeenCalledWith('in-1', 'decline');
    sip.emit('callEnded', {
      callId: 'in-1',
      cause: SipCause.REJECTED,
      originator: 'local',
      established: false,
      statusCode: null,
    });

    // While settings records a key, every key is the recorder's.
    store.dispatch(hotkeyRecordingStarted({ action: 'answer' }));
    expect(keys.press('KeyH', ctrlAlt)).toBe(false);
    store.dispatch(hotkeyRecorded({ action: 'answer', accelerator: 'CommandOrControl+Alt+H' }));
    expect(store.getState().hotkeys.problem).toEqual({
      action: 'answer',
      problem: { kind: 'conflict', with: 'hangUp' },
    });
    // Electron: the OS takes a bound key before the page; pressed while recording, it is the
    // combination asked for (here 보류's, so refused the same way).
    store.dispatch(hotkeyRecordingStarted({ action: 'mute' }));
    main.push('hotkey:pressed', { action: 'hold' });
    expect(store.getState().hotkeys.problem).toEqual({
      action: 'mute',
      problem: { kind: 'conflict', with: 'hold' },
    });
    expect(sip.agent.hold).not.toHaveBeenCalled();
    expect(main.channelCalls('hotkeys:set')).toEqual([]);

    store.dispatch(hotkeyRecordingStarted({ action: 'answer' }));
    store.dispatch(hotkeyRecorded({ action: 'answer', accelerator: 'ctrl+alt+j' }));
    await until(() => store.getState().hotkeys.bindings?.answer === 'Control+Alt+J');
    expect(main.channelCalls('hotkeys:set')).toEqual([
      { ...DEFAULT_HOTKEYS, answer: 'Control+Alt+J' },
    ]);

    sip.emit('callStarted', { callId: 'in-2', direction: 'inbound', remote, hints: NO_HINTS });
    expect(keys.press('KeyA', ctrlAlt)).toBe(false);
    expect(sip.agent.answer).not.toHaveBeenCalled();
    expect(keys.press('KeyJ', ctrlAlt)).toBe(true);
    expect(sip.agent.answer).toHaveBeenCalledWith('in-2');
  });

  it('notifies each ringing call on the desktop; a click answers it, and it goes when answered', async () => {
    const desktop = fakeNotifier();
    const { store, sip } = setup({ notifier: desktop.notifier });
    await until(() => sip.agent.start.mock.calls.length === 1);
    sip.emit('callStarted', {
      callId: 'in-1',
      direction: 'inbound',
      remote: { uri: 'sip:01012345678@127.0.0.1', displayName: '김고객' },
      hints: NO_HINTS,
    });
    expect([...desktop.shown.keys()]).toEqual(['in-1']);
    desktop.shown.get('in-1')!();
    await until(() => sip.agent.answer.mock.calls.length === 1);
    expect(sip.agent.answer).toHaveBeenCalledWith('in-1');
    expect(store.getState().calls.byId['in-1']?.phase).toBe('answering');
    expect(desktop.dismissed).toEqual(['in-1']);
    // A late second click on the same notification does nothing more.
    desktop.shown.get('in-1')!();
    expect(sip.agent.answer).toHaveBeenCalledTimes(1);
  });

  it('headset buttons: lifting answers the ringing call, putting down hangs up; lights follow', async () => {
    const gestures = new Set<(gesture: HeadsetGesture) => void>();
    const lights: HeadsetLights[] = [];
    const headset: HeadsetSource = {
      supported: true,
      connect: async () => 'Jabra Test',
      reconnect: async () => 'Jabra Test',
      onGesture: (listener) => {
        gestures.add(listener);
        return () => gestures.delete(listener);
      },
      onDisconnect: () => () => undefined,
      setLights: (next) => void lights.push(next),
    };
    const press = (gesture: HeadsetGesture) => gestures.forEach((listener) => listener(gesture));
    const { store, sip } = setup({ headset });
    await until(() => store.getState().headset.deviceName === 'Jabra Test');
    // Lifting the headset with nothing ringing does nothing.
    press('offHook');
    expect(sip.agent.answer).not.toHaveBeenCalled();

    sip.emit('callStarted', {
      callId: 'in-1',
      direction: 'inbound',
      remote: { uri: 'sip:2001@127.0.0.1', displayName: null },
      hints: NO_HINTS,
    });
    expect(lights.at(-1)).toEqual({ offHook: false, ring: true, mute: false });
    press('offHook');
    await until(() => sip.agent.answer.mock.calls.length === 1);
    sip.emit('callConfirmed', { callId: 'in-1' });
    expect(lights.at(-1)).toEqual({ offHook: true, ring: false, mute: false });
    press('onHook');
    await until(() => sip.agent.hangup.mock.calls.length === 1);
    expect(sip.agent.hangup).toHaveBeenCalledWith('in-1');
  });
});
