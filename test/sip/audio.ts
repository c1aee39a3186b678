// Test audio: makes tone WAVs with sox (Chromium's fake microphone, baresip's "microphone") and
// analyses what a phone heard. Analysis runs in Node on the raw samples: a windowed DTFT at the
// expected frequency (toneLevel) says how much of a recording is that tone, which stays reliable
// through codecs (G.711, Opus), resampling and the odd lost packet.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Options for {@link makeToneWav}. */
export interface ToneOptions {
  hz: number;
  seconds: number;
  /** 48000 for Chromium's fake microphone, 8000 for baresip's aufile source. */
  sampleRate: number;
  /** Linear amplitude 0..1, default 0.5 (a pure tone of amplitude 0.5 has RMS 0.354). */
  volume?: number;
}

/**
 * Writes a mono signed 16-bit sine WAV with sox. The file appears atomically (written under a
 * temporary name, then renamed), so parallel workers never read half a file.
 */
export async function makeToneWav(file: string, options: ToneOptions): Promise<void> {
  const { hz, seconds, sampleRate, volume = 0.5 } = options;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial.wav`;
  await execFileAsync('sox', [
    '-n',
    '-r',
    String(sampleRate),
    '-c',
    '1',
    '-b',
    '16',
    '-e',
    'signed-integer',
    partial,
    'synth',
    String(seconds),
    'sine',
    String(hz),
    'vol',
    String(volume),
  ]);
  fs.renameSync(partial, file);
}

/** The standard test audio files, see {@link ensureTestAudio}. */
export interface TestAudio {
  /** 440 Hz, 48 kHz mono s16, 60 s: the agent's fake microphone in Chromium. */
  agentTone440: string;
  /** 660 Hz, 48 kHz mono s16, 60 s: a second agent's fake microphone. */
  agentTone660: string;
  /** 1000 Hz, 8 kHz mono s16, 60 s: a baresip customer's microphone. */
  customerTone1000: string;
  /** 600 Hz, 8 kHz mono s16, 60 s: a second baresip customer's microphone. */
  customerTone600: string;
}

/**
 * Creates the standard tone files in `dir` unless they already exist, and returns their paths.
 * 60 s long because baresip's aufile source does not loop: a call outliving its file goes silent.
 * Chromium loops its fake-capture file, so length matters less there.
 */
export async function ensureTestAudio(dir: string): Promise<TestAudio> {
  const files: Record<keyof TestAudio, { name: string; tone: ToneOptions }> = {
    agentTone440: { name: 'tone440_48k.wav', tone: { hz: 440, seconds: 60, sampleRate: 48_000 } },
    agentTone660: { name: 'tone660_48k.wav', tone: { hz: 660, seconds: 60, sampleRate: 48_000 } },
    customerTone1000: {
      name: 'tone1000_8k.wav',
      tone: { hz: 1000, seconds: 60, sampleRate: 8000 },
    },
    customerTone600: { name: 'tone600_8k.wav', tone: { hz: 600, seconds: 60, sampleRate: 8000 } },
  };
  const result = {} as TestAudio;
  await Promise.all(
    (Object.keys(files) as (keyof TestAudio)[]).map(async (key) => {
      const { name, tone } = files[key];
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) await makeToneWav(file, tone);
      result[key] = file;
    }),
  );
  return result;
}

/** Decoded audio: mono samples in -1..1 (channels are averaged). */
export interface WavAudio {
  sampleRate: number;
  samples: Float32Array;
}

/** Options for {@link readWav}. */
export interface ReadWavOptions {
  /**
   * Read a WAV that is still being written, such as baresip's recording during a call: its header
   * says 0 bytes of data until the call ends, so take everything after the header instead.
   */
  unfinished?: boolean;
}

interface WavLayout {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataOffset: number;
  /** As the header says; 0 (or garbage) while the writer still has the file open. */
  dataSize: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

function parseWavHeader(buffer: Buffer, file: string): WavLayout {
  if (
    buffer.length < 12 ||
    buffer.toString('ascii', 0, 4) !== 'RIFF' ||
    buffer.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    throw new Error(`${file}: not a RIFF/WAVE file`);
  }
  let offset = 12;
  let fmt: Omit<WavLayout, 'dataOffset' | 'dataSize'> | undefined;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('ascii', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      let format = buffer.readUInt16LE(body);
      if (format === WAVE_FORMAT_EXTENSIBLE && size >= 26) format = buffer.readUInt16LE(body + 24);
      fmt = {
        format,
        channels: buffer.readUInt16LE(body + 2),
        sampleRate: buffer.readUInt32LE(body + 4),
        bitsPerSample: buffer.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error(`${file}: data chunk before fmt chunk`);
      return { ...fmt, dataOffset: body, dataSize: size };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk (yet)`);
}

