import type { RecordingFailure, RecordingSink } from './sipTypes';

/** Opus in WebM: what Chromium's MediaRecorder writes natively, playable by any browser. */
const MIME_TYPE = 'audio/webm;codecs=opus';
/** Speech quality; about 240 kB a minute, against 1.9 MB for 16 kHz PCM. */
const BITS_PER_SECOND = 32_000;
/** A chunk a second: a crash loses at most about a second of the recording. */
const TIMESLICE_MS = 1_000;

export interface CallRecorderEvents {
  onPaused(): void;
  onResumed(): void;
  onStopped(): void;
  onFailed(reason: RecordingFailure): void;
}

/**
 * Records one call (a stream with both sides mixed, see OutgoingAudio.recordingStream) with
 * MediaRecorder and hands each chunk to the sink in order. Pausing stops the recorder's clock, so
 * the paused span is simply absent from the file; main audits when and how long.
 */
export class CallRecorder {
  private seq = 0;
  /** Chunks go to main one after another; stop() waits for the last. */
  private pending: Promise<unknown> = Promise.resolve();
  private failed = false;
  private stopping: Promise<void> | null = null;

  private constructor(
    private readonly callId: string,
    private readonly recorder: MediaRecorder,
    private readonly sink: RecordingSink,
    private readonly events: CallRecorderEvents,
  ) {
    recorder.ondataavailable = (event) => {
      if (event.data.size === 0 || this.failed) return;
      const seq = this.seq++;
      this.pending = this.pending.then(async () => {
        if (this.failed) return;
        const stored = await sink.append(callId, seq, await event.data.arrayBuffer());
        if (!stored) this.fail('store_failed');
      });
    };
  }

  /**
   * Starts recording `stream` once main has opened the call's encrypted file. Resolves null (and
   * reports why) when this browser cannot record Opus or main refused.
   */
  static async start(
    callId: string,
    stream: MediaStream,
    sink: RecordingSink,
    events: CallRecorderEvents,
  ): Promise<CallRecorder | null> {
    if (typeof MediaRecorder === 'undefined' || !MediaRecorder.isTypeSupported(MIME_TYPE)) {
      events.onFailed('unsupported');
      return null;
    }
    if (!(await sink.start(callId, MIME_TYPE))) {
      events.onFailed('refused');
      return null;
    }
    const recorder = new MediaRecorder(stream, {
      mimeType: MIME_TYPE,
      audioBitsPerSecond: BITS_PER_SECOND,
    });
    const callRecorder = new CallRecorder(callId, recorder, sink, events);
    recorder.start(TIMESLICE_MS);
    return callRecorder;
  }

  get paused(): boolean {
    return this.recorder.state === 'paused';
  }

  async pause(): Promise<void> {
    if (this.recorder.state !== 'recording' || this.failed) return;
    // Stop the audio first, then tell main: nothing sensitive is captured while main is asked.
    this.recorder.pause();
    if (await this.sink.pause(this.callId, Date.now())) this.events.onPaused();
    else this.fail('store_failed');
  }

  async resume(): Promise<void> {
    if (this.recorder.state !== 'paused' || this.failed) return;
    if (!(await this.sink.resume(this.callId, Date.now()))) {
      this.fail('store_failed');
      return;
    }
    this.recorder.resume();
    this.events.onResumed();
  }

  /** Flushes the last chunk to main and closes the recording; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      if (this.recorder.state === 'inactive') {
        resolve();
        return;
      }
      // 'stop' fires after the final 'dataavailable'.
      this.recorder.addEventListener('stop', () => resolve(), { once: true });
      this.recorder.stop();
    }).then(async () => {
      await this.pending;
      if (this.failed) return;
      if (await this.sink.stop(this.callId)) this.events.onStopped();
      else this.fail('store_failed');
    });
    return this.stopping;
  }

  private fail(reason: RecordingFailure): void {
    if (this.failed) return;
    this.failed = true;
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    void this.sink.stop(this.callId);
    this.events.onFailed(reason);
  }
}
