import type { HeadsetSource } from './headsetSource';
import {
  TELEPHONY_PAGE,
  gesturesBetween,
  lightReports,
  readButtons,
  telephonyLayout,
  type CollectionLike,
  type HeadsetButtons,
  type HeadsetGesture,
  type HeadsetLights,
  type TelephonyLayout,
} from './telephonyHid';

/** The parts of WebHID used here (not in TypeScript's DOM library). */
interface HidDeviceLike {
  readonly productName: string;
  readonly opened: boolean;
  readonly collections: readonly CollectionLike[];
  open(): Promise<void>;
  sendReport(reportId: number, data: Uint8Array): Promise<void>;
  addEventListener(
    type: 'inputreport',
    listener: (event: { reportId: number; data: DataView }) => void,
  ): void;
}
interface HidLike extends EventTarget {
  getDevices(): Promise<HidDeviceLike[]>;
  requestDevice(options: { filters: Array<{ usagePage: number }> }): Promise<HidDeviceLike[]>;
}

/**
 * Headset call buttons through WebHID: the device that has a Telephony collection, its Hook
 * Switch and Phone Mute read from its input reports, its lights set by output reports. In
 * Electron, main grants HID only to the app's own page (main/app/security.ts).
 */
export function webHidHeadset(): HeadsetSource {
  const hid = (navigator as { hid?: HidLike }).hid;
  const gestureListeners = new Set<(gesture: HeadsetGesture) => void>();
  const disconnectListeners = new Set<() => void>();
  let device: HidDeviceLike | null = null;
  let layout: TelephonyLayout = { inputs: [], outputs: [] };
  let buttons: HeadsetButtons = {};

  const isHeadset = (candidate: HidDeviceLike) =>
    candidate.collections.some((c) => c.usagePage === TELEPHONY_PAGE);

  const adopt = async (candidate: HidDeviceLike | undefined): Promise<string | null> => {
    if (!candidate) return null;
    if (!candidate.opened) await candidate.open();
    device = candidate;
    layout = telephonyLayout(candidate.collections);
    buttons = {};
    candidate.addEventListener('inputreport', ({ reportId, data }) => {
      if (device !== candidate) return;
      const next = { ...buttons, ...readButtons(layout, reportId, data) };
      const gestures = gesturesBetween(buttons, next);
      buttons = next;
      for (const gesture of gestures) gestureListeners.forEach((listener) => listener(gesture));
    });
    return candidate.productName || 'USB headset';
  };

  hid?.addEventListener('disconnect', (event) => {
    if ((event as unknown as { device?: HidDeviceLike }).device !== device) return;
    device = null;
    disconnectListeners.forEach((listener) => listener());
  });

  return {
    supported: hid !== undefined,
    async connect() {
      if (!hid) return null;
      const picked = await hid.requestDevice({ filters: [{ usagePage: TELEPHONY_PAGE }] });
      return adopt(picked.find(isHeadset));
    },
    async reconnect() {
      if (!hid) return null;
      return adopt((await hid.getDevices()).find(isHeadset));
    },
    onGesture(listener) {
      gestureListeners.add(listener);
      return () => gestureListeners.delete(listener);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
    setLights(lights: HeadsetLights) {
      const current = device;
      if (!current) return;
      for (const { reportId, data } of lightReports(layout, lights)) {
        void current.sendReport(reportId, data).catch(() => undefined);
      }
    },
  };
}
