import { describe, expect, it } from 'vitest';
import { NoticeLibrary } from '../../../../renderer/sip/noticeLibrary';

// No Web Audio in Node: a fake decoder stands in for decodeAudioData (the real one runs in e2e).
const fakeBuffer = (duration: number) => ({ duration });
const decoder = (duration: number | Error) => async () => {
  if (duration instanceof Error) throw duration;
  return fakeBuffer(duration);
};

describe('NoticeLibrary (fake decoder)', () => {
  it('makes a call that asks early wait for the notice, then hands it over', async () => {
    const library = new NoticeLibrary(decoder(7.3));
    const asked = library.get('ko');
    expect(library.has('ko')).toBe(false);
    await library.provide('ko', 'a'.repeat(64), new ArrayBuffer(8));
    const lookup = await asked;
    expect(lookup.ok && lookup.notice).toMatchObject({ language: 'ko', sha256: 'a'.repeat(64) });
    expect(library.has('ko')).toBe(true);
  });

  it('keeps a decoding failure as decode_failed and rejects', async () => {
    const library = new NoticeLibrary(decoder(new Error('EncodingError')));
    await expect(library.provide('en', 'b'.repeat(64), new ArrayBuffer(8))).rejects.toThrow();
    expect(await library.get('en')).toEqual({ ok: false, failure: 'decode_failed' });
  });

  it('treats empty audio as undecodable', async () => {
    const library = new NoticeLibrary(decoder(0));
    await expect(library.provide('en', 'b'.repeat(64), new ArrayBuffer(8))).rejects.toThrow();
    expect(await library.get('en')).toEqual({ ok: false, failure: 'decode_failed' });
  });

  it('reports what main refused, per language', async () => {
    const library = new NoticeLibrary(decoder(4.7));
    library.refuse('ko', 'invalid');
    expect(await library.get('ko')).toEqual({ ok: false, failure: 'invalid' });
    await library.provide('en', 'c'.repeat(64), new ArrayBuffer(8));
    expect((await library.get('en')).ok).toBe(true);
  });

  it('lets a later good notice replace a failure, never the other way round', async () => {
    const library = new NoticeLibrary(decoder(4.7));
    library.refuse('ko', 'unavailable');
    await library.provide('ko', 'd'.repeat(64), new ArrayBuffer(8));
    expect((await library.get('ko')).ok).toBe(true);
    library.refuse('ko', 'invalid');
    expect((await library.get('ko')).ok).toBe(true);
  });
});
