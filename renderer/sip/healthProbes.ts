// The measurements behind the pre-Ready health check (issue #6): each opens what it measures,
// measures, and closes it again, so a check leaves nothing running. The verdicts (what counts as
// silent or slow) live with the feature, in features/healthCheck/healthCheckRules.ts.

import type { MicrophoneProbe, ServerProbe } from './sipTypes';

/** The floor reported for digital silence (log of zero). */
export const SILENCE_DB = -200;

/**
 * Opens a WebSocket to `url` with the SIP subprotocol (RFC 7118) and closes it once open. A
 * separate socket from the agent's own: the check must not disturb a working registration, and
 * it tests every configured server, not just the one in use.
 */
export function probeServer(url: string, timeoutMs: number): Promise<ServerProbe> {
  return new Promise((resolve) => {
    const started = performance.now();
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, 'sip');
    } catch {
      resolve({ reachable: false });
      return;
    }
    const finish = (probe: ServerProbe) => {
      clearTimeout(timer);
      socket.onopen = socket.onerror = socket.onclose = null;
      try {
        socket.close();
      } catch {
        // already closing
      }
      resolve(probe);
    };
    const timer = setTimeout(() => finish({ reachable: false }), timeoutMs);
    socket.onopen = () =>
      finish({ reachable: true, ms: Math.max(0, Math.round(performance.now() - started)) });
    socket.onerror = () => finish({ reachable: false });
    socket.onclose = () => finish({ reachable: false });
  });
}

/** getUserMedia's error names, as the agent can act on them. */
function microphoneFailure(error: unknown): 'missing' | 'denied' | 'unavailable' {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  return 'unavailable';
}

/**
 * Opens the microphone as a call would (`constraints`), listens for `ms` and reports the loudest
 * 50 ms: a microphone can open and still deliver nothing (a muted headset, a dead capture
 * device), which only the level shows.
 */
export async function probeMicrophone(
  constraints: MediaTrackConstraints | boolean,
  ms: number,
): Promise<MicrophoneProbe> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
  } catch (error) {
    return { ok: false, reason: microphoneFailure(error) };
  }
  const context = new AudioContext();
  try {
    if (context.state !== 'running') await context.resume().catch(() => undefined);
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    const source = context.createMediaStreamSource(stream);
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let loudest = 0;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      loudest = Math.max(loudest, Math.sqrt(sum / samples.length));
    }
    source.disconnect();
    const levelDb = loudest > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(loudest)) : SILENCE_DB;
    return { ok: true, levelDb: Math.round(levelDb * 10) / 10 };
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    await context.close().catch(() => undefined);
  }
}

const finite = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * The round trip to the media relay and the audio received so far, from a call's getStats: the
 * ICE candidate pair in use (STUN checks between this app and the relay) first, RTCP's view
 * (remote-inbound-rtp) when the pair has no figure yet.
 */
export async function relayStats(
  pc: RTCPeerConnection,
): Promise<{ rttMs: number | null; packetsReceived: number }> {
  const report = await pc.getStats();
  let pairRtt: number | null = null;
  let rtcpRtt: number | null = null;
  let packetsReceived = 0;
  report.forEach((entry: Record<string, unknown>) => {
    if (entry['type'] === 'candidate-pair' && entry['nominated'] === true) {
      pairRtt = finite(entry['currentRoundTripTime']) ?? pairRtt;
    } else if (entry['type'] === 'remote-inbound-rtp' && entry['kind'] === 'audio') {
      rtcpRtt = finite(entry['roundTripTime']) ?? rtcpRtt;
    } else if (entry['type'] === 'inbound-rtp' && entry['kind'] === 'audio') {
      packetsReceived += finite(entry['packetsReceived']) ?? 0;
    }
  });
  const rtt: number | null = pairRtt ?? rtcpRtt;
  return { rttMs: rtt === null ? null : Math.round(rtt * 1000), packetsReceived };
}
