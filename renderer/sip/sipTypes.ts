import type { AudioDeviceInfo } from './deviceChoice';
import type {
  AudioDevices,
  CallDirection,
  Language,
  NoticeFailure,
  ProtectionStep,
  RemoteParty,
  SipCredentials,
} from '../../preload/contract';

/**
 * Caller identity an incoming INVITE may carry besides From: the number the carrier asserts
 * (P-Asserted-Identity, the line's real number behind a PBX), and the CRM id an IVR identified
 * (the header named by machine policy). Untrusted input, cleaned before it gets here.
 */
export interface CallerHints {
  assertedUri: string | null;
  customerId: string | null;
  /**
   * Call-Info: <…>;answer-after=N on the INVITE: the PBX asks the phone to answer by itself
   * after N seconds (0..10; null when absent or out of range). Used only where policy allows.
   */
  answerAfterSeconds: number | null;
}

/**
 * The plain, serialisable events the SIP agent emits. Nothing here refers to a JsSIP object:
 * app/sipListeners.ts maps them into Redux actions, and tests can emit them from a fake.
 */
/** What a monitoring team lead may do on an agent's call (issue #8). */
export type MonitorMode = 'listen' | 'whisper' | 'barge';

export interface SipAgentEventMap {
  /**
   * Agent side: a team lead's app asks to monitor the agent's call, with a grant main must verify
   * (monitoring:authorize); then acceptMonitor or refuseMonitor. Nothing rings.
   */
  monitorRequested: { monitorId: string; callId: string; grant: string; mode: MonitorMode };
  /** Agent side: the lead asks for another mode on the same monitoring call (a new grant). */
  monitorModeRequested: { monitorId: string; grant: string; mode: MonitorMode };
  /** A monitoring call is up (agent: answered after verification; lead: the agent's app answered). */
  monitorStarted: { monitorId: string; role: 'agent' | 'lead'; mode: MonitorMode };
  monitorModeChanged: { monitorId: string; role: 'agent' | 'lead'; mode: MonitorMode };
  /** The monitoring call ended (either side hung up, the customer call ended, or it was refused). */
  monitorEnded: { monitorId: string; role: 'agent' | 'lead' };
  /** The WebSocket is being opened (`attempts` counts reconnection attempts). */
  transportConnecting: { attempts: number };
  transportConnected: Record<string, never>;
  /** The WebSocket closed; JsSIP retries with its recovery intervals. */
  transportDisconnected: { error: boolean; code: number | null };
  registered: { expires: number | null };
  unregistered: Record<string, never>;
  /** `cause` is a JsSIP cause string ('Authentication Error', 'Request Timeout', …). */
  registrationFailed: { cause: string; statusCode: number | null };
  /** The UA could not even be created (bad configuration). */
  startFailed: { reason: 'configuration' | 'internal' };
  /** A call exists: an INVITE came in, or the agent dialled. */
  callStarted: {
    callId: string;
    direction: CallDirection;
    remote: RemoteParty;
    /** What the INVITE says about the caller beyond From (inbound only), for the screen pop. */
    hints: CallerHints;
  };
  /** 1xx received (outgoing): the far end is ringing. */
  callProgress: { callId: string; statusCode: number | null };
  /** The call is answered and acknowledged (200 OK + ACK). */
  callConfirmed: { callId: string };
  /**
   * The call is over. `cause` is JsSIP's cause; `originator` says who ended it; `established`
   * is false when the call never got answered (JsSIP's 'failed').
   */
  callEnded: {
    callId: string;
    cause: string;
    originator: 'local' | 'remote' | 'system';
    established: boolean;
    statusCode: number | null;
  };
  /**
   * ICE gathering on the call was still going after the policy's cap: the offer or answer went
   * out with the candidates found so far (a STUN server did not answer in time).
   */
  iceGatheringCapped: { callId: string; capMs: number };
  /**
   * A connected call's quality over the last interval (every few seconds, not while on hold):
   * the MOS estimate from RTT, jitter and loss, and the warning level, which moves only after a
   * few samples agree (see renderer/sip/callQuality.ts).
   */
  callQuality: {
    callId: string;
    mos: number;
    rttMs: number | null;
    jitterMs: number;
    /** Share of received audio packets lost in the interval, 0..1. */
    lossFraction: number;
    /** False when no audio at all arrived in the interval. */
    receiving: boolean;
    level: 'good' | 'poor' | 'bad';
    /** The level differs from the previous sample's. */
    levelChanged: boolean;
  };
  /**
   * The keepalive gave up on the signalling connection (no answer to two pings, or a connection
   * attempt that hung) and dropped it: JsSIP reconnects, to the next server when there are
   * several, and re-registers.
   */
  keepaliveFailed: { reason: 'noAnswer' | 'connectTimeout'; intervalMs: number };
  /**
   * A device the agent chose went missing (unplugged: calls moved to the system default) or is
   * back (calls moved to it again).
   */
  audioDeviceChanged: { kind: 'microphone' | 'speaker' | 'ringer'; present: boolean };
  /**
   * An ICE restart re-INVITE on an established call (the network changed, or ICE failed) was
   * answered: `ok` with fresh candidates; otherwise the call goes on as it was.
   */
  iceRestarted: {
    callId: string;
    reason: 'networkChange' | 'iceFailed';
    ok: boolean;
    statusCode: number | null;
  };
  /** stop() finished: unregistered (or gave up waiting) and the UA is closed. */
  stopped: Record<string, never>;
  /**
   * The recording notice started on an answered call: the customer (and the agent) hear it, the
   * agent's microphone stays closed until it ends. `startedAt` is epoch ms.
   */
  noticeStarted: { callId: string; language: Language; durationMs: number; startedAt: number };
  /** How much of the notice has played, 0..100 (a few times a second while it plays). */
  noticeProgress: { callId: string; percent: number };
  /** The notice played to its end; the microphone is open now. Epoch ms. */
  noticePlayed: {
    callId: string;
    language: Language;
    sha256: string;
    startedAt: number;
    endedAt: number;
  };
  /**
   * The notice could not be played to its end on this call. Unless the call ended, the
   * microphone stays closed for the rest of the call.
   */
  noticeFailed: { callId: string; language: Language; failure: NoticeFailure; at: number };
  /**
   * The PBX played the notice (the call carried the proof header the policy names), so the app
   * did not; the microphone is open. `at` is epoch ms.
   */
  noticeByPbx: { callId: string; language: Language; header: string; at: number };
  /** The client-side recording of this call started (machine policy), both sides mixed. */
  recordingStarted: { callId: string };
  recordingPaused: { callId: string };
  recordingResumed: { callId: string };
  /** The recording ended with the call; everything recorded reached main. */
  recordingStopped: { callId: string };
  /** The recording could not start or a chunk could not be stored; the call itself goes on. */
  recordingFailed: { callId: string; reason: RecordingFailure };
}

