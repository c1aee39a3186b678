import { ringer as sharedRinger, type Ringer, type RingerState } from './ringer';
import { sessionRegistry, type NoticeSnapshot, type SessionRegistry } from './sessionRegistry';

/** Received-audio counters of one call (RTCInboundRtpStreamStats, kind audio). */
export interface InboundAudioStats {
  packetsReceived: number;
  bytesReceived: number;
  totalAudioEnergy: number;
  audioLevel: number;
}

/** Sent-audio counters of one call (RTCOutboundRtpStreamStats, kind audio). */
export interface OutboundAudioStats {
  packetsSent: number;
  bytesSent: number;
}

export interface CallStats {
  callId: string;
  inbound: InboundAudioStats | null;
  outbound: OutboundAudioStats | null;
}

export interface RemoteSpectrum {
  callId: string;
  /** Dominant frequency of the received audio over the window, in Hz. */
  peakHz: number;
  /** Power of that frequency bin, in dBFS. */
  peakDb: number;
  /** Mean RMS of the received signal (0..1). */
  rms: number;
  /** 'running' unless autoplay rules suspended the AudioContext (then nothing was measured). */
  contextState: AudioContextState;
}

/**
 * Read-only diagnostics for support and tests, on `window.__soriSip`. They report media
 * counters and the received spectrum only: no SIP messages, credentials or phone numbers.
 */
export interface SoriSipDiagnostics {
  /** Audio RTP counters of every live call, from RTCPeerConnection.getStats(). */
  callStats(): Promise<CallStats[]>;
  /**
   * Listens to a call's received audio for `ms` milliseconds and reports its dominant
   * frequency between `minHz` and `maxHz` (default 100..4000). Null when the call has no remote
   * audio (yet).
   */
  remoteSpectrum(
    callId: string,
    ms?: number,
    minHz?: number,
    maxHz?: number,
  ): Promise<RemoteSpectrum | null>;
  /** Ids of the calls the agent currently holds. */
  callIds(): string[];
  /** The level (dBFS) of each of the tones `hz` in a call's received audio over `ms`. */
  remoteTones(callId: string, hz: number[], ms?: number): Promise<Record<string, number> | null>;
  /** The monitoring calls (issue #8) this app is on, and on which side. */
  monitorIds(): Array<{ monitorId: string; role: 'agent' | 'lead' }>;
  /**
   * The level (dBFS) of each tone in a monitoring call's audio: what it receives, or (agent side)
   * what of the lead is played to the agent's ear.
   */
  monitorTones(
    monitorId: string,
    which: 'received' | 'ear',
    hz: number[],
    ms?: number,
  ): Promise<Record<string, number> | null>;
  /**
   * Where a call's recording notice is (pending, playing, done, failed) with its start and end in
   * epoch ms; kept for a few calls after they end. Null before the call is answered.
   */
  noticeState(callId: string): NoticeSnapshot | null;
  /** Whether the ringer rings, on which output device, and how loud right now. */
  ringer(): RingerState;
  /** The output device ('' = default) each live call's audio plays on, by call id. */
  callAudioSinks(): Record<string, string>;
  /** The input device each live call's microphone captures from, by call id. */
  callMicrophones(): Record<string, string>;
}

declare global {
  interface Window {
    __soriSip?: SoriSipDiagnostics;
  }
}

const num = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : 0;

async function statsOf(callId: string, pc: RTCPeerConnection | undefined): Promise<CallStats> {
  const result: CallStats = { callId, inbound: null, outbound: null };
  if (!pc) return result;
  const report = await pc.getStats();
  report.forEach((entry: Record<string, unknown>) => {
    if (entry['kind'] !== 'audio') return;
    if (entry['type'] === 'inbound-rtp') {
      result.inbound = {
        packetsReceived: num(entry['packetsReceived']),
        bytesReceived: num(entry['bytesReceived']),
        totalAudioEnergy: num(entry['totalAudioEnergy']),
        audioLevel: num(entry['audioLevel']),
      };
    } else if (entry['type'] === 'outbound-rtp') {
      result.outbound = {
        packetsSent: num(entry['packetsSent']),
        bytesSent: num(entry['bytesSent']),
      };
    }
  });
  return result;
}

let audioContext: AudioContext | null = null;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Power spectrum of `stream` summed over `ms`, and its mean RMS. */
interface SummedSpectrum {
  power: Float64Array;
  frames: number;
  hzPerBin: number;
  rms: number;
  contextState: AudioContextState;
}

/**
 * FFT of a stream: an AnalyserNode on it, power spectra summed over the window. The analyser
 * exists only while measuring.
 */
