import type { Language, NoticeFailure } from '../../preload/contract';

/** Decoded audio as far as the library cares (an AudioBuffer in the app, a stand-in in tests). */
export interface NoticeAudio {
  readonly duration: number;
}

/** A recording notice ready to play: decoded audio and the checksum main verified. */
export interface LoadedNotice<A extends NoticeAudio> {
  language: Language;
  sha256: string;
  buffer: A;
}

/** What a call gets when it asks for a notice: the audio, or why there is none. */
export type NoticeLookup<A extends NoticeAudio> =
  | { ok: true; notice: LoadedNotice<A> }
  | { ok: false; failure: Exclude<NoticeFailure, 'call_ended'> };

/** Notices are decoded at the rate the per-call graphs run at, so nothing resamples on a call. */
export const NOTICE_SAMPLE_RATE = 48_000;

/**
 * The decoded recording notices of this window, one per language. A call asks for its
 * language's notice with {@link get}; while the notice is still being fetched from main the
 * answer waits, so a call that comes in at start-up still plays it (its microphone stays closed
 * meanwhile). A failure is kept too: every call then reports it and keeps the microphone closed.
 */
export class NoticeLibrary<A extends NoticeAudio> {
  private readonly results = new Map<Language, NoticeLookup<A>>();
  private readonly waiting = new Map<Language, Array<(lookup: NoticeLookup<A>) => void>>();

  /** `decode` turns a WAV file's bytes into playable audio (decodeAudioData in the app). */
  constructor(private readonly decode: (wav: ArrayBuffer) => Promise<A>) {}

  /** Decodes `wav` and keeps it for `language`; rejects (and keeps the failure) if it cannot. */
  async provide(language: Language, sha256: string, wav: ArrayBuffer): Promise<void> {
    let buffer: A;
    try {
      buffer = await this.decode(wav);
      if (!(buffer.duration > 0)) throw new Error('empty notice audio');
    } catch (error) {
      this.settle(language, { ok: false, failure: 'decode_failed' });
      throw error;
    }
    this.settle(language, { ok: true, notice: { language, sha256, buffer } });
  }

  refuse(language: Language, failure: Exclude<NoticeFailure, 'call_ended'>): void {
    this.settle(language, { ok: false, failure });
  }

  /** True once the notice for `language` was provided or refused. */
  has(language: Language): boolean {
    return this.results.has(language);
  }

  /** The notice for `language`, as soon as it is known. */
  get(language: Language): Promise<NoticeLookup<A>> {
    const known = this.results.get(language);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const list = this.waiting.get(language) ?? [];
      list.push(resolve);
      this.waiting.set(language, list);
    });
  }

  private settle(language: Language, lookup: NoticeLookup<A>): void {
    // A verified notice is never replaced by a later failure for the same language.
    const known = this.results.get(language);
    if (known?.ok && !lookup.ok) return;
    this.results.set(language, lookup);
    const list = this.waiting.get(language) ?? [];
    this.waiting.delete(language);
    list.forEach((resolve) => resolve(lookup));
  }
}