export type RecordingFailure = 'unsupported' | 'refused' | 'store_failed';

/**
 * Where a call's recording goes: main, over IPC, which encrypts each chunk at rest. Each method
 * resolves false when main refused (the recorder then stops rather than leave a hole).
 */
export interface RecordingSink {
  start(callId: string, mimeType: string): Promise<boolean>;
  append(callId: string, seq: number, chunk: ArrayBuffer): Promise<boolean>;
  pause(callId: string, at: number): Promise<boolean>;
  resume(callId: string, at: number): Promise<boolean>;
  stop(callId: string): Promise<boolean>;
}

export type SipAgentEventName = keyof SipAgentEventMap;
export type SipAgentListener<E extends SipAgentEventName> = (payload: SipAgentEventMap[E]) => void;

export interface MediaNetwork {
  stunServers: string[];
  iceGatheringCapMs: number;
}

export interface SipStartOptions {
  /** Echo cancellation, noise suppression and gain control on the microphone. */
  micProcessing: boolean;
  /** Sent as `User-Agent: SoriDesk/<version>`. */
  appVersion: string;
}

/** Why a hold or resume did not happen. */
export type HoldFailure =
  /** The far end answered the re-INVITE with an error (488, 403, 500, …). */
  | 'refused'
  /** 491 Request Pending every time: both sides kept re-offering at once. */
  | 'glare'
  /** Another offer/answer exchange is still running on the call, or it is not answered. */
  | 'busy'
  /** The far end agreed but its answer could not be applied to the media. */
  | 'media';

export type HoldOutcome =
  { ok: true } | { ok: false; failure: HoldFailure; statusCode: number | null };

/** Why a blind transfer (호전환) did not happen; the call with the customer goes on. */
export type TransferFailure =
  /** The customer's side refused the REFER itself (e.g. 403, 405, 501). */
  | 'refused'
  /** The customer's phone tried the target and that call failed (busy, not found, …). */
  | 'targetFailed'
  /** No final word on the attempt within the time limit. */
  | 'noAnswer'
  /** The call is not in a state to transfer (not answered, ended). */
  | 'notReady';

export type TransferOutcome =
  { ok: true } | { ok: false; failure: TransferFailure; statusCode: number | null };

/**
 * What the rest of the renderer may do with SIP. Listener middleware receives this (not the
 * class) so that feature listeners can be tested with a fake.
 */
