import { describe, expect, it } from 'vitest';
import {
  BAD_MOS_BELOW,
  POOR_MOS_BELOW,
  QualityWatch,
  audioStatsSnapshot,
  estimateMos,
  qualitySample,
  type AudioStatsSnapshot,
  type QualityLevel,
  type QualitySample,
} from '../../../../renderer/sip/callQuality';

const clean = { rttMs: 0, jitterMs: 0, lossFraction: 0 };

describe('estimateMos (simplified E-model)', () => {
  it('a perfect network scores about 4.4, the ceiling of narrowband voice', () => {
    // 10 ms codec allowance only: R = 93.2 - 10/40 = 92.95.
    expect(estimateMos(clean)).toBeCloseTo(4.404, 3);
  });

  it('5 % loss costs 12.5 R points: about 4.04', () => {
    expect(estimateMos({ ...clean, lossFraction: 0.05 })).toBeCloseTo(4.041, 3);
  });

  it('20 % loss is far below the bad threshold', () => {
    expect(estimateMos({ ...clean, lossFraction: 0.2 })).toBeCloseTo(2.211, 3);
    expect(estimateMos({ ...clean, lossFraction: 0.2 })).toBeLessThan(BAD_MOS_BELOW);
  });

  it('delay counts one way (half the RTT), and beyond 160 ms effective latency it costs 10x more', () => {
    // RTT 600 ms: 300 ms one way, latency 310 ms, R = 93.2 - 19 = 74.2.
    expect(estimateMos({ ...clean, rttMs: 600 })).toBeCloseTo(3.787, 3);
    // RTT 800 ms: R = 64.2, poor.
    expect(estimateMos({ ...clean, rttMs: 800 })).toBeCloseTo(3.315, 3);
    expect(estimateMos({ ...clean, rttMs: 800 })).toBeLessThan(POOR_MOS_BELOW);
    // Below the knee delay is nearly free: RTT 300 ms loses less than 0.1.
    expect(estimateMos({ ...clean, rttMs: 300 })).toBeCloseTo(4.319, 3);
  });

  it('jitter weighs twice: 20 ms of jitter costs as much as 40 ms one way (80 ms RTT)', () => {
    const jittery = estimateMos({ ...clean, jitterMs: 20 });
    expect(jittery).toBeCloseTo(4.384, 3);
    expect(jittery).toBeCloseTo(estimateMos({ ...clean, rttMs: 80 }), 10);
  });

  it('an unknown RTT counts as no delay', () => {
    expect(estimateMos({ ...clean, rttMs: null, lossFraction: 0.01 })).toBe(
      estimateMos({ ...clean, lossFraction: 0.01 }),
    );
  });

  it('stays within 1..4.5 for impossible inputs, and refuses non-finite ones', () => {
    expect(estimateMos({ ...clean, lossFraction: 1 })).toBe(1);
    expect(estimateMos({ ...clean, lossFraction: 7 })).toBe(1);
    expect(estimateMos({ rttMs: 10_000, jitterMs: 5_000, lossFraction: 0 })).toBe(1);
    expect(estimateMos({ rttMs: -50, jitterMs: -3, lossFraction: -0.5 })).toBe(estimateMos(clean));
    expect(() => estimateMos({ ...clean, jitterMs: Number.NaN })).toThrow(RangeError);
    expect(() => estimateMos({ ...clean, rttMs: Infinity })).toThrow(RangeError);
  });
});

/** A getStats() report as Chromium shapes it (ids like Chromium's), as a Map. */
function chromiumReport(overrides: Record<string, Record<string, unknown>> = {}) {
  const entries: Record<string, Record<string, unknown>> = {
    T01: { id: 'T01', type: 'transport', selectedCandidatePairId: 'CPsel' },
    CPsel: {
      id: 'CPsel',
      type: 'candidate-pair',
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: 0.012,
    },
    CPother: {
      id: 'CPother',
      type: 'candidate-pair',
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: 0.9,
    },
    IT01A111: {
      id: 'IT01A111',
      type: 'inbound-rtp',
      kind: 'audio',
      packetsReceived: 1500,
      packetsLost: 30,
      jitter: 0.004,
    },
    IT01V222: {
      id: 'IT01V222',
      type: 'inbound-rtp',
      kind: 'video',
      packetsReceived: 99_999,
      packetsLost: 9_999,
      jitter: 0.5,
    },
    RIA333: {
      id: 'RIA333',
      type: 'remote-inbound-rtp',
      kind: 'audio',
      roundTripTime: 0.08,
      fractionLost: 0.015625,
    },
    OT01A333: { id: 'OT01A333', type: 'outbound-rtp', kind: 'audio', packetsSent: 1600 },
    ...overrides,
  };
  return new Map(Object.entries(entries));
}

