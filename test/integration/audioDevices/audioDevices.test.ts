import { afterEach, describe, expect, it } from 'vitest';
import { setSetting } from '../../../main/db/repositories/settings';
import { APP_URL, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;
const DEFAULTS = { microphone: null, speaker: null, ringer: null };

describe('audio device choices kept per machine (real SQLite)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  it('starts on the system defaults, keeps a choice, and refuses malformed ones', async () => {
    bed = createIpcTestbed();
    expect(await bed.dispatch('audioDevices:get', {}, sender)).toEqual({
      ok: true,
      value: DEFAULTS,
    });
    const choice = {
      microphone: { id: 'mic-1', label: 'USB Headset' },
      speaker: { id: 'out-1', label: 'USB Headset' },
      ringer: null,
    };
    expect(await bed.dispatch('audioDevices:set', choice, sender)).toEqual({
      ok: true,
      value: choice,
    });
    expect(await bed.dispatch('audioDevices:get', {}, sender)).toEqual({ ok: true, value: choice });

    for (const bad of [
      { ...choice, ringer: undefined },
      { ...choice, microphone: { id: '', label: 'x' } },
      { ...choice, speaker: { id: 'x'.repeat(300), label: 'x' } },
      { ...choice, extra: true },
    ]) {
      expect(await bed.dispatch('audioDevices:set', bad, sender)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST' },
      });
    }
    expect(await bed.dispatch('audioDevices:get', {}, sender)).toEqual({ ok: true, value: choice });
  });

  it('a stored value that no longer parses reads as the defaults', async () => {
    bed = createIpcTestbed();
    setSetting(bed.db, 'audioDevices', { microphone: 'usb', speaker: 3 });
    expect(await bed.dispatch('audioDevices:get', {}, sender)).toEqual({
      ok: true,
      value: DEFAULTS,
    });
  });
});
