import type { CallEndReason } from '../../preload/contract';

/**
 * JsSIP's cause strings (JsSIP.C.causes), repeated here so that the rest of the renderer can
 * reason about them without importing jssip. test/unit/renderer/sip/causes.test.ts checks that
 * they still match the installed JsSIP.
 */
export const SipCause = {
  CONNECTION_ERROR: 'Connection Error',
  REQUEST_TIMEOUT: 'Request Timeout',
  SIP_FAILURE_CODE: 'SIP Failure Code',
  INTERNAL_ERROR: 'Internal Error',
  BUSY: 'Busy',
  REJECTED: 'Rejected',
  REDIRECTED: 'Redirected',
  UNAVAILABLE: 'Unavailable',
  NOT_FOUND: 'Not Found',
  ADDRESS_INCOMPLETE: 'Address Incomplete',
  INCOMPATIBLE_SDP: 'Incompatible SDP',
  MISSING_SDP: 'Missing SDP',
  AUTHENTICATION_ERROR: 'Authentication Error',
  BYE: 'Terminated',
  WEBRTC_ERROR: 'WebRTC Error',
  CANCELED: 'Canceled',
  NO_ANSWER: 'No Answer',
  EXPIRES: 'Expires',
  NO_ACK: 'No ACK',
  DIALOG_ERROR: 'Dialog Error',
  USER_DENIED_MEDIA_ACCESS: 'User Denied Media Access',
  BAD_MEDIA_DESCRIPTION: 'Bad Media Description',
  RTP_TIMEOUT: 'RTP Timeout',
} as const;

/** Causes the app reports for calls it ends itself, next to JsSIP's (see CallMedia). */
export const AppCause = {
  /** The app ended its leg because a blind transfer (호전환) succeeded. */
  TRANSFERRED: 'Transferred',
} as const;

export type SipOriginator = 'local' | 'remote' | 'system';

/**
 * How a call ended, in the contract's words, from JsSIP's cause and who ended it.
 * A BYE is a hang-up by whoever sent it; a CANCEL is `canceled` whichever side sent it (the
 * caller gave up before the answer); anything technical is `failed`.
 */
export function callEndReason(cause: string, originator: SipOriginator): CallEndReason {
  switch (cause) {
    case SipCause.BYE:
      return originator === 'remote' ? 'remote_hangup' : 'local_hangup';
    case AppCause.TRANSFERRED:
      return 'transferred';
    case SipCause.CANCELED:
      return 'canceled';
    case SipCause.REJECTED:
      return 'rejected';
    case SipCause.BUSY:
      return 'busy';
    case SipCause.NO_ANSWER:
    case SipCause.EXPIRES:
      return 'no_answer';
    case SipCause.UNAVAILABLE:
      return 'unavailable';
    case SipCause.NOT_FOUND:
      return 'not_found';
    default:
      return 'failed';
  }
}

/** Why registration failed, in terms an agent can act on. */
export type RegistrationFailureReason =
  | 'wrongPassword'
  | 'forbidden'
  | 'notFound'
  | 'serverUnreachable'
  | 'notSipServer'
  | 'timeout'
  | 'serverError'
  | 'configuration'
  | 'noCredentials'
  /** IT's policy file is invalid: calling stays disabled until it is fixed (fail closed). */
  | 'policyInvalid'
  | 'unknown';

/** JsSIP's registrationFailed cause (and SIP status, when there was a response) -> reason. */
export function registrationFailureReason(
  cause: string,
  statusCode: number | null,
): RegistrationFailureReason {
  switch (cause) {
    case SipCause.AUTHENTICATION_ERROR:
      return 'wrongPassword';
    case SipCause.REJECTED:
      return 'forbidden';
    case SipCause.NOT_FOUND:
      return 'notFound';
    case SipCause.CONNECTION_ERROR:
      return 'serverUnreachable';
    case SipCause.REQUEST_TIMEOUT:
      return 'timeout';
    default:
      if (statusCode === 401 || statusCode === 407) return 'wrongPassword';
      if (statusCode === 403) return 'forbidden';
      if (statusCode !== null && statusCode >= 400) return 'serverError';
      return 'unknown';
  }
}

/** Registration failures worth retrying by themselves (a wrong password is not: it would lock). */
export function isTransientRegistrationFailure(cause: string, statusCode: number | null): boolean {
  if (cause === SipCause.REQUEST_TIMEOUT) return true;
  return statusCode !== null && statusCode >= 500;
}
