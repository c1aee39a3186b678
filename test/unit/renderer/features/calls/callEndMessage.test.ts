import { describe, expect, it } from 'vitest';
import en from '../../../../../renderer/i18n/locales/en.json';
import ko from '../../../../../renderer/i18n/locales/ko.json';
import { callEndMessageKey } from '../../../../../renderer/features/calls/callEndMessage';
import { AppCause, SipCause } from '../../../../../renderer/sip/causes';

describe('callEndMessageKey', () => {
  it.each([
    [SipCause.BYE, 'local', 'outbound', 'localHangup'],
    [SipCause.BYE, 'remote', 'inbound', 'remoteHangup'],
    [SipCause.REJECTED, 'local', 'inbound', 'declined'],
    [SipCause.REJECTED, 'remote', 'outbound', 'remoteRejected'],
    [SipCause.BUSY, 'remote', 'outbound', 'busy'],
    [SipCause.CANCELED, 'local', 'outbound', 'canceled'],
    [SipCause.CANCELED, 'remote', 'inbound', 'missed'],
    [SipCause.NO_ANSWER, 'local', 'inbound', 'missed'],
    [SipCause.NO_ANSWER, 'remote', 'outbound', 'noAnswer'],
    [SipCause.UNAVAILABLE, 'remote', 'outbound', 'unavailable'],
    [SipCause.NOT_FOUND, 'remote', 'outbound', 'notFound'],
    [SipCause.CONNECTION_ERROR, 'system', 'outbound', 'connectionLost'],
    [SipCause.REQUEST_TIMEOUT, 'system', 'outbound', 'timeout'],
    [SipCause.USER_DENIED_MEDIA_ACCESS, 'local', 'outbound', 'micUnavailable'],
    [SipCause.WEBRTC_ERROR, 'local', 'inbound', 'mediaFailed'],
    [SipCause.RTP_TIMEOUT, 'system', 'inbound', 'mediaLost'],
    [SipCause.AUTHENTICATION_ERROR, 'remote', 'outbound', 'authFailed'],
    [SipCause.ADDRESS_INCOMPLETE, 'remote', 'outbound', 'incomplete'],
    [SipCause.REDIRECTED, 'remote', 'outbound', 'redirected'],
    [AppCause.TRANSFERRED, 'local', 'inbound', 'transferred'],
    ['Anything else', 'remote', 'outbound', 'failed'],
  ] as const)('%s by %s (%s) -> %s', (cause, originator, direction, key) => {
    expect(callEndMessageKey(cause, originator, direction)).toBe(key);
  });

  it('has a sentence in both languages for every message', () => {
    for (const cause of [...Object.values(SipCause), 'unknown']) {
      for (const originator of ['local', 'remote', 'system'] as const) {
        for (const direction of ['inbound', 'outbound'] as const) {
          const key = callEndMessageKey(cause, originator, direction);
          expect(ko.callEnd[key], key).toBeTruthy();
          expect(en.callEnd[key], key).toBeTruthy();
        }
      }
    }
  });
});
