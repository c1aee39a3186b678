import type { OutgoingAudio } from './outgoingAudio';
import type { MonitorMode } from './sipTypes';

/**
 * Endpoint mixing: the agent's app, which already holds both sides of the call in one WebAudio
 * graph, is where a monitoring team lead is mixed in. Built on the call's own AudioContext, so
 * every stream runs on one clock.
 *
 * ```
 *   customer (call's remote stream) ─────────────────────────────┐
 *   agentSide (agent's voice, notice, messages: OutgoingAudio) ──┴──> toLead ──> the lead's call
 *   lead (the monitoring call's remote stream) ──> whisper gain ──> ear ──> agent's speakers only
 *                                              └─> barge gain ──> what the customer hears
 * ```
 *
 * listen: both gains 0 — the lead's microphone reaches no one. whisper: the agent hears the lead,
 * the customer does not. barge: the customer hears the lead too (and the agent, through the ear).
 * The lead never hears themself: their voice joins the call after `agentSide`.
 */
export class MonitoringTap {
  /** What the lead receives: the customer and the agent, mixed. */
  readonly toLead: MediaStream;
  /** What the agent hears of the lead (silent unless whispering or barging). */
  readonly ear: MediaStream;
  private readonly customer: MediaStreamAudioSourceNode;
  private readonly toLeadNode: MediaStreamAudioDestinationNode;
  private readonly earNode: MediaStreamAudioDestinationNode;
  private readonly whisper: GainNode;
  private readonly barge: GainNode;
  private lead: MediaStreamAudioSourceNode | null = null;
  private leaveCustomerSide: () => void;
  private current: MonitorMode = 'listen';
  private closed = false;

  constructor(
    private readonly outgoing: OutgoingAudio,
    customerStream: MediaStream,
  ) {
    const ctx = outgoing.context;
    this.toLeadNode = ctx.createMediaStreamDestination();
    this.toLeadNode.channelCount = 1;
    this.customer = ctx.createMediaStreamSource(customerStream);
    this.customer.connect(this.toLeadNode);
    outgoing.agentSide.connect(this.toLeadNode);
    this.toLead = this.toLeadNode.stream;

    this.earNode = ctx.createMediaStreamDestination();
    this.earNode.channelCount = 1;
    this.ear = this.earNode.stream;
    this.whisper = ctx.createGain();
    this.whisper.gain.value = 0;
    this.whisper.connect(this.earNode);
    this.barge = ctx.createGain();
    this.barge.gain.value = 0;
    this.leaveCustomerSide = outgoing.joinCustomerSide(this.barge);
  }

  get mode(): MonitorMode {
    return this.current;
  }

  /** The lead's audio, once the monitoring call's media is up. */
  connectLead(leadStream: MediaStream): void {
    if (this.closed) return;
    this.lead?.disconnect();
    this.lead = this.outgoing.context.createMediaStreamSource(leadStream);
    this.lead.connect(this.whisper);
    this.lead.connect(this.barge);
  }

  setMode(mode: MonitorMode): void {
    if (this.closed) return;
    this.current = mode;
    const now = this.outgoing.context.currentTime;
    // A 20 ms ramp: switching never clicks.
    this.whisper.gain.setTargetAtTime(mode === 'listen' ? 0 : 1, now, 0.02);
    this.barge.gain.setTargetAtTime(mode === 'barge' ? 1 : 0, now, 0.02);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.leaveCustomerSide();
    for (const node of [this.customer, this.lead, this.whisper, this.barge]) node?.disconnect();
    try {
      this.outgoing.agentSide.disconnect(this.toLeadNode);
    } catch {
      // The call's graph closed first.
    }
    for (const track of [...this.toLead.getTracks(), ...this.ear.getTracks()]) track.stop();
  }
}
