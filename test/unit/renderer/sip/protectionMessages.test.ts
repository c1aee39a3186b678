import { describe, expect, it } from 'vitest';
import { isFinalStep, ProtectionMessages } from '../../../../renderer/sip/protectionMessages';

const decodeTo = (duration: number) => async () => ({ duration });

describe('ProtectionMessages', () => {
  it('keeps each decoded message per language and step', async () => {
    const messages = new ProtectionMessages(decodeTo(1.5));
    expect(messages.has('ko', 'warning1')).toBe(false);
    await messages.provide('ko', 'warning1', 'a'.repeat(64), new ArrayBuffer(4));
    expect(messages.has('ko', 'warning1')).toBe(true);
    expect(messages.has('en', 'warning1')).toBe(false);
    expect(messages.has('ko', 'warning2')).toBe(false);
    expect(messages.get('ko', 'warning1')).toMatchObject({
      language: 'ko',
      step: 'warning1',
      sha256: 'a'.repeat(64),
      buffer: { duration: 1.5 },
    });
  });

  it('refuses empty audio', async () => {
    const messages = new ProtectionMessages(decodeTo(0));
    await expect(
      messages.provide('ko', 'terminate', 'a'.repeat(64), new ArrayBuffer(4)),
    ).rejects.toThrow();
    expect(messages.has('ko', 'terminate')).toBe(false);
  });

  it('ends the call only after termination and harassment', () => {
    expect(isFinalStep('warning1')).toBe(false);
    expect(isFinalStep('warning2')).toBe(false);
    expect(isFinalStep('terminate')).toBe(true);
    expect(isFinalStep('harassment')).toBe(true);
  });
});