describe('audioStatsSnapshot', () => {
  it('reads the audio figures of a Chromium report and ignores video and unused pairs', () => {
    expect(audioStatsSnapshot(chromiumReport(), 5000)).toEqual({
      at: 5000,
      packetsReceived: 1500,
      packetsLost: 30,
      jitterSeconds: 0.004,
      remoteRoundTripTimeSeconds: 0.08,
      remoteFractionLost: 0.015625,
      candidatePairRoundTripTimeSeconds: 0.012,
    });
  });

  it('treats garbage values as absent', () => {
    const snapshot = audioStatsSnapshot(
      chromiumReport({
        IT01A111: {
          type: 'inbound-rtp',
          kind: 'audio',
          packetsReceived: 1500,
          packetsLost: Number.NaN,
          jitter: '0.004',
        },
        RIA333: {
          type: 'remote-inbound-rtp',
          kind: 'audio',
          roundTripTime: Infinity,
          fractionLost: 3,
        },
        CPsel: { id: 'CPsel', type: 'candidate-pair', currentRoundTripTime: -1 },
        junk: null as unknown as Record<string, unknown>,
      }),
      1,
    );
    expect(snapshot).toEqual({
      at: 1,
      packetsReceived: 1500,
      packetsLost: 0,
      jitterSeconds: null,
      remoteRoundTripTimeSeconds: null,
      remoteFractionLost: null,
      candidatePairRoundTripTimeSeconds: null,
    });
  });

  it('is null until an audio stream has received something countable', () => {
    const report = chromiumReport();
    report.delete('IT01A111');
    expect(audioStatsSnapshot(report, 1)).toBeNull();
    expect(
      audioStatsSnapshot(
        chromiumReport({ IT01A111: { type: 'inbound-rtp', kind: 'audio', packetsReceived: 'x' } }),
        1,
      ),
    ).toBeNull();
    expect(audioStatsSnapshot([], 1)).toBeNull();
  });

  it('without a transport naming the pair, takes the nominated, succeeded one', () => {
    const report = chromiumReport({
      CPother: { type: 'candidate-pair', state: 'failed', currentRoundTripTime: 0.9 },
    });
    report.delete('T01');
    expect(audioStatsSnapshot(report, 1)?.candidatePairRoundTripTimeSeconds).toBe(0.012);
  });

  it('adds up the counters of a replaced stream (two audio SSRCs), jitter from the busier', () => {
    const snapshot = audioStatsSnapshot(
      chromiumReport({
        IT01A444: {
          type: 'inbound-rtp',
          kind: 'audio',
          packetsReceived: 200,
          packetsLost: 4,
          jitter: 0.05,
        },
      }),
      1,
    );
    expect(snapshot).toMatchObject({
      packetsReceived: 1700,
      packetsLost: 34,
      jitterSeconds: 0.004,
    });
  });
});

function snapshot(at: number, fields: Partial<AudioStatsSnapshot> = {}): AudioStatsSnapshot {
  return {
    at,
    packetsReceived: 0,
    packetsLost: 0,
    jitterSeconds: 0,
    remoteRoundTripTimeSeconds: null,
    remoteFractionLost: null,
    candidatePairRoundTripTimeSeconds: null,
    ...fields,
  };
}

