import { NOTICE_SAMPLE_RATE, NoticeLibrary } from './noticeLibrary';
import { ProtectionMessages } from './protectionMessages';

/**
 * The one notice library of this window. An OfflineAudioContext decodes without opening an audio
 * device, at the rate the per-call graphs run at.
 */
export const noticeLibrary = new NoticeLibrary<AudioBuffer>((wav) =>
  new OfflineAudioContext(1, 1, NOTICE_SAMPLE_RATE).decodeAudioData(wav),
);

/** The one protection-message cache of this window, decoded the same way. */
export const protectionMessages = new ProtectionMessages<AudioBuffer>((wav) =>
  new OfflineAudioContext(1, 1, NOTICE_SAMPLE_RATE).decodeAudioData(wav),
);
