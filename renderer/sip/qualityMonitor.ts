import {
  audioStatsSnapshot,
  qualitySample,
  QualityWatch,
  type AudioStatsSnapshot,
  type QualitySample,
  type QualityVerdict,
} from './callQuality';

/** How often a call's quality is sampled: often enough to warn within seconds, cheap enough. */
export const QUALITY_INTERVAL_MS = 2_000;

/**
 * Samples one call's getStats() every {@link QUALITY_INTERVAL_MS} and reports each interval's
 * quality with the call's warning level. While `paused()` says so (the call is on hold, where
 * silence is expected) nothing is sampled, and the next interval starts afresh.
 */
export class QualityMonitor {
  private readonly watch = new QualityWatch();
  private previous: AudioStatsSnapshot | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private sampling = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly paused: () => boolean,
    private readonly report: (sample: QualitySample, verdict: QualityVerdict) => void,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.tick(), QUALITY_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.previous = null;
  }

  private async tick(): Promise<void> {
    if (this.sampling || this.timer === null) return;
    if (this.paused() || this.pc.connectionState === 'closed') {
      this.previous = null;
      return;
    }
    this.sampling = true;
    try {
      const report = await this.pc.getStats();
      if (this.timer === null) return;
      const snapshot = audioStatsSnapshot(
        report as unknown as Iterable<[string, unknown]>,
        Date.now(),
      );
      if (!snapshot) return;
      const sample = qualitySample(this.previous, snapshot);
      this.previous = snapshot;
      if (sample) this.report(sample, this.watch.add(sample));
    } catch {
      // A closing connection: the call is ending, stop() follows.
    } finally {
      this.sampling = false;
    }
  }
}
