import type { UA } from 'jssip';
import type { IncomingInfoEvent, RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import { MonitoringTap } from './monitoringTap';
import { attachRemoteAudio, detachRemoteAudio } from './remoteAudio';
import type { SessionRegistry } from './sessionRegistry';
import type { MonitorMode, SipAgentEventMap, SipAgentEventName } from './sipTypes';

/** The grant the centre server signed for this lead, this agent and this mode (issue #8). */
export const MONITOR_GRANT_HEADER = 'X-Sori-Monitor-Grant';
export const MONITOR_MODE_HEADER = 'X-Sori-Monitor-Mode';
/** SIP INFO body type of a mode switch mid-call: `{ "mode": …, "grant": … }`. */
export const MONITOR_INFO_TYPE = 'application/vnd.sori.monitor+json';

const MODES: readonly MonitorMode[] = ['listen', 'whisper', 'barge'];
const isMode = (value: unknown): value is MonitorMode =>
  typeof value === 'string' && (MODES as readonly string[]).includes(value);
/** A grant is a compact signed token: three base64url parts; anything else is not looked at. */
const GRANT_SHAPE = /^[A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,1024}$/;

interface AgentLeg {
  role: 'agent';
  session: RTCSession;
  /** The customer call being monitored. */
  callId: string;
  tap: MonitoringTap | null;
  ear: HTMLAudioElement | null;
  received: MediaStream | null;
}

interface LeadLeg {
  role: 'lead';
  session: RTCSession;
  microphone: MediaStream;
  mode: MonitorMode;
  received: MediaStream | null;
  element: HTMLAudioElement | null;
}

export interface MonitoringDeps {
  registry: SessionRegistry;
  ua(): UA | null;
  pcConfig(): RTCConfiguration;
  /** The lead's microphone (no notice: this call never reaches a customer). */
  openMicrophone(): Promise<MediaStream>;
  /** Routes a hidden audio element to the agent's call-audio device. */
  routeToSpeaker(element: HTMLAudioElement): void;
  emit<E extends SipAgentEventName>(event: E, payload: SipAgentEventMap[E]): void;
}

/**
 * Team-lead monitoring over a plain SIP server: the lead's app calls the agent's app with a
 * grant; the agent's app answers silently (once main verified the grant) and mixes the lead in
 * (see monitoringTap.ts). Both sides live here; the SIP agent hands over the sessions.
 */
export class Monitoring {
  private readonly legs = new Map<string, AgentLeg | LeadLeg>();
  /** Set while the lead's INVITE is being created, so the SIP agent does not track it as a call. */
  placing = false;

  constructor(private readonly deps: MonitoringDeps) {}

  /**
   * Agent side: an INVITE that asks to monitor. True when it was one (then it is handled here:
   * refused at once, or held until main has verified the grant); false for an ordinary call.
   */
  offer(session: RTCSession, request: IncomingRequest): boolean {
    if (!request.hasHeader(MONITOR_GRANT_HEADER)) return false;
    const grant = request.getHeader(MONITOR_GRANT_HEADER).trim();
    const mode = request.getHeader(MONITOR_MODE_HEADER).trim();
    const call = this.monitorableCall();
    if (!GRANT_SHAPE.test(grant) || !isMode(mode)) {
      session.terminate({ status_code: 400, reason_phrase: 'Bad Monitoring Request' });
      return true;
    }
    if (!call) {
      // Nothing to monitor: the agent is on no answered call.
      session.terminate({ status_code: 480, reason_phrase: 'Temporarily Unavailable' });
      return true;
    }
    const monitorId = session.id;
    this.legs.set(monitorId, {
      role: 'agent',
      session,
      callId: call,
      tap: null,
      ear: null,
      received: null,
    });
    const end = () => this.end(monitorId);
    session.on('ended', end);
    session.on('failed', end);
    session.on('newInfo', (e: IncomingInfoEvent) => {
      if (e.originator !== 'remote' || e.info.contentType !== MONITOR_INFO_TYPE) return;
      const change = parseModeChange(e.info.body);
      if (change) this.deps.emit('monitorModeRequested', { monitorId, ...change });
    });
    this.deps.emit('monitorRequested', { monitorId, callId: call, grant, mode });
    return true;
  }

  /** Agent side: main verified the grant. Answers silently and mixes the lead in. */
  accept(monitorId: string, mode: MonitorMode): void {
    const leg = this.legs.get(monitorId);
    if (leg?.role !== 'agent' || leg.tap || leg.session.isEnded()) return;
    const call = this.deps.registry.get(leg.callId);
    if (!call?.outgoing || !call.remoteStream || call.session.isEnded()) {
      leg.session.terminate({ status_code: 480, reason_phrase: 'Temporarily Unavailable' });
      return;
    }
    const tap = new MonitoringTap(call.outgoing, call.remoteStream);
    tap.setMode(mode);
    leg.tap = tap;
    leg.session.on('peerconnection', ({ peerconnection }) =>
      peerconnection.addEventListener('track', (event) => {
        if (event.track.kind !== 'audio') return;
        const stream = event.streams[0] ?? new MediaStream([event.track]);
        leg.received = stream;
        tap.connectLead(stream);
      }),
    );
    leg.session.on('confirmed', () => {
      // Only what the tap lets through (whisper, barge) reaches the agent's ear.
      leg.ear = attachRemoteAudio(`monitor-${monitorId}`, tap.ear);
      this.deps.routeToSpeaker(leg.ear);
      this.deps.emit('monitorStarted', { monitorId, role: 'agent', mode: tap.mode });
    });
    leg.session.answer({ mediaStream: tap.toLead, pcConfig: this.deps.pcConfig() });
  }

  /** Agent side: main refused the grant. The customer call is not touched. */
  refuse(monitorId: string): void {
    const leg = this.legs.get(monitorId);
    if (leg?.role !== 'agent' || leg.session.isEnded()) return;
    leg.session.terminate({ status_code: 403, reason_phrase: 'Forbidden' });
  }

  /** Agent side: main verified the grant for another mode. */
  setMode(monitorId: string, mode: MonitorMode): void {
    const leg = this.legs.get(monitorId);
    if (leg?.role !== 'agent' || !leg.tap) return;
    leg.tap.setMode(mode);
    this.deps.emit('monitorModeChanged', { monitorId, role: 'agent', mode });
  }

  /** Agent side: the customer call ended, so does its monitoring. */
  callEnded(callId: string): void {
    for (const [, leg] of this.legs) {
      if (leg.role === 'agent' && leg.callId === callId && !leg.session.isEnded()) {
        leg.session.terminate();
      }
    }
  }

  /**
   * Lead side: calls the agent's app with the grant, or (grant null: PBX feature-code mode) the
   * PBX's monitoring feature, whose target already names agent and mode. Resolves with the id.
   */
  async start(agentUri: string, grant: string | null, mode: MonitorMode): Promise<string> {
    const ua = this.deps.ua();
    if (!ua) throw new Error('SIP agent not started');
    const microphone = await this.deps.openMicrophone();
    setMicrophone(microphone, mode);
    let session: RTCSession;
    this.placing = true;
    try {
      session = ua.call(agentUri, {
        mediaStream: microphone,
        pcConfig: this.deps.pcConfig(),
        rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
        extraHeaders:
          grant === null
            ? []
            : [`${MONITOR_GRANT_HEADER}: ${grant}`, `${MONITOR_MODE_HEADER}: ${mode}`],
      });
    } catch (error) {
      microphone.getTracks().forEach((track) => track.stop());
      throw error;
    } finally {
      this.placing = false;
    }
    const monitorId = session.id;
    const leg: LeadLeg = { role: 'lead', session, microphone, mode, received: null, element: null };
    this.legs.set(monitorId, leg);
    const watch = (pc: RTCPeerConnection) =>
      pc.addEventListener('track', (event) => {
        if (event.track.kind !== 'audio') return;
        leg.received = event.streams[0] ?? new MediaStream([event.track]);
        leg.element = attachRemoteAudio(`monitor-${monitorId}`, leg.received);
        this.deps.routeToSpeaker(leg.element);
      });
    if (session.connection) watch(session.connection);
    session.on('peerconnection', ({ peerconnection }) => watch(peerconnection));
    session.on('confirmed', () =>
      this.deps.emit('monitorStarted', { monitorId, role: 'lead', mode: leg.mode }),
    );
    const end = () => this.end(monitorId);
    session.on('ended', end);
    session.on('failed', end);
    return monitorId;
  }

  /** Lead side: switches mode on the same call, with a grant for the new mode. */
  changeMode(monitorId: string, mode: MonitorMode, grant: string): void {
    const leg = this.legs.get(monitorId);
    if (leg?.role !== 'lead' || !leg.session.isEstablished()) return;
    // Listening: the lead's microphone sends silence, whatever the agent's app does with it.
    setMicrophone(leg.microphone, mode);
    leg.mode = mode;
    leg.session.sendInfo(MONITOR_INFO_TYPE, JSON.stringify({ mode, grant }));
    this.deps.emit('monitorModeChanged', { monitorId, role: 'lead', mode });
  }

  /** Either side: ends a monitoring call. */
  stop(monitorId: string): void {
    const leg = this.legs.get(monitorId);
    if (leg && !leg.session.isEnded()) leg.session.terminate();
  }

  stopAll(): void {
    for (const id of [...this.legs.keys()]) this.stop(id);
  }

  /** Diagnostics: the monitoring calls and what each side receives or plays. */
  streams(): Array<{
    monitorId: string;
    role: 'agent' | 'lead';
    received: MediaStream | null;
    ear: MediaStream | null;
  }> {
    return [...this.legs].map(([monitorId, leg]) => ({
      monitorId,
      role: leg.role,
      received: leg.received,
      ear: leg.role === 'agent' ? (leg.tap?.ear ?? null) : null,
    }));
  }

  private end(monitorId: string): void {
    const leg = this.legs.get(monitorId);
    if (!leg) return;
    this.legs.delete(monitorId);
    if (leg.role === 'agent') {
      leg.tap?.close();
      detachRemoteAudio(leg.ear);
    } else {
      leg.microphone.getTracks().forEach((track) => track.stop());
      detachRemoteAudio(leg.element);
    }
    this.deps.emit('monitorEnded', { monitorId, role: leg.role });
  }

  /** The agent's answered, unheld call with media: what a lead may monitor. */
  private monitorableCall(): string | null {
    for (const [callId, call] of this.deps.registry.entries()) {
      if (call.session.isEstablished() && call.outgoing && call.remoteStream) return callId;
    }
    return null;
  }
}

function setMicrophone(microphone: MediaStream, mode: MonitorMode): void {
  for (const track of microphone.getAudioTracks()) track.enabled = mode !== 'listen';
}

function parseModeChange(body: string | undefined): { mode: MonitorMode; grant: string } | null {
  try {
    const parsed = JSON.parse(body ?? '') as { mode?: unknown; grant?: unknown };
    if (!isMode(parsed.mode) || typeof parsed.grant !== 'string') return null;
    if (!GRANT_SHAPE.test(parsed.grant)) return null;
    return { mode: parsed.mode, grant: parsed.grant };
  } catch {
    return null;
  }
}
