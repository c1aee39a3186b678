import { configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import type { Result, SoriApi } from '../../../../../preload/contract';
import type { AppExtra, AppStartListening } from '../../../../../renderer/app/listenerTypes';
import { rootReducer } from '../../../../../renderer/app/rootReducer';
import { addAccountListeners } from '../../../../../renderer/features/account/accountListeners';
import {
  accountLoaded,
  accountSaved,
  signOutRequested,
} from '../../../../../renderer/features/account/accountSlice';

// A fake bridge and SIP agent (main's sign-out is tested for real in test/integration/account):
// this is only the renderer's wiring of 로그아웃.
function setup(answer: (request: unknown) => Result<unknown>) {
  const steps: string[] = [];
  const sori = {
    account: {
      signOut: async (request: unknown) => {
        steps.push(`account:signOut ${JSON.stringify(request)}`);
        return answer(request);
      },
    },
  } as unknown as SoriApi;
  const sip = {
    stop: async () => {
      steps.push('sip.stop');
    },
  };
  const listeners = createListenerMiddleware({ extra: { sori, sip } as unknown as AppExtra });
  addAccountListeners(listeners.startListening as AppStartListening);
  const store = configureStore({
    reducer: rootReducer,
    middleware: (defaults) => defaults().prepend(listeners.middleware),
  });
  return { store, steps };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(check()).toBe(true);
};

const ACCOUNT = {
  displayName: '상담원',
  sipUri: 'sip:1001@127.0.0.1',
  wsServers: ['ws://127.0.0.1:8080'],
  dtmfMode: 'rfc4733' as const,
  hasPassword: true,
};
const RESULT = {
  purged: true,
  removed: { customers: 3, interactions: 9, notes: 1, callbacks: 0 },
  kept: { notes: 1, drafts: 0, callbacks: 0, outbox: 2 },
};

describe('로그아웃 (renderer wiring)', () => {
  it('unregisters first, then asks main, then shows the first-run state with what was kept', async () => {
    const { store, steps } = setup(() => ({ ok: true, value: RESULT }));
    store.dispatch(accountLoaded(ACCOUNT));
    store.dispatch(signOutRequested({ purge: true }));
    expect(store.getState().account.signingOut).toBe(true);
    await until(() => store.getState().account.account === null);
    expect(steps).toEqual(['sip.stop', 'account:signOut {"purge":true}']);
    expect(store.getState().account).toMatchObject({
      status: 'loaded',
      signingOut: false,
      signOutError: null,
      lastSignOut: RESULT,
    });
    // The next account saved clears the sign-out message.
    store.dispatch(accountSaved(ACCOUNT));
    expect(store.getState().account.lastSignOut).toBeNull();
  });

  it('keeps the account and says why when main refuses', async () => {
    const { store } = setup(() => ({ ok: false, error: { code: 'INTERNAL', message: 'x' } }));
    store.dispatch(accountLoaded(ACCOUNT));
    store.dispatch(signOutRequested({ purge: false }));
    await until(() => !store.getState().account.signingOut);
    expect(store.getState().account.account).toEqual(ACCOUNT);
    expect(store.getState().account.signOutError).toBe('INTERNAL');
  });
});
