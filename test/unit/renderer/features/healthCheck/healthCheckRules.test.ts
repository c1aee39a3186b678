import { describe, expect, it } from 'vitest';
import {
  MICROPHONE_SILENT_DB,
  RELAY_SLOW_MS,
  mediaRelayItem,
  microphoneItem,
  registrationItem,
  serverItem,
} from '../../../../../renderer/features/healthCheck/healthCheckRules';

const verdict = (item: { status: string; code: string }) => `${item.status} ${item.code}`;

describe('health check verdicts', () => {
  it('a server is reachable when its socket opened, with the time it took', () => {
    expect(serverItem('ws://a', { reachable: true, ms: 12 })).toMatchObject({
      status: 'ok',
      target: 'ws://a',
      ms: 12,
    });
    expect(verdict(serverItem('ws://b', { reachable: false }))).toBe('failed server_unreachable');
  });

  it('registration: refused by the server is told apart from not (yet) registered', () => {
    expect(verdict(registrationItem({ status: 'registered', failure: null }))).toBe('ok ok');
    expect(verdict(registrationItem({ status: 'failed', failure: 'wrongPassword' }))).toBe(
      'failed registration_refused',
    );
    expect(verdict(registrationItem({ status: 'failed', failure: 'serverUnreachable' }))).toBe(
      'failed not_registered',
    );
    expect(verdict(registrationItem({ status: 'reconnecting', failure: null }))).toBe(
      'failed not_registered',
    );
  });

  it('microphone: missing, denied, busy, silent or delivering', () => {
    expect(verdict(microphoneItem({ ok: false, reason: 'missing' }))).toBe('failed mic_missing');
    expect(verdict(microphoneItem({ ok: false, reason: 'denied' }))).toBe('failed mic_denied');
    expect(verdict(microphoneItem({ ok: false, reason: 'unavailable' }))).toBe(
      'failed mic_unavailable',
    );
    expect(verdict(microphoneItem({ ok: true, levelDb: -200 }))).toBe('failed mic_silent');
    expect(verdict(microphoneItem({ ok: true, levelDb: MICROPHONE_SILENT_DB - 0.1 }))).toBe(
      'failed mic_silent',
    );
    expect(microphoneItem({ ok: true, levelDb: -24.3 })).toMatchObject({
      status: 'ok',
      levelDb: -24.3,
    });
  });

  it('media relay: skipped without a test number, failed without audio, warned when slow', () => {
    expect(verdict(mediaRelayItem(null, 'not_registered'))).toBe('skipped relay_not_configured');
    expect(verdict(mediaRelayItem('sip:echo@x', 'not_registered'))).toBe('skipped not_registered');
    expect(verdict(mediaRelayItem('sip:echo@x', { ok: false, statusCode: 404 }))).toBe(
      'failed relay_call_failed',
    );
    expect(verdict(mediaRelayItem('sip:echo@x', { ok: true, rttMs: 5, packetsReceived: 0 }))).toBe(
      'failed relay_no_audio',
    );
    expect(
      verdict(
        mediaRelayItem('sip:echo@x', { ok: true, rttMs: RELAY_SLOW_MS + 1, packetsReceived: 90 }),
      ),
    ).toBe('warning relay_slow');
    expect(mediaRelayItem('sip:echo@x', { ok: true, rttMs: 4, packetsReceived: 90 })).toMatchObject(
      { status: 'ok', ms: 4, target: 'sip:echo@x' },
    );
  });
});
