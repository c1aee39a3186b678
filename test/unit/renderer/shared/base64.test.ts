import { describe, expect, it } from 'vitest';
import { base64ToArrayBuffer } from '../../../../renderer/shared/base64';

describe('base64ToArrayBuffer', () => {
  it('returns the bytes main encoded', () => {
    const bytes = Uint8Array.from([0, 1, 127, 128, 255, 82, 73, 70, 70]);
    const decoded = new Uint8Array(base64ToArrayBuffer(Buffer.from(bytes).toString('base64')));
    expect([...decoded]).toEqual([...bytes]);
  });

  it('handles empty input', () => {
    expect(base64ToArrayBuffer('').byteLength).toBe(0);
  });
});
