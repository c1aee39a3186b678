import { UA, WebSocketInterface, debug as jssipDebug, type URI } from 'jssip';
import type { IncomingEvent, OutgoingEvent, RTCSession } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import type { DTMF_TRANSPORT } from 'jssip/lib/Constants';
import type {
  AudioDevices,
  Language,
  NoticeFailure,
  ProtectionStep,
  SipCredentials,
} from '../../preload/contract';
import { sanitizeDisplayName, sanitizeUri, STORED_NAME_MAX } from '../shared/displayText';
import { callerHints } from './callerHints';
import { isTransientRegistrationFailure, AppCause, SipCause } from './causes';
import type { NoticeLibrary } from './noticeLibrary';
import { noticeLibrary, protectionMessages } from './notices';
import { CallRecorder } from './callRecorder';
import { reinviteHold, reinviteIceRestart } from './holdReinvite';
import { probeMicrophone, probeServer, relayStats } from './healthProbes';
import { OutgoingAudio } from './outgoingAudio';
import { Monitoring } from './monitoring';
import { QualityMonitor } from './qualityMonitor';
import { listAudioDevices } from './audioDevices';
import { meterMicrophone, playTestTone } from './microphoneMeter';
import { resolveDevice, type AudioDeviceInfo, type ResolvedDevice } from './deviceChoice';
import { Ringer, ringer as sharedRinger } from './ringer';
import { jssipKeepaliveTarget } from './jssipTransport';
import { SignallingKeepalive } from './keepalive';
import { isFinalStep, type ProtectionMessages } from './protectionMessages';
import { attachRemoteAudio, detachRemoteAudio } from './remoteAudio';
import { sessionRegistry, type CallMedia, type SessionRegistry } from './sessionRegistry';
import {
  MicrophoneUnavailableError,
  type CallerHints,
  type HoldOutcome,
  type MediaNetwork,
  type MediaRelayProbe,
  type MicrophoneProbe,
  type ServerProbe,
  type TransferOutcome,
  type MessagePlayback,
  type MonitorMode,
  type RecordingSink,
  type SipAgentEventMap,
  type SipAgentEventName,
  type SipAgentListener,
  type SipAgentPort,
  type SipStartOptions,
} from './sipTypes';

// JsSIP's debug output would print SIP messages, and with them digest responses: keep it off.
jssipDebug.disable();

/** ICE gathering cap until the policy says otherwise (see setMediaNetwork). */
const DEFAULT_ICE_GATHERING_CAP_MS = 2000;
/** Keepalive interval until the policy says otherwise (see setKeepaliveInterval). */
const DEFAULT_KEEPALIVE_MS = 30_000;
/** Reconnection back-off after the WebSocket drops (e.g. the SIP server restarted), in seconds. */
const RECOVERY_MIN_INTERVAL = 2;
const RECOVERY_MAX_INTERVAL = 10;
/** Registration refresh interval asked of the registrar, in seconds. */
const REGISTER_EXPIRES = 300;
/** After a transient registration failure (timeout, 5xx) while connected, try again after this. */
const REGISTER_RETRY_MS = 10_000;
/**
 * How long a blind transfer may take to report: the target rings (a PBX's no-answer timer is
 * typically 20-30 s) before the customer's phone sends the final NOTIFY.
 */
const TRANSFER_TIMEOUT_MS = 45_000;
/** JsSIP's accept() of an incoming REFER: places the referred call with these options. */
type ReferAccept = (
  initCallback: (session: RTCSession) => void,
  options: {
    mediaStream: MediaStream;
    pcConfig: RTCConfiguration;
    rtcOfferConstraints: { offerToReceiveAudio: boolean; offerToReceiveVideo: boolean };
  },
) => void;

/** How long stop() waits for the un-REGISTER to be answered. */
const STOP_WAIT_MS = 2_000;

/**
 * Resolves true once the call's media path is up (ICE and DTLS connected), so the notice starts
 * when the customer can hear it; false when the connection gave up instead (then nobody would
 * hear the notice, so it is not played and, when the call ends, reported as call_ended).
 */
function mediaConnected(pc: RTCPeerConnection | undefined): Promise<boolean> {
  if (!pc) return Promise.resolve(false);
  if (pc.connectionState === 'connected') return Promise.resolve(true);
  return new Promise((resolve) => {
    const check = () => {
      if (['connected', 'failed', 'closed'].includes(pc.connectionState)) {
        pc.removeEventListener('connectionstatechange', check);
        resolve(pc.connectionState === 'connected');
      }
    };
    pc.addEventListener('connectionstatechange', check);
  });
}

const statusCodeOf = (message: unknown): number | null => {
  if (message && typeof message === 'object' && 'status_code' in message) {
    const code = (message as { status_code: unknown }).status_code;
    return typeof code === 'number' ? code : null;
  }
  return null;
};

/**
 * The softphone's SIP user agent: one JsSIP UA per started account, its calls kept in the
 * session registry, and plain typed events out (see SipAgentEventMap). Nothing it emits
 * contains a JsSIP object, and nothing outside renderer/sip ever sees one.
 */
