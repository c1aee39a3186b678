import { NOTICE_SAMPLE_RATE } from './noticeLibrary';
import { noticeProgressPercent, playedToEnd } from './noticeProgress';
import { MicrophoneUnavailableError } from './sipTypes';

/** How often the notice's progress is reported while it plays. */
const PROGRESS_INTERVAL_MS = 250;

/** When the notice played, in epoch ms (Date.now()). */
export interface NoticePlayback {
  startedAt: number;
  endedAt: number;
}

/**
 * What one call sends: an AudioContext graph whose MediaStreamAudioDestinationNode track is the
 * call's outgoing audio from the first packet on (given to JsSIP as `mediaStream`, so the notice
 * needs no renegotiation or replaceTrack).
 *
 * ```
 *   microphone ──> mute ──> gate (GainNode, 0 until the notice has ended) ──┐
 *   notice (AudioBufferSourceNode) ───────────────────────── agentSide ──┼──> destination ──> call
 *      └──────────────────────────────────────> speakers (agent)   │         ^
 *   keep-alive (ConstantSourceNode, offset 0) ─────────────────────┘         │
 *   a team lead barging in (monitoring, see monitoringTap.ts) ────────────────┘
 * ```
 *
 * `agentSide` is everything the agent's end sends (voice, notice, messages): a monitoring team
 * lead hears it; the lead's own voice joins the call after it, so it never comes back to them.
 *
 * The keep-alive is there because a destination that nothing feeds sends no RTP at all (see
 * docs/sip-test-infra.md, pitfall 5). The gate opens only through {@link openMicrophone}, which
 * refuses unless a notice has played to its end on this graph: there is no way to skip, mute or
 * shorten the notice, only to end the call.
 */
export class OutgoingAudio {
  /** The call's outgoing stream (give this to JsSIP). */
  readonly stream: MediaStream;
  private readonly destination: MediaStreamAudioDestinationNode;
  /** What the agent's end sends, before anything a monitoring lead adds (see the graph). */
  readonly agentSide: GainNode;
  private readonly gate: GainNode;
  private readonly keepAlive: ConstantSourceNode;
  private micSource: MediaStreamAudioSourceNode;
  /** The agent's mute (음소거): only the microphone, never the notice or a protection message. */
  private readonly mute: GainNode;
  private notice: AudioBufferSourceNode | null = null;
  private message: AudioBufferSourceNode | null = null;
  private settleMessage: ((playback: NoticePlayback | null) => void) | null = null;
  private progressTimer: ReturnType<typeof setInterval> | null = null;
  private settleNotice: ((playback: NoticePlayback | null) => void) | null = null;
  private noticeFinished = false;
  private micOpen = false;
  private isMuted = false;
  private closed = false;

  private constructor(
    /** The call's audio graph (a monitoring tap builds on it: one clock, no resampling). */
    readonly context: AudioContext,
    private microphone: MediaStream,
  ) {
    this.destination = context.createMediaStreamDestination();
    this.destination.channelCount = 1;
    this.agentSide = context.createGain();
    this.agentSide.connect(this.destination);
    this.gate = context.createGain();
    this.gate.gain.value = 0;
    this.gate.connect(this.agentSide);
    this.mute = context.createGain();
    this.mute.connect(this.gate);
    this.micSource = context.createMediaStreamSource(microphone);
    this.micSource.connect(this.mute);
    this.keepAlive = context.createConstantSource();
    this.keepAlive.offset.value = 0;
    this.keepAlive.connect(this.agentSide);
    this.keepAlive.start();
    this.stream = this.destination.stream;
  }