describe('qualitySample', () => {
  it('needs two snapshots in time order', () => {
    const first = snapshot(1000, { packetsReceived: 50 });
    expect(qualitySample(null, first)).toBeNull();
    expect(qualitySample(first, { ...first, packetsReceived: 100 })).toBeNull();
    expect(qualitySample(first, { ...first, at: 500, packetsReceived: 100 })).toBeNull();
  });

  it('counts loss over the interval, not since the call began', () => {
    // 10 % lost before this interval, none during it.
    const healed = qualitySample(
      snapshot(0, { packetsReceived: 900, packetsLost: 100 }),
      snapshot(2000, { packetsReceived: 1000, packetsLost: 100 }),
    );
    expect(healed).toMatchObject({ at: 2000, lossFraction: 0, receiving: true });
    expect(healed?.mos).toBeCloseTo(estimateMos(clean), 10);

    // A long clean call, then 20 of 100 packets lost in the last interval.
    const broken = qualitySample(
      snapshot(0, { packetsReceived: 100_000 }),
      snapshot(2000, { packetsReceived: 100_080, packetsLost: 20 }),
    );
    expect(broken?.lossFraction).toBeCloseTo(0.2, 10);
    expect(broken?.mos).toBeCloseTo(estimateMos({ ...clean, lossFraction: 0.2 }), 10);
  });

  it('a stream whose counters went back is new: counted from zero, never negative loss', () => {
    const sample = qualitySample(
      snapshot(0, { packetsReceived: 5000, packetsLost: 50 }),
      snapshot(2000, { packetsReceived: 95, packetsLost: 5 }),
    );
    expect(sample).toMatchObject({ receiving: true });
    expect(sample?.lossFraction).toBeCloseTo(0.05, 10);
  });

  it('late packets shrinking packetsLost are not negative loss', () => {
    const sample = qualitySample(
      snapshot(0, { packetsReceived: 1000, packetsLost: 10 }),
      snapshot(2000, { packetsReceived: 1100, packetsLost: 8 }),
    );
    expect(sample?.lossFraction).toBe(0);
  });

  it('no audio in the interval is the worst case, not a perfect one', () => {
    const silent = qualitySample(
      snapshot(0, { packetsReceived: 1000 }),
      snapshot(2000, { packetsReceived: 1000 }),
    );
    expect(silent).toMatchObject({ receiving: false, mos: 1, lossFraction: 1 });
    const allLost = qualitySample(
      snapshot(0, { packetsReceived: 1000 }),
      snapshot(2000, { packetsReceived: 1000, packetsLost: 100 }),
    );
    expect(allLost).toMatchObject({ receiving: false, mos: 1, lossFraction: 1 });
  });

  it("takes the far end's RTCP round trip, else ICE's, else says it is unknown", () => {
    const before = snapshot(0, { packetsReceived: 0 });
    const rtts = { remoteRoundTripTimeSeconds: 0.7, candidatePairRoundTripTimeSeconds: 0.05 };
    const both = qualitySample(before, snapshot(1000, { packetsReceived: 50, ...rtts }));
    expect(both?.rttMs).toBeCloseTo(700, 10);
    expect(both?.mos).toBeCloseTo(estimateMos({ ...clean, rttMs: 700 }), 10);

    const iceOnly = qualitySample(
      before,
      snapshot(1000, { packetsReceived: 50, candidatePairRoundTripTimeSeconds: 0.05 }),
    );
    expect(iceOnly?.rttMs).toBeCloseTo(50, 10);

    const unknown = qualitySample(before, snapshot(1000, { packetsReceived: 50 }));
    expect(unknown?.rttMs).toBeNull();
    expect(unknown?.mos).toBe(estimateMos(clean));
  });

  it('converts jitter to ms (0 when not reported) and passes the sent-audio loss on', () => {
    const sample = qualitySample(
      snapshot(0),
      snapshot(1000, { packetsReceived: 50, jitterSeconds: 0.03, remoteFractionLost: 0.1 }),
    );
    expect(sample?.jitterMs).toBeCloseTo(30, 10);
    expect(sample?.mos).toBeCloseTo(estimateMos({ ...clean, jitterMs: 30 }), 10);
    expect(sample?.sentLossFraction).toBe(0.1);
    const noJitter = qualitySample(
      snapshot(0),
      snapshot(1000, { packetsReceived: 50, jitterSeconds: null }),
    );
    expect(noJitter?.jitterMs).toBe(0);
  });

  it('a report read from getStats and fed through gives the interval figures', () => {
    const first = audioStatsSnapshot(chromiumReport(), 0);
    const second = audioStatsSnapshot(
      chromiumReport({
        IT01A111: {
          type: 'inbound-rtp',
          kind: 'audio',
          packetsReceived: 1580,
          packetsLost: 50,
          jitter: 0.004,
        },
      }),
      2000,
    );
    expect(second).not.toBeNull();
    const sample = qualitySample(first, second!);
    expect(sample).toMatchObject({ at: 2000, rttMs: 80, jitterMs: 4, receiving: true });
    expect(sample?.lossFraction).toBeCloseTo(0.2, 10);
    expect(sample?.mos).toBeLessThan(BAD_MOS_BELOW);
  });
});

let clock = 0;
function sample(mos: number, receiving = true): QualitySample {
  clock += 2000;
  return {
    at: clock,
    mos,
    rttMs: 20,
    jitterMs: 2,
    lossFraction: 0,
    sentLossFraction: null,
    receiving,
  };
}