export interface SipAgentPort {
  start(credentials: SipCredentials, options: SipStartOptions): void;
  /** Unregisters, ends calls and closes the socket; resolves when done or after a short wait. */
  stop(): Promise<void>;
  setMicProcessing(enabled: boolean): void;
  /**
   * The agent's microphone, call-audio and ringer devices (null: system default). A chosen
   * device that is missing falls back to the default and says so (audioDeviceChanged).
   */
  setAudioDevices(devices: AudioDevices): void;
  /** The audio devices present, with labels, for the settings. */
  listAudioDevices(): Promise<AudioDeviceInfo[]>;
  /**
   * Settings: reports the chosen microphone's level (dBFS) about ten times a second until the
   * returned function is called. Rejects when the microphone cannot be opened.
   */
  meterMicrophone(onLevel: (levelDb: number) => void): Promise<() => void>;
  /** Settings: a one-second test tone on the call-audio or ringer device. */
  playTestTone(kind: 'speaker' | 'ringer'): Promise<void>;
  /** Rings (an incoming call waits) on the ringer device, or stops ringing. */
  ring(on: boolean): void;
  /**
   * Dials a SIP URI that the caller has validated; resolves with the new call id. Rejects with a
   * {@link MicrophoneUnavailableError} when the microphone cannot be opened (nothing is dialled).
   */
  call(targetUri: string): Promise<string>;
  answer(callId: string): void;
  /** Refuses an incoming call: 603 Decline (the agent chose), or 486 Busy Here (already on a call). */
  reject(callId: string, reason?: 'decline' | 'busy'): void;
  hangup(callId: string): void;
  /**
   * Sends DTMF digits (0-9, *, #, A-D) on an answered call: as RFC 4733 telephone events in the
   * RTP stream (what IVRs and PBX menus listen for), or as SIP INFO when the account says so.
   * Throws when the call cannot.
   */
  sendDtmf(callId: string, tones: string): void;
  /**
   * Puts an answered call on hold by re-INVITE (a=sendonly). The customer stops hearing the agent
   * at once; resolves { ok: true } only once the far end agreed, otherwise with why not and the
   * call as it was (JsSIP's own hold() would end the call on a refusal). 491 is retried.
   */
  hold(callId: string): Promise<HoldOutcome>;
  /** Takes the call off hold by re-INVITE; the agent is heard again once the far end agreed. */
  resume(callId: string): Promise<HoldOutcome>;
  /**
   * 호전환 (blind transfer): asks the customer's side, by REFER, to call `targetUri`. Resolves
   * { ok: true } once it reports the new call answered (NOTIFY 200), and then ends the agent's
   * leg; otherwise with why not, the call with the customer untouched.
   */
  transfer(callId: string, targetUri: string): Promise<TransferOutcome>;
  /**
   * 고객연결 (attended transfer): REFER on the consult call (`consultCallId`) asks the consulted
   * agent to call the customer (`callId`, on hold) with Replaces, taking over the agent's call
   * with them. Resolves like {@link transfer}; on success both of the agent's legs end.
   */
  completeTransfer(callId: string, consultCallId: string): Promise<TransferOutcome>;
  /** Mutes the agent's microphone on the call (notices and messages still play). */
  setMuted(callId: string, muted: boolean): void;
  /**
   * The default language of the recording notice (the UI's), for calls whose customer's own
   * language is not known (see setCallNoticeLanguage).
   */
  setNoticeLanguage(language: Language): void;
  /**
   * The customer's own language for one call (their CRM record, found by the screen pop), used
   * for the notice if it is known by the time the call is answered.
   */
  setCallNoticeLanguage(callId: string, language: Language): void;
  /**
   * Decodes and keeps the verified notice main handed over (`wav`: the WAV file's bytes).
   * Rejects when the audio cannot be decoded; calls then keep the microphone closed.
   */
  provideNotice(language: Language, notice: { sha256: string; wav: ArrayBuffer }): Promise<void>;
  /**
   * The SIP header whose value `played` proves the PBX played the notice (machine policy), or
   * null: the app plays it on every call.
   */
  setPbxNoticeProof(header: string | null): void;
  /**
   * STUN servers for new calls and the cap on ICE gathering (machine policy): an offer or answer
   * goes out with the candidates found by then, whatever an unanswering STUN server does.
   */
  setMediaNetwork(media: MediaNetwork): void;
  /**
   * How often the signalling connection is pinged (machine policy); a dead one is found within
   * two intervals and replaced.
   */
  setKeepaliveInterval(ms: number): void;
  /** The SIP header an IVR puts the caller's CRM id in (machine policy), or null: none. */
  setCustomerIdHeader(header: string | null): void;
  /** Main could not hand over the notice for `language`: calls keep the microphone closed. */
  refuseNotice(language: Language, failure: NoticeFailure): void;
  /** True once the message for `language` and `step` is decoded and ready to play. */
  hasProtectionMessage(language: Language, step: ProtectionStep): boolean;
  /** Decodes and keeps a protection message main handed over; rejects when it cannot be decoded. */
  provideProtectionMessage(
    language: Language,
    step: ProtectionStep,
    message: { sha256: string; wav: ArrayBuffer },
  ): Promise<void>;
  /**
   * Plays a protection message to the customer on an answered call whose recording notice is
   * over, with the agent's microphone closed while it plays. After a warning the microphone opens
   * again; after `terminate`/`harassment` it stays closed and the call is hung up as soon as the
   * message has ended. Resolves with when it played, or null when the call ended first. Rejects
   * when the message is not loaded or the call cannot play one now.
   */
  playProtectionMessage(
    callId: string,
    step: ProtectionStep,
    language: Language,
  ): Promise<MessagePlayback | null>;
  /**
   * The agent rests after an abusive call until `until` (epoch ms), or null: not resting. While
   * resting, incoming calls are refused at the SIP level and never ring the agent.
   */
  setRecoveryUntil(until: number | null): void;
  /**
   * Whether inbound calls may ring: only while the agent is Ready. Otherwise they are refused at
   * the SIP level (480) before they ring, so the PBX offers them to another agent.
   */
  setInboundOffered(offered: boolean): void;
  /**
   * Record every answered call from now on (null: record none). Recording starts when the call is
   * answered, so it holds the recording notice too.
   */
  setRecordingSink(sink: RecordingSink | null): void;
  /** Pauses the call's recording (sensitive details being read out); audited by main. */
  pauseRecording(callId: string): Promise<void>;
  resumeRecording(callId: string): Promise<void>;
  /**
   * Health check: opens a separate WebSocket to one configured server and closes it again
   * (the agent's registration is not touched).
   */
  probeServer(url: string, timeoutMs: number): Promise<ServerProbe>;
  /** Health check: opens the microphone as a call would, measures its level for `ms`, closes it. */
  probeMicrophone(ms: number): Promise<MicrophoneProbe>;
  /**
   * Health check: a short test call to `uri` (not a customer call: no notice, no recording, not
   * listed) measuring the round trip to the media relay and whether audio comes back.
   */
  probeMediaRelay(uri: string, timeoutMs: number): Promise<MediaRelayProbe>;
  /** Agent side: main verified the lead's grant; answer silently and mix the lead in. */
  acceptMonitor(monitorId: string, mode: MonitorMode): void;
  /** Agent side: main refused the grant (403); the customer call is untouched. */
  refuseMonitor(monitorId: string): void;
  /** Agent side: main verified a grant for another mode. */
  setMonitorMode(monitorId: string, mode: MonitorMode): void;
  /**
   * Lead side: calls the agent's app with a grant (or, grant null, a PBX feature-code target);
   * resolves with the monitoring id.
   */
  monitorAgent(agentUri: string, grant: string | null, mode: MonitorMode): Promise<string>;
  /** Lead side: another mode on the same call, with a grant for it. */
  changeMonitorMode(monitorId: string, mode: MonitorMode, grant: string): void;
  /** Either side: ends a monitoring call. */
  stopMonitoring(monitorId: string): void;
  on<E extends SipAgentEventName>(event: E, listener: SipAgentListener<E>): () => void;
}

/** When a protection message played to the customer, in epoch ms (Date.now()). */
export interface MessagePlayback {
  startedAt: number;
  endedAt: number;
}

/** The microphone could not be opened (missing, busy or not allowed): nothing was dialled. */
export class MicrophoneUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`microphone unavailable: ${reason}`);
    this.name = 'MicrophoneUnavailableError';
  }
}

/** Whether a fresh WebSocket to the server opened, and how long that took. */
export type ServerProbe = { reachable: true; ms: number } | { reachable: false };

/** What the microphone delivered, or why it could not be opened. */
export type MicrophoneProbe =
  | {
      ok: true;
      /** The loudest 50 ms of the window, in dBFS (-200 for digital silence). */
      levelDb: number;
    }
  | { ok: false; reason: 'missing' | 'denied' | 'unavailable' };

/** A test call through the media relay: the round trip to it, and whether audio came back. */
export type MediaRelayProbe =
  | { ok: true; rttMs: number | null; packetsReceived: number }
  | { ok: false; statusCode: number | null };
