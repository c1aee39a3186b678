import { C } from 'jssip';
import { describe, expect, it } from 'vitest';
import {
  AppCause,
  callEndReason,
  isTransientRegistrationFailure,
  registrationFailureReason,
  SipCause,
} from '../../../../renderer/sip/causes';

describe('SipCause', () => {
  it('matches the causes of the installed JsSIP', () => {
    expect({ ...SipCause }).toEqual({ ...C.causes });
  });
});

describe('callEndReason', () => {
  it.each([
    [SipCause.BYE, 'local', 'local_hangup'],
    [SipCause.BYE, 'remote', 'remote_hangup'],
    [AppCause.TRANSFERRED, 'local', 'transferred'],
    [SipCause.CANCELED, 'local', 'canceled'],
    [SipCause.CANCELED, 'remote', 'canceled'],
    [SipCause.REJECTED, 'local', 'rejected'],
    [SipCause.REJECTED, 'remote', 'rejected'],
    [SipCause.BUSY, 'remote', 'busy'],
    [SipCause.NO_ANSWER, 'local', 'no_answer'],
    [SipCause.EXPIRES, 'remote', 'no_answer'],
    [SipCause.UNAVAILABLE, 'remote', 'unavailable'],
    [SipCause.NOT_FOUND, 'remote', 'not_found'],
    [SipCause.CONNECTION_ERROR, 'system', 'failed'],
    [SipCause.REQUEST_TIMEOUT, 'system', 'failed'],
    [SipCause.USER_DENIED_MEDIA_ACCESS, 'local', 'failed'],
    [SipCause.RTP_TIMEOUT, 'system', 'failed'],
    [SipCause.AUTHENTICATION_ERROR, 'remote', 'failed'],
    ['Something New', 'remote', 'failed'],
  ] as const)('%s by %s -> %s', (cause, originator, reason) => {
    expect(callEndReason(cause, originator)).toBe(reason);
  });
});

describe('registrationFailureReason', () => {
  it.each([
    [SipCause.AUTHENTICATION_ERROR, 401, 'wrongPassword'],
    [SipCause.AUTHENTICATION_ERROR, 407, 'wrongPassword'],
    [SipCause.REJECTED, 403, 'forbidden'],
    [SipCause.NOT_FOUND, 404, 'notFound'],
    [SipCause.CONNECTION_ERROR, null, 'serverUnreachable'],
    [SipCause.REQUEST_TIMEOUT, null, 'timeout'],
    [SipCause.SIP_FAILURE_CODE, 500, 'serverError'],
    [SipCause.SIP_FAILURE_CODE, 403, 'forbidden'],
    ['Weird', null, 'unknown'],
  ] as const)('%s (%s) -> %s', (cause, status, reason) => {
    expect(registrationFailureReason(cause, status)).toBe(reason);
  });

  it('retries only failures that may go away by themselves', () => {
    expect(isTransientRegistrationFailure(SipCause.REQUEST_TIMEOUT, null)).toBe(true);
    expect(isTransientRegistrationFailure(SipCause.SIP_FAILURE_CODE, 503)).toBe(true);
    expect(isTransientRegistrationFailure(SipCause.AUTHENTICATION_ERROR, 401)).toBe(false);
    expect(isTransientRegistrationFailure(SipCause.REJECTED, 403)).toBe(false);
  });
});
