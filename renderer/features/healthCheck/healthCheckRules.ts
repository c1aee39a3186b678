import type { HealthCheckItem } from '../../../preload/contract';
import type { MediaRelayProbe, MicrophoneProbe, ServerProbe } from '../../sip/sipTypes';
import type { RegistrationState } from '../registration/registrationSlice';

/**
 * Below this the microphone counts as silent. A quiet room through a working headset measures
 * around -60 to -50 dBFS of noise; a muted or dead capture device delivers digital silence or a
 * few bits of dither, far below.
 */
export const MICROPHONE_SILENT_DB = -70;
/**
 * A round trip to the media relay above this makes conversation awkward (ITU-T G.114 puts the
 * one-way comfort limit at 150 ms); the check warns, it does not stop the agent.
 */
export const RELAY_SLOW_MS = 300;
/** Fewer packets than this in the measurement window: the relay returns no audio. */
export const RELAY_MIN_PACKETS = 10;

const base = { target: null, ms: null, levelDb: null } as const;

export function serverItem(url: string, probe: ServerProbe): HealthCheckItem {
  return probe.reachable
    ? { ...base, check: 'server', status: 'ok', code: 'ok', target: url, ms: probe.ms }
    : { ...base, check: 'server', status: 'failed', code: 'server_unreachable', target: url };
}

export function registrationItem(
  registration: Pick<RegistrationState, 'status' | 'failure'>,
): HealthCheckItem {
  if (registration.status === 'registered') {
    return { ...base, check: 'registration', status: 'ok', code: 'ok' };
  }
  const refused =
    registration.status === 'failed' &&
    (registration.failure === 'wrongPassword' ||
      registration.failure === 'forbidden' ||
      registration.failure === 'notFound');
  return {
    ...base,
    check: 'registration',
    status: 'failed',
    code: refused ? 'registration_refused' : 'not_registered',
  };
}

export function microphoneItem(probe: MicrophoneProbe): HealthCheckItem {
  if (!probe.ok) {
    const code =
      probe.reason === 'missing'
        ? 'mic_missing'
        : probe.reason === 'denied'
          ? 'mic_denied'
          : 'mic_unavailable';
    return { ...base, check: 'microphone', status: 'failed', code };
  }
  const silent = probe.levelDb < MICROPHONE_SILENT_DB;
  return {
    ...base,
    check: 'microphone',
    status: silent ? 'failed' : 'ok',
    code: silent ? 'mic_silent' : 'ok',
    levelDb: probe.levelDb,
  };
}

/**
 * The media relay's item. No test number: skipped (nothing to measure, not a fault). Not
 * registered: skipped too, the registration item already failed and says why.
 */
export function mediaRelayItem(
  uri: string | null,
  probe: MediaRelayProbe | 'not_registered',
): HealthCheckItem {
  const check = 'mediaRelay' as const;
  if (uri === null) {
    return { ...base, check, status: 'skipped', code: 'relay_not_configured' };
  }
  if (probe === 'not_registered') {
    return { ...base, check, status: 'skipped', code: 'not_registered', target: uri };
  }
  if (!probe.ok)
    return { ...base, check, status: 'failed', code: 'relay_call_failed', target: uri };
  if (probe.packetsReceived < RELAY_MIN_PACKETS) {
    return {
      ...base,
      check,
      status: 'failed',
      code: 'relay_no_audio',
      target: uri,
      ms: probe.rttMs,
    };
  }
  const slow = probe.rttMs !== null && probe.rttMs > RELAY_SLOW_MS;
  return {
    ...base,
    check,
    status: slow ? 'warning' : 'ok',
    code: slow ? 'relay_slow' : 'ok',
    target: uri,
    ms: probe.rttMs,
  };
}
