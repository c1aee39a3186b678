/**
 * Text that comes from the network (SIP display names, URIs) is untrusted: a caller chooses it.
 * These helpers make it safe and readable as plain text. They never produce markup, and the UI
 * never renders markup either (React text nodes only, no dangerouslySetInnerHTML anywhere).
 */

/** Length limit for a display name on screen, in user-perceived characters. */
export const SCREEN_NAME_MAX = 64;
/** Length limit for what is kept in state and stored (the contract allows 256). */
export const STORED_NAME_MAX = 200;
/** The contract's limit for a remote URI. */
export const STORED_URI_MAX = 512;

// C0/C1 controls and DEL, plus the bidirectional overrides and isolates that can make a name
// read backwards ("Trojan Source"-style spoofing), plus zero-width characters and BOM.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

// Input beyond this is never looked at: a 10 000-character name is cut before any regex runs.
const SCAN_LIMIT = 2048;

const graphemes = (text: string): string[] => {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return Array.from(segmenter.segment(text), (s) => s.segment);
  }
  return Array.from(text);
};

/**
 * Cleans an untrusted display name: control and invisible characters removed, runs of white space
 * collapsed, trimmed, and cut to `max` characters (graphemes, so a syllable or emoji is never
 * split) with "…" appended when cut. Returns null for nothing printable.
 */
export function sanitizeDisplayName(
  raw: string | null | undefined,
  max: number = SCREEN_NAME_MAX,
): string | null {
  if (raw == null) return null;
  const cleaned = raw.slice(0, SCAN_LIMIT).replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned === '') return null;
  const chars = graphemes(cleaned);
  if (chars.length <= max) return cleaned;
  return chars.slice(0, Math.max(1, max)).join('').trimEnd() + '…';
}

/** Cleans an untrusted URI for state and storage: no controls or spaces, at most 512 chars. */
export function sanitizeUri(raw: string | null | undefined): string {
  if (raw == null) return '';
  const cleaned = raw.slice(0, SCAN_LIMIT).replace(INVISIBLE, '').replace(/\s+/g, '');
  return cleaned.length <= STORED_URI_MAX ? cleaned : cleaned.slice(0, STORED_URI_MAX - 1) + '…';
}