function decodeSamples(data: Buffer, layout: WavLayout, file: string): Float32Array {
  const { format, channels, bitsPerSample } = layout;
  const bytes = bitsPerSample / 8;
  const frameBytes = bytes * channels;
  const frames = Math.floor(data.length / frameBytes);
  const read = (() => {
    if (format === WAVE_FORMAT_PCM && bitsPerSample === 16)
      return (at: number) => data.readInt16LE(at) / 32768;
    if (format === WAVE_FORMAT_PCM && bitsPerSample === 24)
      return (at: number) => data.readIntLE(at, 3) / 8388608;
    if (format === WAVE_FORMAT_PCM && bitsPerSample === 32)
      return (at: number) => data.readInt32LE(at) / 2147483648;
    if (format === WAVE_FORMAT_PCM && bitsPerSample === 8)
      return (at: number) => (data.readUInt8(at) - 128) / 128;
    if (format === WAVE_FORMAT_IEEE_FLOAT && bitsPerSample === 32)
      return (at: number) => data.readFloatLE(at);
    throw new Error(`${file}: unsupported WAV encoding (format ${format}, ${bitsPerSample} bits)`);
  })();
  const samples = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++)
      sum += read(frame * frameBytes + channel * bytes);
    samples[frame] = sum / channels;
  }
  return samples;
}

/** Reads a PCM (8/16/24/32-bit) or float32 WAV file into mono samples. */
export function readWav(file: string, options: ReadWavOptions = {}): WavAudio {
  const buffer = fs.readFileSync(file);
  const layout = parseWavHeader(buffer, file);
  const headerEnd = layout.dataOffset + layout.dataSize;
  const end = options.unfinished || headerEnd > buffer.length ? buffer.length : headerEnd;
  return {
    sampleRate: layout.sampleRate,
    samples: decodeSamples(buffer.subarray(layout.dataOffset, end), layout, file),
  };
}

/**
 * True once the writer has finished the file: its header's data size is filled in. baresip's
 * sndfile recorder fills it in only when the call ends.
 */
export function isWavFinished(file: string): boolean {
  try {
    const buffer = fs.readFileSync(file);
    const layout = parseWavHeader(buffer, file);
    return layout.dataSize > 0 && layout.dataOffset + layout.dataSize <= buffer.length;
  } catch {
    return false;
  }
}

/** What {@link wavInfo} reports about a WAV file. */
export interface WavInfo {
  /** 1 = integer PCM, 3 = float. */
  format: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  seconds: number;
}

/** Format and length of a WAV file (with `unfinished`, the length written so far). */
export function wavInfo(file: string, options: ReadWavOptions = {}): WavInfo {
  const buffer = fs.readFileSync(file);
  const layout = parseWavHeader(buffer, file);
  const available = buffer.length - layout.dataOffset;
  const dataBytes = options.unfinished ? available : Math.min(layout.dataSize, available);
  const frameBytes = (layout.bitsPerSample / 8) * layout.channels;
  const { format, sampleRate, channels, bitsPerSample } = layout;
  return {
    format,
    sampleRate,
    channels,
    bitsPerSample,
    seconds: Math.floor(dataBytes / frameBytes) / sampleRate,
  };
}

/** Length of a WAV file in seconds (with `unfinished`, of what has been written so far). */
export function wavDuration(file: string, options: ReadWavOptions = {}): number {
  return wavInfo(file, options).seconds;
}

/** Which part of a file to analyse. */
export interface Span {
  /** Start in seconds; negative counts from the end (-2 = the last two seconds). Default 0. */
  from?: number;
  /** Length in seconds; default to the end of the file. */
  seconds?: number;
}

/** Sample range [start, end) of a span. */
function spanBounds(audio: WavAudio, span: Span): { start: number; end: number } {
  const total = audio.samples.length;
  const from = span.from ?? 0;
  const fromSeconds = from < 0 ? total / audio.sampleRate + from : from;
  const start = Math.max(0, Math.min(total, Math.round(fromSeconds * audio.sampleRate)));
  const end =
    span.seconds === undefined
      ? total
      : Math.min(total, start + Math.round(span.seconds * audio.sampleRate));
  return { start, end };
}

function slice(audio: WavAudio, span: Span): Float32Array {
  const { start, end } = spanBounds(audio, span);
  return audio.samples.subarray(start, end);
}

function rmsOf(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const value of samples) sum += value * value;
  return Math.sqrt(sum / samples.length);
}

/**
 * RMS of the sinusoidal component at `hz`, from a Hann-windowed DTFT evaluated at exactly `hz`
 * (Goertzel recurrence, so any frequency works, not only FFT bins). Energy more than ~2 bins
 * (2 * sampleRate / n Hz) away does not count.
 */
function componentRms(samples: Float32Array, sampleRate: number, hz: number): number {
  const n = samples.length;
  if (n < 2) return 0;
  const omega = (2 * Math.PI * hz) / sampleRate;
  const coefficient = 2 * Math.cos(omega);
  let s1 = 0;
  let s2 = 0;
  let windowSum = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    windowSum += w;
    const s0 = (samples[i] ?? 0) * w + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const real = s1 - s2 * Math.cos(omega);
  const imag = s2 * Math.sin(omega);
  const amplitude = (2 * Math.hypot(real, imag)) / windowSum;
  return amplitude / Math.SQRT2;
}

