// Live call quality: a MOS estimate per getStats interval, and a warning level that does not
// flap. Pure functions over plain numbers (no RTCPeerConnection here), so the whole chain is
// unit-tested; the caller polls getStats() and feeds each report in.

// ---- MOS estimate ----------------------------------------------------------------------------

/** What {@link estimateMos} needs: network figures for one interval of a call. */
export interface MosInput {
  /** Round-trip time in ms; null when unknown (then no network delay is assumed). */
  rttMs: number | null;
  /** Interarrival jitter in ms (RFC 3550, as getStats reports it). */
  jitterMs: number;
  /** Share of packets lost, 0..1. */
  lossFraction: number;
}

/**
 * Mean opinion score (1..4.5) of a call from delay, jitter and loss.
 *
 * The widely used simplification of the ITU-T G.107 E-model published by NetBeez ("Impact of
 * packet loss, jitter, and latency on VoIP", netbeez.net/blog): effective latency = one-way delay
 * + 2·jitter + 10 ms (codec), R = 93.2 − latency/40 below 160 ms, else 93.2 − (latency − 120)/10,
 * then −2.5 per percent lost; MOS from R by G.107's own conversion (Annex B). getStats gives a
 * round trip, so one-way delay is half of it. It ignores the codec and jitter-buffer behaviour: a
 * trend to warn on, not a lab measurement.
 *
 * @throws RangeError for a non-finite input (a bug in the caller, not a network condition)
 */
export function estimateMos({ rttMs, jitterMs, lossFraction }: MosInput): number {
  if (
    (rttMs !== null && !Number.isFinite(rttMs)) ||
    !Number.isFinite(jitterMs) ||
    !Number.isFinite(lossFraction)
  ) {
    throw new RangeError(
      `estimateMos: non-finite input (rttMs ${rttMs}, jitterMs ${jitterMs}, lossFraction ${lossFraction})`,
    );
  }
  const oneWayMs = Math.max(0, rttMs ?? 0) / 2;
  const effectiveLatency = oneWayMs + 2 * Math.max(0, jitterMs) + 10;
  const lossPercent = 100 * Math.min(1, Math.max(0, lossFraction));
  const delayed =
    effectiveLatency < 160 ? 93.2 - effectiveLatency / 40 : 93.2 - (effectiveLatency - 120) / 10;
  const r = Math.min(100, Math.max(0, delayed - 2.5 * lossPercent));
  const mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
  return Math.min(4.5, Math.max(1, mos));
}

// ---- getStats snapshots and interval samples -------------------------------------------------

/**
 * The audio figures of one getStats() report of one call, as plain numbers. Counters are
 * cumulative since the stream started; absent means the report did not carry the field (or it
 * was not a finite number).
 */
export interface AudioStatsSnapshot {
  /** When the report was read, ms (the caller's clock). */
  at: number;
  /** inbound-rtp (audio) packetsReceived. */
  packetsReceived: number;
  /** inbound-rtp (audio) packetsLost; may go down a little when late packets turn up. */
  packetsLost: number;
  /** inbound-rtp (audio) jitter, seconds. */
  jitterSeconds: number | null;
  /** remote-inbound-rtp (audio) roundTripTime, seconds: from the far end's RTCP reports. */
  remoteRoundTripTimeSeconds: number | null;
  /** remote-inbound-rtp (audio) fractionLost: the far end's loss of what we send, 0..1. */
  remoteFractionLost: number | null;
  /** The selected candidate-pair's currentRoundTripTime, seconds (ICE consent checks). */
  candidatePairRoundTripTimeSeconds: number | null;
}

/**
 * What {@link audioStatsSnapshot} reads: an RTCStatsReport, or anything else that iterates
 * `[id, stats]` pairs (a Map in tests). Structural, so this module needs no DOM types.
 */
export type StatsReportLike = Iterable<readonly [string, unknown]>;

type StatsEntry = Record<string, unknown>;

const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

const nonNegative = (value: unknown): number | null => {
  const number = finite(value);
  return number !== null && number >= 0 ? number : null;
};

/**
 * Reads one call's audio figures from a getStats() report, or null when the report has no
 * received audio stream yet (before media flows). Every field is checked: a non-finite or negative
 * value counts as absent.
 */
