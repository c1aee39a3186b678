import { configureStore, createListenerMiddleware } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import type { Result, SoriApi } from '../../../../../preload/contract';
import type { AppExtra, AppStartListening } from '../../../../../renderer/app/listenerTypes';
import { rootReducer } from '../../../../../renderer/app/rootReducer';
import { addDiagnosticsListeners } from '../../../../../renderer/features/diagnostics/diagnosticsListeners';
import { diagnosticsExportClicked } from '../../../../../renderer/features/diagnostics/diagnosticsSlice';
import { addSettingsListeners } from '../../../../../renderer/features/settings/settingsListeners';
import { startAtLoginChosen } from '../../../../../renderer/features/settings/settingsSlice';

// A fake bridge (main is tested for real in test/integration/settings and diagnostics): this is
// only the renderer's wiring of the two settings controls.
function setup(answers: Record<string, (request: unknown) => Result<unknown>>) {
  const calls: Array<[string, unknown]> = [];
  const api = (domain: string) =>
    new Proxy(
      {},
      {
        get: (_target, verb: string) => async (request: unknown) => {
          calls.push([`${domain}:${verb}`, request]);
          const answer = answers[`${domain}:${verb}`];
          return answer ? answer(request) : { ok: false, error: { code: 'INTERNAL', message: '' } };
        },
      },
    );
  const sori = new Proxy({}, { get: (_t, domain: string) => api(domain) }) as unknown as SoriApi;
  const listeners = createListenerMiddleware({ extra: { sori } as unknown as AppExtra });
  const startListening = listeners.startListening as AppStartListening;
  addSettingsListeners(startListening);
  addDiagnosticsListeners(startListening);
  const store = configureStore({
    reducer: rootReducer,
    middleware: (defaults) => defaults().prepend(listeners.middleware),
  });
  return { store, calls };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(check()).toBe(true);
};

const settings = (startAtLogin: boolean) => ({
  ok: true as const,
  value: { language: 'system', micProcessing: true, startAtLogin },
});

describe('settings: start at login and diagnostics export (renderer wiring)', () => {
  it('asks main to start at login and shows what main says is in effect', async () => {
    const { store, calls } = setup({ 'settings:setStartAtLogin': () => settings(true) });
    store.dispatch(startAtLoginChosen({ enabled: true }));
    expect(store.getState().settings.startAtLogin).toBe(true);
    await until(() => calls.length === 1);
    expect(calls).toEqual([['settings:setStartAtLogin', { enabled: true }]]);
    expect(store.getState().settings.error).toBeNull();
  });

  it('a change the policy refuses is reported and the box goes back to the pinned value', async () => {
    const { store } = setup({
      'settings:setStartAtLogin': () => ({
        ok: false,
        error: { code: 'SETTING_MANAGED', message: 'pinned' },
      }),
      'settings:get': () => settings(true),
    });
    store.dispatch(startAtLoginChosen({ enabled: false }));
    await until(() => store.getState().settings.error === 'SETTING_MANAGED');
    await until(() => store.getState().settings.startAtLogin);
  });

  it('export diagnostics: exporting, then where the file went; or why it failed', async () => {
    const file = '/home/kim/Documents/Sori Desk Diagnostics/sori-desk-diagnostics-1.json';
    const ok = setup({ 'diagnostics:export': () => ({ ok: true, value: { file, bytes: 10 } }) });
    ok.store.dispatch(diagnosticsExportClicked());
    expect(ok.store.getState().diagnostics.exporting).toBe(true);
    await until(() => ok.store.getState().diagnostics.file === file);
    expect(ok.store.getState().diagnostics).toEqual({ exporting: false, file, error: null });

    const failed = setup({});
    failed.store.dispatch(diagnosticsExportClicked());
    await until(() => failed.store.getState().diagnostics.error === 'INTERNAL');
    expect(failed.store.getState().diagnostics.exporting).toBe(false);
  });
});
