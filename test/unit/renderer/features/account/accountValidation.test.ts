import { describe, expect, it } from 'vitest';
import { validateAccountForm } from '../../../../../renderer/features/account/accountValidation';

const good = {
  displayName: ' 김상담 ',
  sipUri: 'sip:1001@127.0.0.1',
  password: 'pw1001',
  wsServers: 'ws://127.0.0.1:8080\n\n  wss://pbx.example.com/ws  \n',
};

describe('validateAccountForm', () => {
  it('builds the account:save request', () => {
    expect(validateAccountForm(good, false)).toEqual({
      ok: true,
      request: {
        displayName: '김상담',
        sipUri: 'sip:1001@127.0.0.1',
        wsServers: ['ws://127.0.0.1:8080', 'wss://pbx.example.com/ws'],
        dtmfMode: 'rfc4733',
        password: 'pw1001',
      },
    });
  });

  it('adds the sip: scheme agents often leave out', () => {
    const result = validateAccountForm({ ...good, sipUri: '1001@127.0.0.1' }, false);
    expect(result.ok && result.request.sipUri).toBe('sip:1001@127.0.0.1');
  });

  it('keeps a stored password when the field is empty', () => {
    const result = validateAccountForm({ ...good, password: '' }, true);
    expect(result.ok && 'password' in result.request).toBe(false);
  });

  it('needs a password when none is stored', () => {
    const result = validateAccountForm({ ...good, password: '' }, false);
    expect(result).toEqual({ ok: false, errors: { password: { key: 'passwordRequired' } } });
  });

  it('says which field is wrong and how', () => {
    const result = validateAccountForm(
      {
        displayName: '  ',
        sipUri: 'sip:1001',
        password: 'x',
        wsServers: 'ws://127.0.0.1:8080\nhttp://127.0.0.1',
      },
      false,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        displayName: { key: 'displayNameRequired' },
        sipUri: { key: 'sipUriInvalid' },
        wsServers: { key: 'wsServerInvalid', values: { line: 2, value: 'http://127.0.0.1' } },
      },
    });
  });

  it('needs at least one and at most five servers', () => {
    expect(validateAccountForm({ ...good, wsServers: ' \n ' }, false)).toMatchObject({
      ok: false,
      errors: { wsServers: { key: 'wsServersRequired' } },
    });
    const six = Array.from({ length: 6 }, (_, i) => `ws://127.0.0.${i + 1}:8080`).join('\n');
    expect(validateAccountForm({ ...good, wsServers: six }, false)).toMatchObject({
      ok: false,
      errors: { wsServers: { key: 'wsServersTooMany' } },
    });
  });

  it('refuses markup and over-long values', () => {
    expect(validateAccountForm({ ...good, sipUri: 'sip:<b>@127.0.0.1' }, false)).toMatchObject({
      errors: { sipUri: { key: 'sipUriInvalid' } },
    });
    expect(validateAccountForm({ ...good, displayName: 'x'.repeat(81) }, false)).toMatchObject({
      errors: { displayName: { key: 'displayNameTooLong' } },
    });
    expect(validateAccountForm({ ...good, password: 'p'.repeat(257) }, false)).toMatchObject({
      errors: { password: { key: 'passwordTooLong' } },
    });
  });
});
