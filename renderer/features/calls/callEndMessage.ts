import type { CallDirection } from '../../../preload/contract';
import { callEndReason, AppCause, SipCause, type SipOriginator } from '../../sip/causes';

/** Catalog keys under `callEnd.` — the sentence shown on the call card when a call is over. */
export type CallEndMessageKey =
  | 'localHangup'
  | 'remoteHangup'
  | 'declined'
  | 'remoteRejected'
  | 'busy'
  | 'noAnswer'
  | 'missed'
  | 'canceled'
  | 'unavailable'
  | 'notFound'
  | 'connectionLost'
  | 'timeout'
  | 'micUnavailable'
  | 'mediaFailed'
  | 'mediaLost'
  | 'authFailed'
  | 'incomplete'
  | 'redirected'
  /** 호전환: the customer went on to the transfer target. */
  | 'transferred'
  | 'failed';

/**
 * The sentence for how a call ended. Finer than the stored CallEndReason: `failed` becomes
 * "the microphone could not be used", "the voice connection dropped", and so on.
 */
export function callEndMessageKey(
  cause: string,
  originator: SipOriginator,
  direction: CallDirection,
): CallEndMessageKey {
  switch (cause) {
    case SipCause.CONNECTION_ERROR:
      return 'connectionLost';
    case SipCause.REQUEST_TIMEOUT:
      return 'timeout';
    case SipCause.USER_DENIED_MEDIA_ACCESS:
      return 'micUnavailable';
    case SipCause.WEBRTC_ERROR:
    case SipCause.INCOMPATIBLE_SDP:
    case SipCause.MISSING_SDP:
    case SipCause.BAD_MEDIA_DESCRIPTION:
      return 'mediaFailed';
    case SipCause.RTP_TIMEOUT:
    case SipCause.NO_ACK:
    case SipCause.DIALOG_ERROR:
      return 'mediaLost';
    case SipCause.AUTHENTICATION_ERROR:
      return 'authFailed';
    case SipCause.ADDRESS_INCOMPLETE:
      return 'incomplete';
    case SipCause.REDIRECTED:
      return 'redirected';
    case AppCause.TRANSFERRED:
      return 'transferred';
    default:
      break;
  }
  switch (callEndReason(cause, originator)) {
    case 'local_hangup':
      return 'localHangup';
    case 'remote_hangup':
      return 'remoteHangup';
    case 'rejected':
      return originator === 'local' ? 'declined' : 'remoteRejected';
    case 'busy':
      return 'busy';
    case 'no_answer':
      return direction === 'inbound' ? 'missed' : 'noAnswer';
    case 'canceled':
      return direction === 'inbound' && originator !== 'local' ? 'missed' : 'canceled';
    case 'unavailable':
      return 'unavailable';
    case 'not_found':
      return 'notFound';
    default:
      return 'failed';
  }
}