async function sumSpectrum(stream: MediaStream, ms: number): Promise<SummedSpectrum> {
  audioContext ??= new AudioContext({ sampleRate: 48000 });
  const ctx = audioContext;
  if (ctx.state !== 'running') await ctx.resume().catch(() => undefined);
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 8192;
  analyser.smoothingTimeConstant = 0.2;
  source.connect(analyser);
  try {
    const bins = new Float32Array(analyser.frequencyBinCount);
    const samples = new Float32Array(analyser.fftSize);
    const power = new Float64Array(analyser.frequencyBinCount);
    let frames = 0;
    let rmsSum = 0;
    // Let the analyser fill its first window before reading.
    await sleep(Math.min(200, ms));
    const end = performance.now() + ms;
    do {
      analyser.getFloatFrequencyData(bins);
      for (let i = 0; i < bins.length; i++) power[i]! += Math.pow(10, bins[i]! / 10);
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
      rmsSum += Math.sqrt(sum / samples.length);
      frames++;
      await sleep(50);
    } while (performance.now() < end);
    return {
      power,
      frames,
      hzPerBin: ctx.sampleRate / analyser.fftSize,
      rms: Number((rmsSum / frames).toFixed(4)),
      contextState: ctx.state,
    };
  } finally {
    source.disconnect();
    analyser.disconnect();
  }
}

const toDb = (power: number, frames: number) =>
  power > 0 ? Number((10 * Math.log10(power / frames)).toFixed(1)) : -200;

/** The strongest frequency of the received audio between `minHz` and `maxHz`. */
async function measureSpectrum(
  callId: string,
  stream: MediaStream,
  ms: number,
  minHz: number,
  maxHz: number,
): Promise<RemoteSpectrum> {
  const { power, frames, hzPerBin, rms, contextState } = await sumSpectrum(stream, ms);
  let best = -1;
  let bestPower = 0;
  const last = Math.min(power.length - 1, Math.floor(maxHz / hzPerBin));
  for (let i = Math.max(1, Math.floor(minHz / hzPerBin)); i <= last; i++) {
    if (power[i]! > bestPower) {
      bestPower = power[i]!;
      best = i;
    }
  }
  return {
    callId,
    peakHz: best < 0 ? 0 : Math.round(best * hzPerBin),
    peakDb: toDb(bestPower, frames),
    rms,
    contextState,
  };
}

/**
 * The level (dBFS) of each tone in `hz` in a stream: the strongest bin within ±2 bins of it
 * (a tone through a codec spreads a little). For telling several tones in one mix apart.
 */
async function measureTones(
  stream: MediaStream,
  hz: readonly number[],
  ms: number,
): Promise<Record<string, number>> {
  const { power, frames, hzPerBin } = await sumSpectrum(stream, ms);
  const levels: Record<string, number> = {};
  for (const tone of hz) {
    const centre = Math.round(tone / hzPerBin);
    let best = 0;
    for (let i = Math.max(1, centre - 2); i <= Math.min(power.length - 1, centre + 2); i++) {
      best = Math.max(best, power[i]!);
    }
    levels[String(tone)] = toDb(best, frames);
  }
  return levels;
}

/** The monitoring calls' streams (issue #8), as the SIP agent has them. */
export type MonitoringStreams = () => Array<{
  monitorId: string;
  role: 'agent' | 'lead';
  received: MediaStream | null;
  ear: MediaStream | null;
}>;

export function createDiagnostics(
  registry: SessionRegistry = sessionRegistry,
  ringer: Ringer = sharedRinger,
  monitoring: MonitoringStreams = () => [],
): SoriSipDiagnostics {
  return {
    monitorIds: () => monitoring().map(({ monitorId, role }) => ({ monitorId, role })),
    async monitorTones(monitorId, which, hz, ms = 1000) {
      const leg = monitoring().find((m) => m.monitorId === monitorId);
      const stream = which === 'received' ? leg?.received : leg?.ear;
      if (!stream || stream.getAudioTracks().length === 0) return null;
      return measureTones(stream, hz.slice(0, 8), Math.max(100, Math.min(ms, 30_000)));
    },
    async remoteTones(callId, hz, ms = 1000) {
      const stream = registry.get(callId)?.remoteStream;
      if (!stream || stream.getAudioTracks().length === 0) return null;
      return measureTones(stream, hz.slice(0, 8), Math.max(100, Math.min(ms, 30_000)));
    },
    callStats: () =>
      Promise.all(
        registry.entries().map(([callId, media]) => statsOf(callId, media.session.connection)),
      ),
    async remoteSpectrum(callId, ms = 1000, minHz = 100, maxHz = 4000) {
      const stream = registry.get(callId)?.remoteStream;
      if (!stream || stream.getAudioTracks().length === 0) return null;
      return measureSpectrum(callId, stream, Math.max(100, Math.min(ms, 30_000)), minHz, maxHz);
    },
    callIds: () => registry.entries().map(([callId]) => callId),
    noticeState: (callId) => registry.notice(String(callId)),
    ringer: () => ringer.state(),
    callAudioSinks: () =>
      Object.fromEntries(
        registry
          .entries()
          .map(([callId, media]) => [callId, media.audioElement?.sinkId ?? ''] as const),
      ),
    callMicrophones: () =>
      Object.fromEntries(
        registry
          .entries()
          .map(
            ([callId, media]) => [callId, media.outgoing?.microphoneDevice.deviceId ?? ''] as const,
          ),
      ),
  };
}

/** Installs `window.__soriSip` (read-only, not enumerable). */
export function installDiagnostics(
  monitoring: MonitoringStreams,
  registry: SessionRegistry = sessionRegistry,
): void {
  Object.defineProperty(window, '__soriSip', {
    value: Object.freeze(createDiagnostics(registry, sharedRinger, monitoring)),
    configurable: false,
    enumerable: false,
    writable: false,
  });
}