export function audioStatsSnapshot(
  report: StatsReportLike,
  now: number,
): AudioStatsSnapshot | null {
  const entries: StatsEntry[] = [];
  for (const [, stats] of report) {
    if (stats !== null && typeof stats === 'object') entries.push(stats as StatsEntry);
  }
  const ofType = (type: string) =>
    entries.filter((entry) => entry['type'] === type && entry['kind'] === 'audio');

  // One call has one audio receiver, but a new SSRC (the far end restarted its stream) can leave
  // two inbound-rtp entries: counters are summed so the interval stays continuous, and the jitter
  // is the busiest stream's.
  let packetsReceived = 0;
  let packetsLost = 0;
  let jitterSeconds: number | null = null;
  let busiest = -1;
  let inboundSeen = false;
  for (const inbound of ofType('inbound-rtp')) {
    const received = nonNegative(inbound['packetsReceived']);
    if (received === null) continue;
    inboundSeen = true;
    packetsReceived += received;
    packetsLost += finite(inbound['packetsLost']) ?? 0;
    if (received > busiest) {
      busiest = received;
      jitterSeconds = nonNegative(inbound['jitter']);
    }
  }
  if (!inboundSeen) return null;

  let remoteRoundTripTimeSeconds: number | null = null;
  let remoteFractionLost: number | null = null;
  for (const remote of ofType('remote-inbound-rtp')) {
    remoteRoundTripTimeSeconds ??= nonNegative(remote['roundTripTime']);
    const fraction = nonNegative(remote['fractionLost']);
    if (remoteFractionLost === null && fraction !== null && fraction <= 1) {
      remoteFractionLost = fraction;
    }
  }

  return {
    at: now,
    packetsReceived,
    packetsLost,
    jitterSeconds,
    remoteRoundTripTimeSeconds,
    remoteFractionLost,
    candidatePairRoundTripTimeSeconds: selectedPairRtt(entries),
  };
}

/**
 * currentRoundTripTime of the candidate pair in use: the one the transport names, else (a report
 * without a transport entry) the nominated pair that succeeded.
 */
function selectedPairRtt(entries: StatsEntry[]): number | null {
  const pairs = entries.filter((entry) => entry['type'] === 'candidate-pair');
  const selectedIds = new Set(
    entries
      .filter((entry) => entry['type'] === 'transport')
      .map((transport) => transport['selectedCandidatePairId'])
      .filter((id): id is string => typeof id === 'string'),
  );
  const selected =
    pairs.find((pair) => typeof pair['id'] === 'string' && selectedIds.has(pair['id'])) ??
    pairs.find((pair) => pair['nominated'] === true && pair['state'] === 'succeeded');
  return selected ? nonNegative(selected['currentRoundTripTime']) : null;
}

/** Quality of one call over the interval between two getStats() snapshots. */
export interface QualitySample {
  /** End of the interval, ms (the later snapshot's `at`). */
  at: number;
  /** {@link estimateMos} of the interval; 1 when no audio arrived. */
  mos: number;
  /**
   * Round-trip time, ms: the far end's RTCP figure, else ICE's. Null when neither was reported;
   * `mos` then assumes no network delay, so it may be too kind.
   */
  rttMs: number | null;
  /** Interarrival jitter at the end of the interval, ms (0 when not reported). */
  jitterMs: number;
  /** Share of the interval's received-audio packets that were lost; 1 when none arrived. */
  lossFraction: number;
  /**
   * The far end's loss of what we send, from its latest RTCP report (0..1), null when unknown.
   * Shown, not in `mos`: the MOS is what the agent hears.
   */
  sentLossFraction: number | null;
  /**
   * False when not one audio packet arrived in the interval. That is the worst quality there is
   * (the agent hears nothing), so such a sample carries mos 1 and loss 1. Sampling belongs to
   * connected calls off hold: on hold, silence is expected.
   */
  receiving: boolean;
}

/**
 * The quality of the interval between two snapshots of one call, or null when there is no
 * interval yet (first snapshot) or it is empty (same time twice, or the clock went back).
 *
 * Loss is counted over the interval (Δlost / (Δlost + Δreceived)), never since the call began,
 * so a bad minute shows even after a long good call. Counters that went back mean the stream was
 * replaced: its counters then count from zero within this interval. A packetsLost that shrinks
 * while packets keep coming is late packets being found, not negative loss.
 */
