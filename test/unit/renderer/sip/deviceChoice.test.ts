import { describe, expect, it } from 'vitest';
import { resolveDevice, type AudioDeviceInfo } from '../../../../renderer/sip/deviceChoice';

const present: AudioDeviceInfo[] = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default' },
  { kind: 'audioinput', deviceId: 'mic-usb-2', label: 'USB Headset' },
  { kind: 'audiooutput', deviceId: 'out-usb', label: 'USB Headset' },
  { kind: 'audiooutput', deviceId: 'out-desk', label: 'Desk speaker' },
];

describe('finding a chosen audio device among those present', () => {
  it('no choice is the system default, never missing', () => {
    expect(resolveDevice(null, 'audioinput', present)).toEqual({ deviceId: null, missing: false });
  });

  it('finds the device by id, of the right kind only', () => {
    expect(
      resolveDevice({ id: 'out-desk', label: 'Desk speaker' }, 'audiooutput', present),
    ).toEqual({ deviceId: 'out-desk', missing: false });
    expect(resolveDevice({ id: 'out-desk', label: 'x' }, 'audioinput', present)).toEqual({
      deviceId: null,
      missing: true,
    });
  });

  it('finds it by label when its id changed (another USB port), per kind', () => {
    expect(resolveDevice({ id: 'mic-usb-1', label: 'USB Headset' }, 'audioinput', present)).toEqual(
      { deviceId: 'mic-usb-2', missing: false },
    );
    expect(resolveDevice({ id: 'gone', label: 'USB Headset' }, 'audiooutput', present)).toEqual({
      deviceId: 'out-usb',
      missing: false,
    });
  });

  it('a device that is not there is missing, and the default stands in', () => {
    expect(
      resolveDevice({ id: 'bt-1', label: 'Bluetooth Headset' }, 'audioinput', present),
    ).toEqual({ deviceId: null, missing: true });
    // An empty label never matches an unnamed device by accident.
    expect(
      resolveDevice({ id: 'bt-1', label: '' }, 'audioinput', [
        { kind: 'audioinput', deviceId: 'x', label: '' },
      ]),
    ).toEqual({ deviceId: null, missing: true });
  });
});