  /**
   * Opens the microphone with `constraints` and builds the graph, gate closed. Throws
   * {@link MicrophoneUnavailableError} when the microphone cannot be had.
   */
  static async open(constraints: MediaTrackConstraints | boolean): Promise<OutgoingAudio> {
    let microphone: MediaStream;
    try {
      microphone = await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
    } catch (error) {
      throw new MicrophoneUnavailableError(error instanceof Error ? error.name : 'unknown');
    }
    let context: AudioContext | null = null;
    try {
      context = new AudioContext({ sampleRate: NOTICE_SAMPLE_RATE, latencyHint: 'interactive' });
      const audio = new OutgoingAudio(context, microphone);
      // Autoplay is allowed in both shells; resume() covers a context created suspended.
      if (context.state !== 'running') await context.resume().catch(() => undefined);
      return audio;
    } catch (error) {
      microphone.getTracks().forEach((track) => track.stop());
      void context?.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Plays `buffer` to the customer and to the agent's speakers. Resolves with its start and end
   * once it has played to its end, or with null if the graph was closed first (the call ended).
   */
  playNotice(
    buffer: AudioBuffer,
    onProgress: (percent: number) => void,
  ): Promise<NoticePlayback | null> {
    if (this.closed) return Promise.resolve(null);
    if (this.notice) throw new Error('the notice is already playing on this call');
    const ctx = this.context;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.agentSide);
    source.connect(ctx.destination);
    this.notice = source;
    return new Promise((resolve) => {
      this.settleNotice = resolve;
      // Starting a few ms ahead lets the start time be known exactly on the audio clock.
      const startTime = ctx.currentTime + 0.02;
      const startedAt = Date.now() + 20;
      const elapsed = () => ctx.currentTime - startTime;
      source.onended = () => {
        this.stopProgress();
        source.disconnect();
        if (this.closed || !playedToEnd(elapsed(), buffer.duration)) {
          resolve(null);
          return;
        }
        this.noticeFinished = true;
        onProgress(100);
        resolve({ startedAt, endedAt: Date.now() });
      };
      source.start(startTime);
      onProgress(0);
      this.progressTimer = setInterval(
        () => onProgress(Math.min(99, noticeProgressPercent(elapsed(), buffer.duration))),
        PROGRESS_INTERVAL_MS,
      );
    });
  }

  /**
   * Plays a protection message (warning, termination) to the customer and to the agent's
   * speakers, with the microphone gate closed while it plays: the customer hears the message,
   * never the agent talking over it. With `reopenMicrophone` the gate opens again when the message
   * has played to its end (a warning; the call goes on); without it the microphone stays closed
   * (termination: the call is about to be hung up). Only after the recording notice, one message
   * at a time. Resolves like {@link playNotice}: null if the graph was closed first.
   */
  playMessage(
    buffer: AudioBuffer,
    options: { reopenMicrophone: boolean },
  ): Promise<NoticePlayback | null> {
    if (this.closed) return Promise.resolve(null);
    if (!this.noticeFinished) throw new Error('protection messages play only after the notice');
    if (this.message) throw new Error('a protection message is already playing on this call');
    const ctx = this.context;
    this.closeGate();
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.agentSide);
    source.connect(ctx.destination);
    this.message = source;
    return new Promise((resolve) => {
      this.settleMessage = resolve;
      const startTime = ctx.currentTime + 0.02;
      const startedAt = Date.now() + 20;
      source.onended = () => {
        source.disconnect();
        this.message = null;
        this.settleMessage = null;
        if (this.closed || !playedToEnd(ctx.currentTime - startTime, buffer.duration)) {
          resolve(null);
          return;
        }
        if (options.reopenMicrophone) this.openMicrophone();
        resolve({ startedAt, endedAt: Date.now() });
      };
      source.start(startTime);
    });
  }

  /**
   * Both sides of the call mixed into one stream, for the client-side recording: everything this
   * graph sends the customer (notice, messages, the gated microphone) and `remote`, the customer.
   * Lives and dies with the graph.
   */
  recordingStream(remote: MediaStream | null): MediaStream {
    const mix = this.context.createMediaStreamDestination();
    mix.channelCount = 1;
    this.context.createMediaStreamSource(this.stream).connect(mix);
    if (remote) this.context.createMediaStreamSource(remote).connect(mix);
    return mix.stream;
  }

