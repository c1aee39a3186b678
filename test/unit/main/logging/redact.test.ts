import { describe, expect, it } from 'vitest';
import { createLogger, memorySink } from '../../../../main/logging/logger';
import { redactText, redactValue } from '../../../../main/logging/redact';

describe('log redaction', () => {
  it.each([
    ['010-1234-5678', '5678'],
    ['02 123 4567', '4567'],
    ['+82-10-9876-5432', '5432'],
    ['1588-1234', '1234'],
    ['01012345678', '5678'],
  ])('masks the phone number %s', (number) => {
    const out = redactText(`calling ${number} now`);
    expect(out).not.toContain(number);
    expect(out.replace(/\D/g, '').length).toBeLessThanOrEqual(2);
  });

  it('hides SIP user parts and inline secrets', () => {
    const out = redactText('REGISTER sip:1001@127.0.0.1 password=hunter2 token: abc.def');
    expect(out).toBe('REGISTER sip:[user]@127.0.0.1 password=[redacted] token:[redacted]');
  });

  it('replaces secret-named fields at any depth and keeps the rest', () => {
    const out = redactValue({
      user: 'kim',
      auth: { password: 'x', nested: { apiToken: 'y' } },
      n: 3,
    });
    expect(out).toEqual({
      user: 'kim',
      auth: { password: '[redacted]', nested: { apiToken: '[redacted]' } },
      n: 3,
    });
  });

  it('logger output never contains the secret or the number', () => {
    const sink = memorySink();
    const log = createLogger({ sinks: [sink] }).child('sip');
    log.info('call from 010-2222-3333 failed', {
      password: 'pw1001',
      remote: 'sip:01022223333@pbx',
    });
    const line = sink.lines.join('\n');
    expect(line).not.toMatch(/pw1001|2222|01022223333/);
    expect(JSON.parse(sink.lines[0]!)).toMatchObject({ level: 'info', scope: 'main.sip' });
  });

  it('drops lines below the level', () => {
    const sink = memorySink();
    createLogger({ level: 'warn', sinks: [sink] }).info('quiet');
    expect(sink.lines).toEqual([]);
  });
});