/** The verdicts of one fresh watch over a run of samples. */
function run(samples: QualitySample[], watch = new QualityWatch()) {
  return samples.map((s) => watch.add(s));
}
const levels = (verdicts: { level: QualityLevel }[]) => verdicts.map((v) => v.level);

const GOOD = 4.3;
const POOR = POOR_MOS_BELOW - 0.2; // 3.4: poor, not bad
const BAD = BAD_MOS_BELOW - 0.5;

describe('QualityWatch', () => {
  it('starts good, and one bad sample between good ones changes nothing', () => {
    const watch = new QualityWatch();
    expect(watch.level).toBe('good');
    const verdicts = run([sample(GOOD), sample(BAD), sample(GOOD), sample(1, false)], watch);
    expect(verdicts.every((v) => v.level === 'good' && !v.changed)).toBe(true);
  });

  it('two poor samples in a row make it poor, said once', () => {
    const verdicts = run([sample(GOOD), sample(POOR), sample(POOR), sample(POOR)]);
    expect(levels(verdicts)).toEqual(['good', 'good', 'poor', 'poor']);
    expect(verdicts.map((v) => v.changed)).toEqual([false, false, true, false]);
  });

  it('the threshold is "below": a MOS of exactly 3.6 is still good', () => {
    expect(levels(run([sample(POOR_MOS_BELOW), sample(POOR_MOS_BELOW)]))).toEqual(['good', 'good']);
  });

  it('two bad samples from good go straight to bad; poor then bad is only poor', () => {
    expect(levels(run([sample(BAD), sample(BAD)]))).toEqual(['good', 'bad']);
    expect(levels(run([sample(POOR), sample(BAD), sample(BAD)]))).toEqual(['good', 'poor', 'bad']);
  });

  it('eases only after three samples in a row at least 0.2 above the threshold', () => {
    const watch = new QualityWatch();
    run([sample(POOR), sample(POOR)], watch);
    expect(watch.level).toBe('poor');
    // Above 3.6 but within the margin: not clearly better.
    const hovering = run(
      [3.7, 3.75, 3.79, 3.7].map((mos) => sample(mos)),
      watch,
    );
    expect(levels(hovering)).toEqual(['poor', 'poor', 'poor', 'poor']);
    // Clearly better, but interrupted once: the count starts again.
    const interrupted = run(
      [3.85, 4.2, 3.7, 4.2, 4.2].map((mos) => sample(mos)),
      watch,
    );
    expect(levels(interrupted)).toEqual(['poor', 'poor', 'poor', 'poor', 'poor']);
    const recovered = watch.add(sample(4.2));
    expect(recovered).toEqual({ level: 'good', changed: true });
  });

  it('from bad, eases to poor or good depending on how good the last three were', () => {
    const toPoor = new QualityWatch();
    run([sample(BAD), sample(BAD)], toPoor);
    const partly = run(
      [3.35, 3.5, 3.9].map((mos) => sample(mos)),
      toPoor,
    );
    expect(levels(partly)).toEqual(['bad', 'bad', 'poor']);
    // 3.25 is above 3.1 but not by the margin: stays bad.
    const notYet = new QualityWatch();
    run([sample(BAD), sample(BAD)], notYet);
    expect(
      levels(
        run(
          [3.25, 3.5, 3.5].map((mos) => sample(mos)),
          notYet,
        ),
      ),
    ).toEqual(['bad', 'bad', 'bad']);

    const toGood = new QualityWatch();
    run([sample(BAD), sample(BAD)], toGood);
    expect(levels(run([sample(GOOD), sample(GOOD), sample(GOOD)], toGood))).toEqual([
      'bad',
      'bad',
      'good',
    ]);
  });

  it('two intervals without audio are bad, whatever the MOS says', () => {
    const verdicts = run([sample(GOOD), sample(GOOD, false), sample(GOOD, false)]);
    expect(levels(verdicts)).toEqual(['good', 'good', 'bad']);
    expect(verdicts[2]?.changed).toBe(true);
  });

  it('a not-receiving sample breaks a recovery run', () => {
    const watch = new QualityWatch();
    run([sample(BAD), sample(BAD)], watch);
    expect(levels(run([sample(GOOD), sample(GOOD, false), sample(GOOD)], watch))).toEqual([
      'bad',
      'bad',
      'bad',
    ]);
  });
});