  /** True while a protection message plays on this call. */
  /**
   * Adds `node` to what the customer hears, after `agentSide` (a team lead barging in). Returns
   * the function that takes it out again.
   */
  joinCustomerSide(node: AudioNode): () => void {
    node.connect(this.destination);
    return () => {
      try {
        node.disconnect(this.destination);
      } catch {
        // Already disconnected (the graph closed first).
      }
    };
  }

  get messagePlaying(): boolean {
    return this.message !== null;
  }

  /** Lets the agent's voice through. Only after the notice has played to its end. */
  openMicrophone(): void {
    if (!this.noticeFinished) throw new Error('the microphone opens only after the notice');
    if (this.closed) return;
    this.gate.gain.setValueAtTime(1, this.context.currentTime);
    this.micOpen = true;
  }

  /**
   * Lets the agent's voice through on a call whose INVITE carried the PBX's proof that the PBX
   * played the notice (the machine policy names the header). Never without that proof.
   */
  openMicrophoneAfterPbxNotice(): void {
    if (this.notice) throw new Error('the app is playing the notice on this call');
    this.noticeFinished = true;
    this.openMicrophone();
  }

  private closeGate(): void {
    this.gate.gain.setValueAtTime(0, this.context.currentTime);
    this.micOpen = false;
  }

  /** Mutes or unmutes the agent's microphone; the notice gate is unaffected. */
  setMuted(muted: boolean): void {
    if (this.closed) return;
    this.mute.gain.setValueAtTime(muted ? 0 : 1, this.context.currentTime);
    this.isMuted = muted;
  }

  get muted(): boolean {
    return this.isMuted;
  }

  /**
   * On hold the customer hears nothing from this side: the offer said sendonly, but what keeps
   * the agent's words private is that the outgoing track is disabled, which sends silence.
   */
  setHeld(held: boolean): void {
    if (this.closed) return;
    for (const track of this.stream.getAudioTracks()) track.enabled = !held;
  }

  /** The device the microphone captures from ('' when not known), and whether it still runs. */
  get microphoneDevice(): { deviceId: string; live: boolean } {
    const track = this.microphone.getAudioTracks()[0];
    return { deviceId: track?.getSettings().deviceId ?? '', live: track?.readyState === 'live' };
  }

  /**
   * Swaps the microphone under the mute and the notice gate (a headset unplugged mid-call, the
   * default microphone stands in): the customer hears the new one at once, with no
   * renegotiation, and whatever the gate and mute were they stay.
   */
  replaceMicrophone(microphone: MediaStream): void {
    if (this.closed) {
      microphone.getTracks().forEach((track) => track.stop());
      return;
    }
    this.micSource.disconnect();
    this.microphone.getTracks().forEach((track) => track.stop());
    this.microphone = microphone;
    this.micSource = this.context.createMediaStreamSource(microphone);
    this.micSource.connect(this.mute);
  }

  /** Where the agent hears the notice and messages: the chosen call-audio device, or default. */
  setSpeaker(deviceId: string | null): void {
    if (this.closed) return;
    const context = this.context as AudioContext & { setSinkId?(id: string): Promise<void> };
    void context.setSinkId?.(deviceId ?? '').catch(() => undefined);
  }

  /** True while the gate lets the microphone through. */
  get microphoneOpen(): boolean {
    return !this.closed && this.micOpen;
  }

  /** Stops everything: the notice (if playing), the microphone and the context. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopProgress();
    for (const source of [this.notice, this.message]) {
      try {
        source?.stop();
      } catch {
        // never started or already stopped
      }
    }
    this.keepAlive.stop();
    this.micSource.disconnect();
    this.microphone.getTracks().forEach((track) => track.stop());
    this.stream.getTracks().forEach((track) => track.stop());
    void this.context.close().catch(() => undefined);
    // A closed context may never fire 'ended': settle the notice here.
    this.settleNotice?.(null);
    this.settleMessage?.(null);
  }

  private stopProgress(): void {
    if (this.progressTimer !== null) clearInterval(this.progressTimer);
    this.progressTimer = null;
  }
}
