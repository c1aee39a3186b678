import { describe, expect, it } from 'vitest';
import en from '../../../../renderer/i18n/locales/en.json';
import ko from '../../../../renderer/i18n/locales/ko.json';

type Catalog = { [key: string]: string | Catalog };

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translation catalogs', () => {
  const koKeys = flatten(ko as Catalog);
  const enKeys = flatten(en as Catalog);

  it('have the same keys in Korean and English', () => {
    expect([...koKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
  });

  it('have no empty values', () => {
    for (const [key, value] of [...koKeys, ...enKeys]) {
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('use the same interpolation placeholders in both languages', () => {
    for (const [key, value] of koKeys) {
      expect(placeholders(value), key).toEqual(placeholders(enKeys.get(key) ?? ''));
    }
  });

  it('use no markup (nothing is ever rendered as HTML)', () => {
    for (const [key, value] of [...koKeys, ...enKeys]) expect(value, key).not.toMatch(/<[a-z/]/i);
  });

  it('use the call-centre words agents know for the toolbar', () => {
    expect(ko.calls.dial).toBe('걸기');
    expect(ko.calls.answer).toBe('받기');
    expect(ko.calls.hangUp).toBe('끊기');
    expect(ko.calls.phase.talking).toBe('통화중');
    expect(ko.calls.phase.dialling).toBe('발신 중');
    expect(ko.calls.phase.ringing).toBe('수신 중');
  });

  it('give the accessible names of different controls no overlap (Playwright matches substrings)', () => {
    for (const catalog of [ko, en]) {
      const buttons = [
        catalog.calls.dial,
        catalog.calls.answer,
        catalog.calls.decline,
        catalog.calls.hangUp,
        catalog.settings.open,
        catalog.settings.back,
        catalog.account.save,
        catalog.account.cancel,
        catalog.notices.dismiss,
      ].map((s) => s.toLowerCase());
      for (const a of buttons) {
        for (const b of buttons) if (a !== b) expect(b.includes(a), `${a} in ${b}`).toBe(false);
      }
    }
  });
});
