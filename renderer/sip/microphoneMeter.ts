import { SILENCE_DB } from './healthProbes';

/** How often the meter reports. */
const METER_INTERVAL_MS = 100;

/**
 * A live level meter on a microphone (settings): the loudest 100 ms in dBFS, reported until the
 * returned function is called, which closes the microphone again.
 */
export async function meterMicrophone(
  constraints: MediaTrackConstraints | boolean,
  onLevel: (levelDb: number) => void,
): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
  const context = new AudioContext();
  if (context.state !== 'running') await context.resume().catch(() => undefined);
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  const source = context.createMediaStreamSource(stream);
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const rms = Math.sqrt(sum / samples.length);
    onLevel(rms > 0 ? Math.max(SILENCE_DB, Math.round(20 * Math.log10(rms))) : SILENCE_DB);
  }, METER_INTERVAL_MS);
  return () => {
    clearInterval(timer);
    source.disconnect();
    stream.getTracks().forEach((track) => track.stop());
    void context.close().catch(() => undefined);
  };
}

/** A one-second 440 Hz tone on an output device (null: default), to check it is the right one. */
export async function playTestTone(sinkId: string | null): Promise<void> {
  const context = new AudioContext();
  try {
    const sinkable = context as AudioContext & { setSinkId?(id: string): Promise<void> };
    await sinkable.setSinkId?.(sinkId ?? '').catch(() => undefined);
    if (context.state !== 'running') await context.resume().catch(() => undefined);
    const oscillator = context.createOscillator();
    oscillator.frequency.value = 440;
    const gain = context.createGain();
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(context.destination);
    await new Promise<void>((resolve) => {
      oscillator.onended = () => resolve();
      oscillator.start();
      oscillator.stop(context.currentTime + 1);
    });
  } finally {
    await context.close().catch(() => undefined);
  }
}
