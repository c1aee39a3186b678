import { describe, expect, it } from 'vitest';
import { fillScript } from '../../../../../renderer/features/scripts/fillScript';

describe('fillScript', () => {
  it('fills known fields, spaces inside the braces allowed', () => {
    expect(
      fillScript(
        '{{name}} 고객님, {{ segment }} 등급 혜택을 안내드립니다. 상담원 {{agentName}}입니다.',
        {
          name: '김민서',
          segment: 'VIP',
          agentName: '상담원 1001',
        },
      ),
    ).toBe('김민서 고객님, VIP 등급 혜택을 안내드립니다. 상담원 상담원 1001입니다.');
  });

  it('leaves unknown or empty fields visible instead of reading out a gap', () => {
    expect(fillScript('{{name}} 고객님 ({{since}} 가입)', { name: '', since: undefined })).toBe(
      '{{name}} 고객님 ({{since}} 가입)',
    );
  });

  it('inserts values as text once: a value that looks like a placeholder is not filled again', () => {
    expect(fillScript('{{name}} / {{segment}}', { name: '{{segment}}', segment: 'VIP' })).toBe(
      '{{segment}} / VIP',
    );
  });
});