export class SipAgent implements SipAgentPort {
  private ua: UA | null = null;
  private micProcessing = true;
  private dtmfMode: SipCredentials['dtmfMode'] = 'rfc4733';
  /** The account's SIP domain: a transfer may only send this agent's phone to it. */
  private ownDomain: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** The default notice language (the UI's); a call's customer may have their own. */
  private noticeLanguage: Language = 'ko';
  private pbxProofHeader: string | null = null;
  private customerIdHeader: string | null = null;
  /** No STUN by default: the agent and the SIP server share a network (machine policy). */
  private media: MediaNetwork = {
    stunServers: [],
    iceGatheringCapMs: DEFAULT_ICE_GATHERING_CAP_MS,
  };
  /** The customer's own language for a call, from their CRM record (screen pop). */
  private readonly callLanguages = new Map<string, Language>();
  /** End of the agent's rest after an abusive call (epoch ms), or null. */
  private recoveryUntil: number | null = null;
  private recordingSink: RecordingSink | null = null;
  /** Inbound calls are offered only while the agent is Ready (대기); a shift starts in 이석. */
  private inboundOffered = false;
  private readonly answering = new Set<string>();
  /** Calls whose ICE restart re-INVITE is out. */
  private readonly restartingIce = new Set<string>();
  /** Pings the server so a dead connection is found (see keepalive.ts); one per UA. */
  private keepalive: SignallingKeepalive | null = null;
  private keepaliveMs = DEFAULT_KEEPALIVE_MS;
  /** The agent's devices (null: system default); see setAudioDevices. */
  private devices: AudioDevices = { microphone: null, speaker: null, ringer: null };
  /** Chosen devices that are not present now (the agent has been told). */
  private readonly missingDevices = new Set<keyof AudioDevices>();
  /** Live quality sampling of connected calls, by call id. */
  private readonly qualityMonitors = new Map<string, QualityMonitor>();
  /** Set while ua.call() places a health-check test call: that session is not a call to track. */
  private placingProbe = false;
  /** Team-lead monitoring calls, both sides (issue #8). */
  private readonly monitoring: Monitoring;
  /** INVITEs with Replaces we accepted, until JsSIP reports their new session. */
  private readonly replacing = new WeakSet<object>();
  private readonly listeners = new Map<SipAgentEventName, Set<(payload: never) => void>>();

  constructor(
    private readonly registry: SessionRegistry = sessionRegistry,
    private readonly notices: NoticeLibrary<AudioBuffer> = noticeLibrary,
    private readonly messages: ProtectionMessages<AudioBuffer> = protectionMessages,
    private readonly ringer: Ringer = sharedRinger,
  ) {
    this.monitoring = new Monitoring({
      registry,
      ua: () => this.ua,
      pcConfig: () => this.pcConfig(),
      openMicrophone: async () =>
        navigator.mediaDevices.getUserMedia({
          audio: this.audioConstraints((await this.resolveDevice('microphone')).deviceId),
          video: false,
        }),
      routeToSpeaker: (element) =>
        void this.resolveDevice('speaker').then(({ deviceId }) => routeAudio(element, deviceId)),
      emit: (event, payload) => this.emit(event, payload),
    });
    // A headset unplugged or plugged in: calls move to what is there (see onDevicesChanged).
    if (typeof navigator !== 'undefined' && navigator.mediaDevices) {
      navigator.mediaDevices.addEventListener('devicechange', () => void this.onDevicesChanged());
    }
    // The network changed (Wi-Fi to cable, VPN up, a new address): every call's media path may
    // be gone, so each gets fresh ICE candidates at once rather than after a silence.
    if (typeof window !== 'undefined') {
      const networkChanged = () => {
        for (const [callId] of this.registry.entries())
          void this.restartIce(callId, 'networkChange');
      };
      window.addEventListener('online', networkChanged);
      (navigator as { connection?: EventTarget }).connection?.addEventListener?.(
        'change',
        networkChanged,
      );
    }
  }

  on<E extends SipAgentEventName>(event: E, listener: SipAgentListener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  private emit<E extends SipAgentEventName>(event: E, payload: SipAgentEventMap[E]): void {
    this.listeners.get(event)?.forEach((listener) => {
      try {
        (listener as SipAgentListener<E>)(payload);
      } catch (error) {
        console.error('sip listener failed', event, error);
      }
    });
  }

  /**
   * Creates the UA for these credentials and starts it: connect the WebSocket(s), REGISTER, and
   * re-REGISTER every time the socket comes back (JsSIP does this on 'connected' because
   * `register` is true; the recovery intervals keep reconnection quick after a server restart).
   * A UA already running is stopped first.
   */
  start(credentials: SipCredentials, options: SipStartOptions): void {
    if (this.ua) void this.shutdown(this.ua);
    this.micProcessing = options.micProcessing;
    this.dtmfMode = credentials.dtmfMode;
    this.ownDomain =
      /^sips?:[^@]+@([^;:>?]+)/i.exec(credentials.sipUri)?.[1]?.toLowerCase() ?? null;
    let ua: UA;
    try {
      ua = new UA({
        // Failover in the order the servers are listed: JsSIP connects to the highest weight it
        // has not seen fail (equal weights would pick at random), and moves down the list when
        // a server drops.
        sockets: credentials.wsServers.map((url, index, all) => ({
          socket: new WebSocketInterface(url),
          weight: all.length - index,
        })),
        uri: credentials.sipUri,
        password: credentials.password,
        display_name: credentials.displayName,
        register: true,
        register_expires: REGISTER_EXPIRES,
        // RFC 4028 session timers: the call is refreshed every 45 s (half of 90), so proxies
        // and NATs keep its dialog and a call whose far end vanished ends instead of lingering.
        // Refreshes go as re-INVITE: many phones (baresip among them) do not take UPDATE.
        session_timers: true,
        session_timers_refresh_method: 'invite',
        user_agent: `SoriDesk/${options.appVersion}`,
        connection_recovery_min_interval: RECOVERY_MIN_INTERVAL,
        connection_recovery_max_interval: RECOVERY_MAX_INTERVAL,
      });
    } catch (error) {
      // Never log the error object itself: a configuration error can quote the settings.
      const name = error instanceof Error ? error.name : 'unknown';
      this.emit('startFailed', {
        reason: name === 'CONFIGURATION_ERROR' ? 'configuration' : 'internal',
      });
      return;
    }
    this.ua = ua;
    const current = () => this.ua === ua;

    ua.on(
      'connecting',
      (e) => current() && this.emit('transportConnecting', { attempts: e.attempts }),
    );
    ua.on('connected', () => current() && this.emit('transportConnected', {}));
    ua.on('disconnected', (e) => {
      if (!current()) return;
      this.clearRetry();
      this.emit('transportDisconnected', { error: Boolean(e.error), code: e.code ?? null });
    });
    ua.on('registered', (e) => {
      if (!current()) return;
      this.clearRetry();
      const expires = Number(e.response?.getHeader?.('Expires'));
      this.emit('registered', {
        expires: Number.isFinite(expires) && expires > 0 ? expires : null,
      });
    });
    ua.on('unregistered', () => current() && this.emit('unregistered', {}));
    ua.on('registrationFailed', (e) => {
      if (!current()) return;
      const cause = String(e.cause ?? 'unknown');
      const statusCode = statusCodeOf(e.response);
      this.emit('registrationFailed', { cause, statusCode });
      if (isTransientRegistrationFailure(cause, statusCode)) this.scheduleRetry(ua);
    });
    ua.on('newRTCSession', (e: RTCSessionEvent) => {
      if (!current()) {
        e.session.terminate();
        return;
      }
      const inbound = e.originator === 'remote';
      // The health check's test call: no notice, no recording, not a call the agent sees.
      if (!inbound && this.placingProbe) return;
      // A team lead's monitoring call (issue #8): never rings, never a call of the agent's own;
      // handled whatever the agent state (the agent is on the call it monitors).
      if (!inbound && this.monitoring.placing) return;
      if (inbound && this.monitoring.offer(e.session, e.request)) return;
      // An INVITE with Replaces takes over a call this agent is already on (another party's
      // attended transfer lands on this agent's call). It is accepted in track()'s 'replaces'
      // handler and answered at once: it never rings, whatever the agent state.
      const replacing = inbound && this.replacing.delete(e.request as unknown as object);
      if (replacing) {
        this.track(e.session, 'inbound', false, callerHints(e.request, this.customerIdHeader));
        this.answer(e.session.id);
        return;
      }
      if (inbound && (this.resting() || !this.inboundOffered)) {
        // The agent rests after an abusive call: the call is refused before it rings (no 180, no
        // popup). 480 Temporarily Unavailable, not 486 Busy Here: the agent is not on a call but
        // unavailable for a while, which a PBX/ACD reads as "try another agent" rather than
        // "this line is busy"; it is also what the app answers when it cannot take a call at all
        // (no microphone). The same when the agent is not Ready (이석, 후처리).
        e.session.terminate({ status_code: 480, reason_phrase: 'Temporarily Unavailable' });
        return;
      }
      // The PBX's proof arrives on an incoming INVITE; on an outgoing call, in the answer (see track).
      const pbxPlayedNotice = inbound && this.carriesPbxProof(e.request);
      const hints = inbound
        ? callerHints(e.request, this.customerIdHeader)
        : { assertedUri: null, customerId: null, answerAfterSeconds: null };
      this.track(e.session, inbound ? 'inbound' : 'outbound', pbxPlayedNotice, hints);
    });
    ua.start();
    if (this.ownDomain) {
      this.keepalive = new SignallingKeepalive(
        jssipKeepaliveTarget(ua, this.ownDomain),
        () => this.keepaliveMs,
        (reason) =>
          current() && this.emit('keepaliveFailed', { reason, intervalMs: this.keepaliveMs }),
      );
      this.keepalive.start();
    }
  }

  setKeepaliveInterval(ms: number): void {
    this.keepaliveMs = ms;
  }

  private scheduleRetry(ua: UA): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.ua === ua && ua.isConnected() && !ua.isRegistered()) ua.register();
    }, REGISTER_RETRY_MS);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Whether a SIP message carries the header the policy names with the value `played`. */
  private carriesPbxProof(
    message: { getHeader(name: string): string | undefined } | null | undefined,
  ): boolean {
    const header = this.pbxProofHeader;
    return header !== null && message?.getHeader(header)?.trim().toLowerCase() === 'played';
  }

  /** Registers a new session and turns its JsSIP events into agent events. */
  private track(
    session: RTCSession,
    direction: 'inbound' | 'outbound',
    pbxPlayedNotice = false,
    hints: CallerHints = { assertedUri: null, customerId: null, answerAfterSeconds: null },
  ): void {
    const callId = session.id;
    const entry = this.registry.add(callId, session);
    this.capIceGathering(session, callId);
    // The notice is in the language known when the call began (see setNoticeLanguage).
    const language = this.noticeLanguage;

    const watchPeerConnection = (pc: RTCPeerConnection) => {
      // ICE gave up on the media path (the network changed under the call): restart it.
      pc.addEventListener('iceconnectionstatechange', () => {
        if (pc.iceConnectionState === 'failed') void this.restartIce(callId, 'iceFailed');
      });
      pc.addEventListener('track', (event) => {
        if (event.track.kind !== 'audio') return;
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        entry.remoteStream = stream;
        const element = attachRemoteAudio(callId, stream);
        entry.audioElement = element;
        void this.resolveDevice('speaker').then(({ deviceId }) => routeAudio(element, deviceId));
      });
    };
    // Outgoing calls already have their RTCPeerConnection here; incoming ones get it on answer.
    if (session.connection) watchPeerConnection(session.connection);
    session.on('peerconnection', (e) => watchPeerConnection(e.peerconnection));

    session.on('progress', (e: IncomingEvent | OutgoingEvent) => {
      if (e.originator !== 'remote') return; // our own 180 Ringing for an incoming call
      this.emit('callProgress', {
        callId,
        statusCode: statusCodeOf('response' in e ? e.response : null),
      });
    });
    // An outgoing call that a PBX connects may have had the notice played by the PBX when the
    // customer picked up; its 200 OK then carries the proof.
    let pbxProof = pbxPlayedNotice;
    session.on('accepted', (e: IncomingEvent | OutgoingEvent) => {
      if (direction === 'outbound' && 'response' in e && this.carriesPbxProof(e.response)) {
        pbxProof = true;
      }
    });
    session.on('confirmed', () => {
      this.emit('callConfirmed', { callId });
      this.monitorQuality(callId, session);
      void this.startRecording(callId, entry);
      const header = this.pbxProofHeader;
      // The customer's language when the screen pop found it by now, else the default.
      const noticeLanguage = this.callLanguages.get(callId) ?? language;
      if (pbxProof && header) this.acceptPbxNotice(callId, entry, noticeLanguage, header);
      else void this.playNotice(callId, entry, noticeLanguage);
    });
    const finish =
      (established: boolean) => (e: { cause: string; originator: string; message: unknown }) => {
        this.release(callId, entry, language);
        this.emit('callEnded', {
          callId,
          cause: entry.localFailureCause ?? String(e.cause),
          originator:
            e.originator === 'remote' || e.originator === 'system' ? e.originator : 'local',
          established,
          statusCode: statusCodeOf(e.message),
        });
      };
    session.on('ended', finish(true));
    session.on('failed', finish(false));
    // Attended transfer, target side: the transferring agent asks us (on its consult call with us)
    // to call the customer with Replaces, taking over its call with them. Only that: a REFER
    // without Replaces, or to another domain than ours, is refused (a caller must not be able to
    // make the agent's phone dial anywhere).
    session.on('refer', (e) => {
      const referTo = (e.request as { refer_to?: { uri?: URI } }).refer_to?.uri;
      const ownDomain = this.ownDomain;
      if (
        !referTo?.hasHeader('replaces') ||
        !ownDomain ||
        referTo.host.toLowerCase() !== ownDomain
      ) {
        (e.reject as () => void)();
        return;
      }
      void this.callReplacing(e.accept as ReferAccept);
    });
    // An INVITE with Replaces for this call (someone completed an attended transfer onto it):
    // the new call takes its place, and JsSIP ends this one once the new one is confirmed. No e2e
    // covers this side yet: baresip 1.0 cannot send such an INVITE (see issue #6 notes).
    session.on('replaces', (e) => {
      this.replacing.add(e.request);
      (e.accept as () => void)();
    });

    const identity = session.remote_identity;
    this.emit('callStarted', {
      callId,
      direction,
      remote: {
        uri: sanitizeUri(identity?.uri?.toString() ?? ''),
        displayName: sanitizeDisplayName(identity?.display_name ?? null, STORED_NAME_MAX),
      },
      hints,
    });
  }

  /**
   * The recording notice of an answered call: once the media path is up and the notice audio is
   * known, play it to the customer; open the microphone only when it has played to its end.
   * Without a notice, the microphone stays closed for the whole call.
   */
  private async playNotice(callId: string, entry: CallMedia, language: Language): Promise<void> {
    if (this.registry.notice(callId)) return;
    this.registry.setNotice(callId, { phase: 'pending', startedAt: null, endedAt: null });
    const [lookup, connected] = await Promise.all([
      this.notices.get(language),
      mediaConnected(entry.session.connection),
    ]);
    if (this.registry.get(callId) !== entry) return; // ended meanwhile: release() reported it
    if (!connected) return; // no voice path: stays pending (microphone closed) until the call ends
    const outgoing = entry.outgoing;
    if (!lookup.ok || !outgoing) {
      this.failNotice(callId, language, lookup.ok ? 'unavailable' : lookup.failure);
      return;
    }
    const { notice } = lookup;
    const playback = outgoing.playNotice(notice.buffer, (percent) =>
      this.emit('noticeProgress', { callId, percent }),
    );
    const startedAt = Date.now();
    this.registry.setNotice(callId, { phase: 'playing', startedAt, endedAt: null });
    this.emit('noticeStarted', {
      callId,
      language,
      durationMs: Math.round(notice.buffer.duration * 1000),
      startedAt,
    });
    const played = await playback;
    if (!played || this.registry.get(callId) !== entry) return;
    outgoing.openMicrophone();
    this.registry.setNotice(callId, { phase: 'done', ...played });
    this.emit('noticePlayed', { callId, language, sha256: notice.sha256, ...played });
  }

  /** The PBX proved it played the notice on this call: no notice from the app, microphone open. */
  private acceptPbxNotice(
    callId: string,
    entry: CallMedia,
    language: Language,
    header: string,
  ): void {
    if (this.registry.notice(callId) || !entry.outgoing) return;
    entry.outgoing.openMicrophoneAfterPbxNotice();
    this.registry.setNotice(callId, { phase: 'done', startedAt: null, endedAt: null });
    this.emit('noticeByPbx', { callId, language, header, at: Date.now() });
  }

  private failNotice(callId: string, language: Language, failure: NoticeFailure): void {
    const previous = this.registry.notice(callId);
    this.registry.setNotice(callId, {
      phase: 'failed',
      startedAt: previous?.startedAt ?? null,
      endedAt: null,
    });
    this.emit('noticeFailed', { callId, language, failure, at: Date.now() });
  }

  private release(callId: string, entry: CallMedia, language: Language): void {
    const notice = this.registry.notice(callId);
    if (notice && (notice.phase === 'pending' || notice.phase === 'playing')) {
      this.failNotice(callId, language, 'call_ended');
    }
    this.qualityMonitors.get(callId)?.stop();
    this.qualityMonitors.delete(callId);
    // A lead monitoring this call is cut off with it.
    this.monitoring.callEnded(callId);
    // Stop first: the recorder flushes its last chunk before the graph it records is closed.
    void entry.recorder?.stop();
    entry.recorder = null;
    entry.outgoing?.close();
    entry.outgoing = null;
    this.answering.delete(callId);
    this.callLanguages.delete(callId);
    detachRemoteAudio(entry.audioElement);
    entry.audioElement = null;
    entry.remoteStream = null;
    this.registry.delete(callId);
  }

  /** Samples the call's quality from its getStats() until it ends; paused while held. */
  private monitorQuality(callId: string, session: RTCSession): void {
    const pc = session.connection;
    if (!pc || this.qualityMonitors.has(callId)) return;
    const held = () => {
      const hold = session.isOnHold();
      return hold.local || hold.remote;
    };
    const monitor = new QualityMonitor(pc, held, (sample, verdict) =>
      this.emit('callQuality', {
        callId,
        mos: sample.mos,
        rttMs: sample.rttMs,
        jitterMs: sample.jitterMs,
        lossFraction: sample.lossFraction,
        receiving: sample.receiving,
        level: verdict.level,
        levelChanged: verdict.changed,
      }),
    );
    this.qualityMonitors.set(callId, monitor);
    monitor.start();
  }

  /**
   * Records an answered call, both sides, from the moment it is answered (so the recording holds
   * the notice the customer heard), when the policy records calls.
   */
  private async startRecording(callId: string, entry: CallMedia): Promise<void> {
    const sink = this.recordingSink;
    if (!sink || !entry.outgoing || entry.recorder) return;
    const stream = entry.outgoing.recordingStream(entry.remoteStream);
    const recorder = await CallRecorder.start(callId, stream, sink, {
      onPaused: () => this.emit('recordingPaused', { callId }),
      onResumed: () => this.emit('recordingResumed', { callId }),
      onStopped: () => this.emit('recordingStopped', { callId }),
      onFailed: (reason) => this.emit('recordingFailed', { callId, reason }),
    });
    if (!recorder) return;
    if (this.registry.get(callId) !== entry || entry.session.isEnded()) {
      void recorder.stop(); // the call ended while main opened the file
      return;
    }
    entry.recorder = recorder;
    this.emit('recordingStarted', { callId });
  }

  setRecordingSink(sink: RecordingSink | null): void {
    this.recordingSink = sink;
  }

  async pauseRecording(callId: string): Promise<void> {
    await this.registry.get(callId)?.recorder?.pause();
  }

  async resumeRecording(callId: string): Promise<void> {
    await this.registry.get(callId)?.recorder?.resume();
  }

  private resting(): boolean {
    return this.recoveryUntil !== null && Date.now() < this.recoveryUntil;
  }

  setInboundOffered(offered: boolean): void {
    this.inboundOffered = offered;
  }

  setRecoveryUntil(until: number | null): void {
    this.recoveryUntil = until;
  }

  hasProtectionMessage(language: Language, step: ProtectionStep): boolean {
    return this.messages.has(language, step);
  }

  provideProtectionMessage(
    language: Language,
    step: ProtectionStep,
    message: { sha256: string; wav: ArrayBuffer },
  ): Promise<void> {
    return this.messages.provide(language, step, message.sha256, message.wav);
  }

  async playProtectionMessage(
    callId: string,
    step: ProtectionStep,
    language: Language,
  ): Promise<MessagePlayback | null> {
    const entry = this.registry.get(callId);
    if (!entry || entry.session.isEnded()) return null;
    const message = this.messages.get(language, step);
    if (!message) throw new Error(`protection message ${language}/${step} not loaded`);
    const outgoing = entry.outgoing;
    if (
      !outgoing ||
      !entry.session.isEstablished() ||
      this.registry.notice(callId)?.phase !== 'done'
    ) {
      throw new Error('a protection message plays only on a talking call after the notice');
    }
    const final = isFinalStep(step);
    const played = await outgoing.playMessage(message.buffer, { reopenMicrophone: !final });
    // The customer has been told the call ends: end it now, microphone still closed.
    if (final && this.registry.get(callId) === entry && !entry.session.isEnded()) {
      entry.session.terminate();
    }
    return played;
  }

  private audioConstraints(deviceId: string | null = null): MediaTrackConstraints | boolean {
    const processing: MediaTrackConstraints = this.micProcessing
      ? {}
      : { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
    if (deviceId) processing.deviceId = { exact: deviceId };
    return Object.keys(processing).length > 0 ? processing : true;
  }

  /**
   * What a call sends, from the chosen microphone (the default one when it is not there: the
   * agent is told, the call is not refused), with the agent hearing notices on the chosen
   * call-audio device.
   */
  private async openOutgoing(): Promise<OutgoingAudio> {
    const microphone = await this.resolveDevice('microphone');
    const outgoing = await OutgoingAudio.open(this.audioConstraints(microphone.deviceId));
    outgoing.setSpeaker((await this.resolveDevice('speaker')).deviceId);
    return outgoing;
  }

  setAudioDevices(devices: AudioDevices): void {
    this.devices = devices;
    this.missingDevices.clear();
    void this.onDevicesChanged();
  }

  listAudioDevices(): Promise<AudioDeviceInfo[]> {
    return listAudioDevices();
  }

  async meterMicrophone(onLevel: (levelDb: number) => void): Promise<() => void> {
    const { deviceId } = await this.resolveDevice('microphone');
    return meterMicrophone(this.audioConstraints(deviceId), onLevel);
  }

  async playTestTone(kind: 'speaker' | 'ringer'): Promise<void> {
    await playTestTone((await this.resolveDevice(kind)).deviceId);
  }

  ring(on: boolean): void {
    if (!on) {
      this.ringer.stop();
      return;
    }
    void this.resolveDevice('ringer').then(({ deviceId }) => this.ringer.start(deviceId));
  }

  /** Where a chosen device is now; tells the agent when it went missing or came back. */
  private async resolveDevice(kind: keyof AudioDevices): Promise<ResolvedDevice> {
    const choice = this.devices[kind];
    if (!choice) return { deviceId: null, missing: false };
    let present: AudioDeviceInfo[] = [];
    try {
      present = await listAudioDevices();
    } catch {
      // enumerateDevices failed: treat the choice as missing, the default still works
    }
    const resolved = resolveDevice(
      choice,
      kind === 'microphone' ? 'audioinput' : 'audiooutput',
      present,
    );
    if (resolved.missing !== this.missingDevices.has(kind)) {
      if (resolved.missing) this.missingDevices.add(kind);
      else this.missingDevices.delete(kind);
      this.emit('audioDeviceChanged', { kind, present: !resolved.missing });
    }
    return resolved;
  }

  /**
   * Devices came or went: live calls move their microphone (when its device is gone, or the
   * chosen one is back) and their audio to what is there now, the ringer too.
   */
  private async onDevicesChanged(): Promise<void> {
    const microphone = await this.resolveDevice('microphone');
    const speaker = await this.resolveDevice('speaker');
    const ringerDevice = await this.resolveDevice('ringer');
    if (this.ringer.playing) await this.ringer.start(ringerDevice.deviceId);
    for (const [, entry] of this.registry.entries()) {
      if (entry.audioElement) await routeAudio(entry.audioElement, speaker.deviceId);
      const outgoing = entry.outgoing;
      if (!outgoing) continue;
      outgoing.setSpeaker(speaker.deviceId);
      const current = outgoing.microphoneDevice;
      const wanted = microphone.deviceId;
      if (
        current.live &&
        (wanted === null ? !this.devices.microphone : current.deviceId === wanted)
      ) {
        continue;
      }
      try {
        const stream = await navigator.mediaDevices.getUserMedia({
          audio: this.audioConstraints(wanted),
          video: false,
        });
        outgoing.replaceMicrophone(stream);
      } catch {
        // Nothing to switch to right now; the next devicechange tries again.
      }
    }
  }

  setMicProcessing(enabled: boolean): void {
    this.micProcessing = enabled;
  }

  setPbxNoticeProof(header: string | null): void {
    this.pbxProofHeader = header;
  }

  setMediaNetwork(media: MediaNetwork): void {
    this.media = {
      stunServers: [...media.stunServers],
      iceGatheringCapMs: media.iceGatheringCapMs,
    };
  }

  private pcConfig(): RTCConfiguration {
    return { iceServers: this.media.stunServers.map((urls) => ({ urls })) };
  }

  /**
   * JsSIP sends the offer (or answer) only when ICE gathering completes, and a STUN server that
   * never answers keeps it gathering for many seconds: a post-dial delay the customer hears as
   * silence. After the cap, the SDP goes out with the candidates found so far.
   */
  private capIceGathering(session: RTCSession, callId: string): void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const capMs = this.media.iceGatheringCapMs;
    session.on('icecandidate', (e) => {
      if (timer !== null) return;
      timer = setTimeout(() => {
        const pc = session.connection;
        if (pc && pc.iceGatheringState !== 'complete') {
          this.emit('iceGatheringCapped', { callId, capMs });
          e.ready();
        }
      }, capMs);
    });
    // Each offer/answer exchange (e.g. a hold re-INVITE) gathers again: re-arm for it.
    session.on('sdp', (e) => {
      if (e.originator === 'local' && timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
    });
  }

  setCustomerIdHeader(header: string | null): void {
    this.customerIdHeader = header;
  }

  setCallNoticeLanguage(callId: string, language: Language): void {
    if (this.registry.get(callId)) this.callLanguages.set(callId, language);
  }

  setNoticeLanguage(language: Language): void {
    this.noticeLanguage = language;
  }

  provideNotice(language: Language, notice: { sha256: string; wav: ArrayBuffer }): Promise<void> {
    return this.notices.provide(language, notice.sha256, notice.wav);
  }

  refuseNotice(language: Language, failure: NoticeFailure): void {
    this.notices.refuse(language, failure === 'call_ended' ? 'unavailable' : failure);
  }

  /**
   * The call sends the outgoing graph's stream from its first packet: the notice, then the
   * microphone behind its gate (see OutgoingAudio). The microphone is opened before dialling so
   * a missing one is reported without ringing anybody.
   */
  async call(targetUri: string): Promise<string> {
    if (!this.ua) throw new Error('SIP agent not started');
    const outgoing = await this.openOutgoing();
    const ua = this.ua;
    if (!ua) {
      outgoing.close();
      throw new Error('SIP agent stopped while the microphone opened');
    }
    let session: RTCSession;
    try {
      session = ua.call(targetUri, this.callOptions(outgoing.stream));
    } catch (error) {
      outgoing.close();
      throw error;
    }
    this.adoptOutgoing(session, outgoing);
    return session.id;
  }

  /** What every call this agent places sends and how it connects. */
  private callOptions(mediaStream: MediaStream) {
    return {
      mediaStream,
      pcConfig: this.pcConfig(),
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
    };
  }

  /**
   * The new call keeps the outgoing graph; a call that already ended (JsSIP can fail one
   * synchronously) or was never tracked gets it closed instead, so no microphone stays open.
   */
  private adoptOutgoing(session: RTCSession | null, outgoing: OutgoingAudio): void {
    const entry = session ? this.registry.get(session.id) : undefined;
    if (entry && !entry.session.isEnded()) entry.outgoing = outgoing;
    else outgoing.close();
  }

  answer(callId: string): void {
    const entry = this.registry.get(callId);
    if (!entry || entry.session.isEstablished() || entry.session.isEnded()) return;
    if (this.answering.has(callId)) return;
    this.answering.add(callId);
    void this.answerWithNotice(callId, entry);
  }

  private async answerWithNotice(callId: string, entry: CallMedia): Promise<void> {
    let outgoing: OutgoingAudio;
    try {
      outgoing = await this.openOutgoing();
    } catch (error) {
      if (entry.session.isEnded()) return;
      // Report it as JsSIP would have for its own getUserMedia: the card says why.
      entry.localFailureCause =
        error instanceof MicrophoneUnavailableError
          ? SipCause.USER_DENIED_MEDIA_ACCESS
          : SipCause.WEBRTC_ERROR;
      entry.session.terminate({ status_code: 480, reason_phrase: 'Temporarily Unavailable' });
      return;
    }
    if (this.registry.get(callId) !== entry || entry.session.isEnded()) {
      outgoing.close();
      return;
    }
    entry.outgoing = outgoing;
    entry.session.answer({ mediaStream: outgoing.stream, pcConfig: this.pcConfig() });
  }

  reject(callId: string, reason: 'decline' | 'busy' = 'decline'): void {
    const entry = this.registry.get(callId);
    if (!entry || entry.session.isEnded() || entry.session.isEstablished()) return;
    entry.session.terminate(
      reason === 'busy'
        ? { status_code: 486, reason_phrase: 'Busy Here' }
        : { status_code: 603, reason_phrase: 'Decline' },
    );
  }

  sendDtmf(callId: string, tones: string): void {
    const entry = this.registry.get(callId);
    if (!entry || !entry.session.isEstablished() || !/^[0-9A-D#*]{1,32}$/.test(tones)) {
      throw new Error('DTMF needs an answered call and digits 0-9, *, #, A-D');
    }
    if (this.dtmfMode === 'info') {
      // SIP INFO (application/dtmf-relay) for PBXes that read DTMF only from signalling.
      entry.session.sendDTMF(tones, { transportType: SIP_INFO, duration: 100, interToneGap: 70 });
      return;
    }
    // RFC 4733 needs a telephone-event payload type agreed with the far end.
    const sender = entry.session.connection
      ?.getSenders()
      .find((s) => s.track?.kind === 'audio' || s.dtmf);
    if (!sender?.dtmf?.canInsertDTMF) {
      throw new Error('the far end did not agree to telephone events (RFC 4733) on this call');
    }
    // 100 ms tones with 70 ms gaps: what RFC 4733 receivers and IVRs expect from a keypad.
    entry.session.sendDTMF(tones, { transportType: RFC4733, duration: 100, interToneGap: 70 });
  }

  /**
   * 보류: the customer stops hearing the agent at once (privacy first), and the call counts as held
   * once the far end agreed to the re-INVITE; if it did not, the agent is heard again and the
   * call stays as it was.
   */
  async hold(callId: string): Promise<HoldOutcome> {
    const entry = this.registry.get(callId);
    if (!entry || !entry.session.isEstablished() || entry.session.isOnHold().local) {
      return { ok: false, failure: 'busy', statusCode: null };
    }
    entry.outgoing?.setHeld(true);
    const outcome = await reinviteHold(entry.session, true, {
      ownsCallId: entry.session.direction === 'outgoing',
    });
    if (!outcome.ok) entry.outgoing?.setHeld(false);
    return outcome;
  }

  /** 보류 해제: the customer hears the agent again once the far end agreed to the re-INVITE. */
  async resume(callId: string): Promise<HoldOutcome> {
    const entry = this.registry.get(callId);
    if (!entry || !entry.session.isEstablished() || !entry.session.isOnHold().local) {
      return { ok: false, failure: 'busy', statusCode: null };
    }
    const outcome = await reinviteHold(entry.session, false, {
      ownsCallId: entry.session.direction === 'outgoing',
    });
    if (outcome.ok) entry.outgoing?.setHeld(false);
    return outcome;
  }

  transfer(callId: string, targetUri: string): Promise<TransferOutcome> {
    return this.refer(callId, targetUri, null);
  }

  /** REFER the call's far end to `target` (replacing `replaces`, for an attended transfer). */
  private refer(
    callId: string,
    target: string | URI,
    replaces: RTCSession | null,
  ): Promise<TransferOutcome> {
    const entry = this.registry.get(callId);
    if (!entry || !entry.session.isEstablished() || entry.session.isEnded()) {
      return Promise.resolve({ ok: false, failure: 'notReady', statusCode: null });
    }
    const session = entry.session;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: TransferOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(
        () => settle({ ok: false, failure: 'noAnswer', statusCode: null }),
        TRANSFER_TIMEOUT_MS,
      );
      const onEnded = () => settle({ ok: false, failure: 'notReady', statusCode: null });
      session.on('ended', onEnded);
      const sipfragStatus = (e: unknown): number | null => {
        const code = (e as { status_line?: { status_code?: unknown } }).status_line?.status_code;
        return typeof code === 'number' ? code : null;
      };
      session.refer(target, {
        ...(replaces ? { replaces } : {}),
        eventHandlers: {
          requestFailed: (e: { response: unknown }) =>
            settle({ ok: false, failure: 'refused', statusCode: statusCodeOf(e.response) }),
          accepted: () => {
            settle({ ok: true });
            // The customer is with the target now; our leg is done (BYE, unless they sent one),
            // and the card says it was handed on rather than hung up.
            if (!session.isEnded()) {
              entry.localFailureCause = AppCause.TRANSFERRED;
              session.terminate();
            }
          },
          failed: (e: unknown) =>
            settle({ ok: false, failure: 'targetFailed', statusCode: sipfragStatus(e) }),
        },
      });
    });
  }

  /** Places the call a transferring agent's REFER asks for (see track's 'refer' handler). */
  private async callReplacing(accept: ReferAccept): Promise<void> {
    let outgoing: OutgoingAudio;
    try {
      outgoing = await this.openOutgoing();
    } catch {
      return; // no microphone: JsSIP's REFER notifier times out and the transferor is told
    }
    let placed: RTCSession | null = null;
    accept((session) => (placed = session), this.callOptions(outgoing.stream));
    this.adoptOutgoing(placed, outgoing);
  }

  /**
   * 고객연결 (attended transfer, complete): REFER on the consult call asks the consulted agent to
   * call the customer with Replaces, taking over our call with them. Resolves like
   * {@link transfer}; on success both our legs end as transferred.
   */
  completeTransfer(callId: string, consultCallId: string): Promise<TransferOutcome> {
    const consult = this.registry.get(consultCallId);
    if (!consult || !consult.session.isEstablished() || consult.session.isEnded()) {
      return Promise.resolve({ ok: false, failure: 'notReady', statusCode: null });
    }
    const customer = this.registry.get(callId);
    if (!customer || customer.session.isEnded()) {
      return Promise.resolve({ ok: false, failure: 'notReady', statusCode: null });
    }
    // The REFER goes to the consulted agent, whose app then calls the customer with Replaces
    // (RFC 5589 allows either party to be referred). Sent the other way, to the customer's phone,
    // it depends on the phone honouring Replaces in Refer-To, which many (baresip 1.0 among them)
    // do not: they dial the Replaces parameters as part of the address.
    const target = customer.session.remote_identity.uri;
    return this.refer(consultCallId, target, customer.session).then((outcome) => {
      if (outcome.ok && !customer.session.isEnded()) {
        customer.localFailureCause = AppCause.TRANSFERRED;
        customer.session.terminate();
      }
      return outcome;
    });
  }

  /** Fresh ICE for an established call (see reinviteIceRestart); one at a time per call. */
  private async restartIce(callId: string, reason: 'networkChange' | 'iceFailed'): Promise<void> {
    const entry = this.registry.get(callId);
    if (!entry || !entry.session.isEstablished() || this.restartingIce.has(callId)) return;
    this.restartingIce.add(callId);
    try {
      const outcome = await reinviteIceRestart(entry.session, {
        ownsCallId: entry.session.direction === 'outgoing',
      });
      this.emit('iceRestarted', {
        callId,
        reason,
        ok: outcome.ok,
        statusCode: outcome.ok ? null : outcome.statusCode,
      });
    } finally {
      this.restartingIce.delete(callId);
    }
  }

  setMuted(callId: string, muted: boolean): void {
    this.registry.get(callId)?.outgoing?.setMuted(muted);
  }

  hangup(callId: string): void {
    const entry = this.registry.get(callId);
    if (!entry || entry.session.isEnded()) return;
    // BYE when established, CANCEL while an outgoing call rings, 480 for an unanswered incoming one.
    entry.session.terminate();
  }

  probeServer(url: string, timeoutMs: number): Promise<ServerProbe> {
    return probeServer(url, timeoutMs);
  }

  async probeMicrophone(ms: number): Promise<MicrophoneProbe> {
    const { deviceId } = await this.resolveDevice('microphone');
    return probeMicrophone(this.audioConstraints(deviceId), ms);
  }

  /**
   * A test call to `uri` (an echo or test number IT named): once it is answered and ICE has
   * connected, reads the round trip to the media relay and whether audio comes back, then hangs
   * up. It bypasses everything a customer call has (notice, recording, call list): nobody but a
   * test number is on it.
   */
  async probeMediaRelay(uri: string, timeoutMs: number): Promise<MediaRelayProbe> {
    const ua = this.ua;
    if (!ua) return { ok: false, statusCode: null };
    let microphone: MediaStream;
    try {
      microphone = await navigator.mediaDevices.getUserMedia({
        audio: this.audioConstraints(),
        video: false,
      });
    } catch {
      return { ok: false, statusCode: null };
    }
    let session: RTCSession | null = null;
    const deadline = performance.now() + timeoutMs;
    try {
      const answered = new Promise<number | null>((resolve) => {
        this.placingProbe = true;
        try {
          session = ua.call(uri, {
            ...this.callOptions(microphone),
            eventHandlers: {
              confirmed: () => resolve(null),
              failed: (e: { message?: unknown }) => resolve(statusCodeOf(e.message) ?? 0),
              ended: () => resolve(0),
            },
          });
        } finally {
          this.placingProbe = false;
        }
        setTimeout(() => resolve(0), timeoutMs);
      });
      const failure = await answered;
      const pc = (session as RTCSession | null)?.connection;
      if (failure !== null || !pc) return { ok: false, statusCode: failure || null };
      // The first RTT figure comes with ICE's checks, audio within a packet time or two; give
      // both a moment, never past the deadline.
      let stats = await relayStats(pc);
      const settleBy = Math.min(deadline, performance.now() + 3_000);
      while ((stats.rttMs === null || stats.packetsReceived < 25) && performance.now() < settleBy) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        stats = await relayStats(pc);
      }
      return { ok: true, ...stats };
    } catch {
      return { ok: false, statusCode: null };
    } finally {
      const placed = session as RTCSession | null;
      if (placed && !placed.isEnded()) placed.terminate();
      microphone.getTracks().forEach((track) => track.stop());
    }
  }

  /**
   * Ends every call, unregisters (waiting briefly for the registrar's answer) and closes the
   * socket. Used when the account changes and when the app quits.
   */
  acceptMonitor(monitorId: string, mode: MonitorMode): void {
    this.monitoring.accept(monitorId, mode);
  }

  refuseMonitor(monitorId: string): void {
    this.monitoring.refuse(monitorId);
  }

  setMonitorMode(monitorId: string, mode: MonitorMode): void {
    this.monitoring.setMode(monitorId, mode);
  }

  monitorAgent(agentUri: string, grant: string | null, mode: MonitorMode): Promise<string> {
    return this.monitoring.start(agentUri, grant, mode);
  }

  changeMonitorMode(monitorId: string, mode: MonitorMode, grant: string): void {
    this.monitoring.changeMode(monitorId, mode, grant);
  }

  stopMonitoring(monitorId: string): void {
    this.monitoring.stop(monitorId);
  }

  /** Diagnostics: every monitoring call's streams. */
  monitoringStreams() {
    return this.monitoring.streams();
  }

  async stop(): Promise<void> {
    const ua = this.ua;
    if (!ua) return;
    this.monitoring.stopAll();
    await this.shutdown(ua);
    this.emit('stopped', {});
  }

  private async shutdown(ua: UA): Promise<void> {
    if (this.ua === ua) {
      this.ua = null;
      this.keepalive?.stop();
      this.keepalive = null;
    }
    this.clearRetry();
    const wasRegistered = ua.isRegistered();
    const unregistered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STOP_WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      ua.on('unregistered', done);
      ua.on('registrationFailed', done);
      ua.on('disconnected', done);
    });
    ua.stop();
    if (wasRegistered) await unregistered;
  }
}

/** Plays a call's audio on `deviceId` (null: default); a device that refuses falls back. */
async function routeAudio(element: HTMLAudioElement, deviceId: string | null): Promise<void> {
  const sinkId = deviceId ?? '';
  if (element.sinkId === sinkId) return;
  await element.setSinkId(sinkId).catch(() => element.setSinkId('').catch(() => undefined));
}

/** JsSIP's name for RFC 4733 telephone events (its typings declare the enum without a value). */
const RFC4733 = 'RFC2833' as unknown as DTMF_TRANSPORT;
const SIP_INFO = 'INFO' as unknown as DTMF_TRANSPORT;