export function qualitySample(
  previous: AudioStatsSnapshot | null,
  current: AudioStatsSnapshot,
): QualitySample | null {
  if (!previous || !(current.at > previous.at)) return null;

  const restarted = current.packetsReceived < previous.packetsReceived;
  const received = restarted
    ? current.packetsReceived
    : current.packetsReceived - previous.packetsReceived;
  const lost = Math.max(
    0,
    restarted ? current.packetsLost : current.packetsLost - previous.packetsLost,
  );
  const receiving = received > 0;
  const lossFraction = receiving ? lost / (lost + received) : 1;

  const rttSeconds =
    current.remoteRoundTripTimeSeconds ?? current.candidatePairRoundTripTimeSeconds;
  const rttMs = rttSeconds === null ? null : rttSeconds * 1000;
  const jitterMs = (current.jitterSeconds ?? 0) * 1000;

  return {
    at: current.at,
    mos: receiving ? estimateMos({ rttMs, jitterMs, lossFraction }) : 1,
    rttMs,
    jitterMs,
    lossFraction,
    sentLossFraction: current.remoteFractionLost,
    receiving,
  };
}

// ---- warning level with hysteresis -----------------------------------------------------------

/** How the call sounds, as the UI warns about it. */
export type QualityLevel = 'good' | 'poor' | 'bad';

/** A sample with a MOS below this is poor ("some users dissatisfied" on G.107's scale). */
export const POOR_MOS_BELOW = 3.6;
/** A sample with a MOS below this is bad ("many users dissatisfied"). */
export const BAD_MOS_BELOW = 3.1;
/** Consecutive samples at a worse level before the warning moves there. */
export const SAMPLES_TO_WORSEN = 2;
/** Consecutive samples clearly better before the warning eases. */
export const SAMPLES_TO_RECOVER = 3;
/** How far above a threshold a sample must be to count towards easing ("clearly better"). */
export const RECOVERY_MARGIN = 0.2;

const RANK: Readonly<Record<QualityLevel, number>> = { good: 0, poor: 1, bad: 2 };

const levelOf = (sample: QualitySample, margin: number): QualityLevel => {
  if (!sample.receiving || sample.mos < BAD_MOS_BELOW + margin) return 'bad';
  return sample.mos < POOR_MOS_BELOW + margin ? 'poor' : 'good';
};

const worst = (levels: QualityLevel[]): QualityLevel =>
  levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'good');

const best = (levels: QualityLevel[]): QualityLevel =>
  levels.reduce((a, b) => (RANK[b] < RANK[a] ? b : a), 'bad');

/** What {@link QualityWatch.add} decided. */
export interface QualityVerdict {
  level: QualityLevel;
  /** True when `level` differs from the level before this sample. */
  changed: boolean;
}

/**
 * The warning level of one call. One bad interval (a burst of loss, a late RTCP report) must not
 * flash a warning, and a warning must not blink off and on around a threshold, so the level
 * worsens after {@link SAMPLES_TO_WORSEN} samples in a row at the worse level and eases after
 * {@link SAMPLES_TO_RECOVER} in a row at least {@link RECOVERY_MARGIN} above its threshold.
 * A call starts 'good'. Use one watch per call.
 */
export class QualityWatch {
  private current: QualityLevel = 'good';
  private readonly recent: QualitySample[] = [];

  /** The level after the samples so far. */
  get level(): QualityLevel {
    return this.current;
  }

  /** Takes the next interval's sample and says the level, and whether it just changed. */
  add(sample: QualitySample): QualityVerdict {
    this.recent.push(sample);
    const keep = Math.max(SAMPLES_TO_WORSEN, SAMPLES_TO_RECOVER);
    if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);

    const before = this.current;
    const lastLevels = (n: number, margin: number): QualityLevel[] | null =>
      this.recent.length < n
        ? null
        : this.recent.slice(-n).map((recent) => levelOf(recent, margin));
    // Worse: the level all of the last N samples reached or went beyond. Better: the level all of
    // the last M samples reached or surpassed, with the margin.
    const worsening = lastLevels(SAMPLES_TO_WORSEN, 0);
    const easing = lastLevels(SAMPLES_TO_RECOVER, RECOVERY_MARGIN);
    const worse = worsening && best(worsening);
    const better = easing && worst(easing);
    if (worse !== null && RANK[worse] > RANK[before]) this.current = worse;
    else if (better !== null && RANK[better] < RANK[before]) this.current = better;

    return { level: this.current, changed: this.current !== before };
  }
}
