import type { UnknownAction } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import {
  agentStarted,
  agentStartFailed,
  agentStopped,
  registered,
  registrationFailed,
  registrationSlice,
  socketConnected,
  socketConnecting,
  socketLost,
  type RegistrationState,
} from '../../../../../renderer/features/registration/registrationSlice';
import { SipCause } from '../../../../../renderer/sip/causes';

const run = (actions: UnknownAction[], state?: RegistrationState) =>
  actions.reduce(
    (s, a) => registrationSlice.reducer(s, a),
    state ?? registrationSlice.reducer(undefined, { type: '@@init' }),
  );
const view = (s: RegistrationState) => ({ status: s.status, failure: s.failure });

describe('registrationSlice', () => {
  it('starts unconfigured', () => {
    expect(view(run([]))).toEqual({ status: 'unconfigured', failure: null });
  });

  it('connects and registers', () => {
    const s = run([
      agentStarted(),
      socketConnecting({ attempts: 1 }),
      socketConnected(),
      registered(),
    ]);
    expect(view(s)).toEqual({ status: 'registered', failure: null });
  });

  it('says the password is wrong', () => {
    const s = run([
      agentStarted(),
      socketConnected(),
      registrationFailed({ cause: SipCause.AUTHENTICATION_ERROR, statusCode: 401 }),
    ]);
    expect(view(s)).toEqual({ status: 'failed', failure: 'wrongPassword' });
  });

  it('says forbidden for 403', () => {
    const s = run([
      agentStarted(),
      socketConnected(),
      registrationFailed({ cause: SipCause.REJECTED, statusCode: 403 }),
    ]);
    expect(view(s)).toEqual({ status: 'failed', failure: 'forbidden' });
  });

  it('says the server is unreachable when the socket never opens, and recovers when it does', () => {
    let s = run([
      agentStarted(),
      socketConnecting({ attempts: 1 }),
      socketLost({ error: true, code: 1006 }),
    ]);
    expect(view(s)).toEqual({ status: 'failed', failure: 'serverUnreachable' });
    s = run([socketConnecting({ attempts: 2 }), socketLost({ error: true, code: 1006 })], s);
    expect(view(s)).toEqual({ status: 'failed', failure: 'serverUnreachable' });
    s = run([socketConnected()], s);
    expect(view(s)).toEqual({ status: 'connecting', failure: null });
    s = run([registered()], s);
    expect(view(s).status).toBe('registered');
  });

  it('says reconnecting when a working connection drops (server restart) and registered again after', () => {
    let s = run([agentStarted(), socketConnected(), registered()]);
    // JsSIP reports the cut-off REGISTER refresh before the disconnect itself.
    s = run(
      [
        registrationFailed({ cause: SipCause.CONNECTION_ERROR, statusCode: null }),
        socketLost({ error: true, code: 1006 }),
      ],
      s,
    );
    expect(view(s)).toEqual({ status: 'reconnecting', failure: null });
    s = run(
      [
        socketConnecting({ attempts: 1 }),
        socketLost({ error: true, code: 1006 }),
        socketConnecting({ attempts: 2 }),
      ],
      s,
    );
    expect(view(s)).toEqual({ status: 'reconnecting', failure: null });
    expect(s.attempts).toBe(2);
    s = run([socketConnected()], s);
    expect(s.status).toBe('reconnecting');
    s = run([registered()], s);
    expect(view(s)).toEqual({ status: 'registered', failure: null });
    expect(s.attempts).toBe(0);
  });

  it('keeps a wrong-password failure visible across a reconnect', () => {
    const s = run([
      agentStarted(),
      socketConnected(),
      registrationFailed({ cause: SipCause.AUTHENTICATION_ERROR, statusCode: 401 }),
      socketLost({ error: true, code: 1006 }),
    ]);
    expect(view(s)).toEqual({ status: 'failed', failure: 'wrongPassword' });
  });

  it('says "not a SIP server" when the server closes the socket with a protocol error', () => {
    const s = run([agentStarted(), socketConnected(), socketLost({ error: true, code: 1002 })]);
    expect(view(s)).toEqual({ status: 'failed', failure: 'notSipServer' });
  });

  it('says timeout when the server never answers the REGISTER', () => {
    const s = run([
      agentStarted(),
      socketConnected(),
      registrationFailed({ cause: SipCause.REQUEST_TIMEOUT, statusCode: null }),
    ]);
    expect(view(s)).toEqual({ status: 'failed', failure: 'timeout' });
  });

  it('reports start failures and goes back to unconfigured when stopped', () => {
    let s = run([agentStartFailed({ reason: 'noCredentials' })]);
    expect(view(s)).toEqual({ status: 'failed', failure: 'noCredentials' });
    s = run([agentStarted(), socketConnected(), registered(), agentStopped()], s);
    expect(view(s)).toEqual({ status: 'unconfigured', failure: null });
    s = run([socketLost({ error: false, code: 1000 })], s);
    expect(s.status).toBe('unconfigured');
  });
});
