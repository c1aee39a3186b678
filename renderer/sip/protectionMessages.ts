import type { Language, ProtectionStep } from '../../preload/contract';
import type { NoticeAudio } from './noticeLibrary';

/** A protection message ready to play: decoded audio and the checksum main verified. */
export interface LoadedMessage<A extends NoticeAudio> {
  language: Language;
  step: ProtectionStep;
  sha256: string;
  buffer: A;
}

/** The steps after whose message the call is hung up (the microphone never reopens). */
export const isFinalStep = (step: ProtectionStep): boolean =>
  step === 'terminate' || step === 'harassment';

/**
 * The decoded protection messages of this window (warnings, termination, harassment), one per
 * language and step, fetched from main like the recording notice and decoded once: a message
 * must start the moment the agent presses its button.
 */
export class ProtectionMessages<A extends NoticeAudio> {
  private readonly messages = new Map<string, LoadedMessage<A>>();

  /** `decode` turns a WAV file's bytes into playable audio (decodeAudioData in the app). */
  constructor(private readonly decode: (wav: ArrayBuffer) => Promise<A>) {}

  /** Decodes `wav` and keeps it for `language` and `step`; rejects if it cannot be decoded. */
  async provide(
    language: Language,
    step: ProtectionStep,
    sha256: string,
    wav: ArrayBuffer,
  ): Promise<void> {
    const buffer = await this.decode(wav);
    if (!(buffer.duration > 0)) throw new Error('empty protection message audio');
    this.messages.set(key(language, step), { language, step, sha256, buffer });
  }

  has(language: Language, step: ProtectionStep): boolean {
    return this.messages.has(key(language, step));
  }

  get(language: Language, step: ProtectionStep): LoadedMessage<A> | null {
    return this.messages.get(key(language, step)) ?? null;
  }
}

const key = (language: Language, step: ProtectionStep) => `${language}/${step}`;
