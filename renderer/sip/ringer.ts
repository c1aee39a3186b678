/** What the ringer is doing, for diagnostics and tests (window.__soriSip.ringer()). */
export interface RingerState {
  playing: boolean;
  /** The output device it rings on ('' = system default). */
  sinkId: string;
  /** RMS of the last 50 ms of the ring signal (0 between bursts). */
  level: number;
}

/** One ring: two bursts of a two-tone warble, then silence; repeats every cycle. */
const CYCLE_S = 3;
const BURSTS: ReadonlyArray<readonly [start: number, end: number]> = [
  [0, 0.4],
  [0.6, 1.0],
];
const TONES_HZ = [1_200, 1_500] as const;
const GAIN = 0.25;

/**
 * The ring of an incoming call, on its own output device: a call centre rings a desk speaker so
 * an agent without the headset on still hears it, while call audio stays in the headset. Made
 * with WebAudio (no file to load, nothing an autoplay rule can block once the context runs) and
 * played through an <audio> element, the only way to pick the output device everywhere.
 */
export class Ringer {
  private context: AudioContext | null = null;
  private element: HTMLAudioElement | null = null;
  private analyser: AnalyserNode | null = null;
  private scheduler: ReturnType<typeof setInterval> | null = null;
  private sinkId = '';

  get playing(): boolean {
    return this.context !== null;
  }

  /** Starts ringing on `sinkId` (null: the default device). Already ringing: moves it there. */
  async start(sinkId: string | null): Promise<void> {
    this.sinkId = sinkId ?? '';
    if (this.context) {
      await this.applySink();
      return;
    }
    const context = new AudioContext();
    this.context = context;
    const out = context.createMediaStreamDestination();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    const gain = context.createGain();
    gain.gain.value = 0;
    gain.connect(out);
    gain.connect(analyser);
    TONES_HZ.forEach((hz) => {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = hz;
      oscillator.connect(gain);
      oscillator.start();
    });
    this.analyser = analyser;
    // Bursts are scheduled a cycle ahead on the audio clock, so timers running late (a busy
    // renderer) never shorten or skip a ring.
    let nextCycle = context.currentTime + 0.05;
    const schedule = () => {
      while (nextCycle < context.currentTime + CYCLE_S) {
        for (const [start, end] of BURSTS) {
          gain.gain.setValueAtTime(GAIN, nextCycle + start);
          gain.gain.setValueAtTime(0, nextCycle + end);
        }
        nextCycle += CYCLE_S;
      }
    };
    schedule();
    this.scheduler = setInterval(schedule, 1_000);
    const element = document.createElement('audio');
    element.hidden = true;
    element.dataset['soriRinger'] = '';
    element.srcObject = out.stream;
    document.body.appendChild(element);
    this.element = element;
    await this.applySink();
    if (context.state !== 'running') await context.resume().catch(() => undefined);
    await element.play().catch(() => undefined);
  }

  stop(): void {
    if (this.scheduler !== null) clearInterval(this.scheduler);
    this.scheduler = null;
    if (this.element) {
      this.element.pause();
      this.element.srcObject = null;
      this.element.remove();
    }
    this.element = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.analyser = null;
  }

  state(): RingerState {
    let level = 0;
    if (this.analyser) {
      const samples = new Float32Array(this.analyser.fftSize);
      this.analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      level = Math.sqrt(sum / samples.length);
    }
    return { playing: this.playing, sinkId: this.element?.sinkId ?? this.sinkId, level };
  }

  /** A device that is gone rings on the default instead: a ring must never go unheard. */
  private async applySink(): Promise<void> {
    const element = this.element;
    if (!element || element.sinkId === this.sinkId) return;
    try {
      await element.setSinkId(this.sinkId);
    } catch {
      this.sinkId = '';
      await element.setSinkId('').catch(() => undefined);
    }
  }
}

/** The window's one ringer. */
export const ringer = new Ringer();