/** Result of {@link toneLevel}. */
export interface ToneLevel {
  /** RMS of the component at the asked frequency (a full-scale tone of volume 0.5 gives ~0.35). */
  toneRms: number;
  /** RMS of the whole signal in the span. */
  totalRms: number;
  /** toneRms / totalRms: ~1 for a clean tone, ~0 when the tone is absent; 0 for silence. */
  ratio: number;
}

/**
 * How much of a span of a recording is a tone at `hz`. Prefer this over dominant-frequency
 * checks: it measures the tone you expect and ignores codec noise and other tones.
 *
 * @example
 *   const { ratio, toneRms } = toneLevel(recording, 600, { from: 0.5, seconds: 2 });
 *   expect(ratio).toBeGreaterThan(0.8);
 */
export function toneLevel(file: string, hz: number, span: Span & ReadWavOptions = {}): ToneLevel {
  const audio = readWav(file, span);
  return toneLevelOf(audio, hz, span);
}

/** {@link toneLevel} on samples already in memory. */
export function toneLevelOf(audio: WavAudio, hz: number, span: Span = {}): ToneLevel {
  const samples = slice(audio, span);
  const totalRms = rmsOf(samples);
  const toneRms = componentRms(samples, audio.sampleRate, hz);
  return { toneRms, totalRms, ratio: totalRms > 1e-6 ? Math.min(1, toneRms / totalRms) : 0 };
}

/** In-place iterative radix-2 FFT; `re` and `im` have a power-of-two length. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0];
      [im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    const wRe = Math.cos(angle);
    const wIm = Math.sin(angle);
    for (let start = 0; start < n; start += size) {
      let curRe = 1;
      let curIm = 0;
      for (let k = 0; k < size / 2; k++) {
        const a = start + k;
        const b = a + size / 2;
        const bRe = (re[b] ?? 0) * curRe - (im[b] ?? 0) * curIm;
        const bIm = (re[b] ?? 0) * curIm + (im[b] ?? 0) * curRe;
        re[b] = (re[a] ?? 0) - bRe;
        im[b] = (im[a] ?? 0) - bIm;
        re[a] = (re[a] ?? 0) + bRe;
        im[a] = (im[a] ?? 0) + bIm;
        const nextRe = curRe * wRe - curIm * wIm;
        curIm = curRe * wIm + curIm * wRe;
        curRe = nextRe;
      }
    }
  }
}

/**
 * Frequency with the most energy (Hann window, zero-padded FFT, parabolic interpolation between
 * bins: accurate to ~1 Hz for a steady tone). 0 for silence or fewer than 64 samples.
 */
export function dominantFrequency(samples: Float32Array, sampleRate: number): number {
  if (samples.length < 64 || rmsOf(samples) < 1e-5) return 0;
  let size = 1;
  while (size < samples.length) size <<= 1;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const n = samples.length;
  for (let i = 0; i < n; i++)
    re[i] = (samples[i] ?? 0) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  fft(re, im);
  const magnitude = (k: number) => Math.hypot(re[k] ?? 0, im[k] ?? 0);
  let best = 1;
  // Skip DC and the lowest bins: a DC offset is not a tone.
  for (let k = 2; k < size / 2; k++) if (magnitude(k) > magnitude(best)) best = k;
  const left = Math.log(magnitude(best - 1) + 1e-12);
  const mid = Math.log(magnitude(best) + 1e-12);
  const right = Math.log(magnitude(best + 1) + 1e-12);
  const denominator = left - 2 * mid + right;
  const shift = denominator === 0 ? 0 : (0.5 * (left - right)) / denominator;
  return ((best + shift) * sampleRate) / size;
}

/** One window of {@link analyseWav}. */
export interface WavWindow {
  /** Window start in seconds from the start of the file. */
  t: number;
  rms: number;
  /** 0 for silence. */
  dominantHz: number;
}

/** Options for {@link analyseWav}. */
export interface AnalyseOptions extends Span, ReadWavOptions {
  /** Window length in seconds, default 0.5. */
  windowSec?: number;
}

/**
 * Splits a span of a WAV into windows and reports level and dominant frequency of each: a
 * timeline to see when a tone started or stopped ("440 Hz until 3.5 s, then 880 Hz").
 */
export function analyseWav(file: string, options: AnalyseOptions = {}): WavWindow[] {
  const audio = readWav(file, options);
  const windowSec = options.windowSec ?? 0.5;
  const { start: fromSamples, end } = spanBounds(audio, options);
  const samples = audio.samples.subarray(fromSamples, end);
  const windowSamples = Math.max(1, Math.round(windowSec * audio.sampleRate));
  const windows: WavWindow[] = [];
  for (let start = 0; start + windowSamples <= samples.length; start += windowSamples) {
    const window = samples.subarray(start, start + windowSamples);
    windows.push({
      t: Number(((fromSamples + start) / audio.sampleRate).toFixed(3)),
      rms: rmsOf(window),
      dominantHz: dominantFrequency(window, audio.sampleRate),
    });
  }
  return windows;
}
