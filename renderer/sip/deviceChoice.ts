import type { AudioDeviceChoice } from '../../preload/contract';

/** What the browser says about one device (MediaDeviceInfo, plain). */
export interface AudioDeviceInfo {
  kind: 'audioinput' | 'audiooutput';
  deviceId: string;
  label: string;
}

/** Where a choice lands among the devices present now. */
export interface ResolvedDevice {
  /** The device id to use, or null for the system default. */
  deviceId: string | null;
  /** A device was chosen but is not present: the system default stands in. */
  missing: boolean;
}

/**
 * The device for a choice: the same id if it is still there, else a device with the same label
 * (ids change when the OS re-enumerates, e.g. a headset plugged into another USB port), else the
 * system default, reported as missing so the agent is told.
 */
export function resolveDevice(
  choice: AudioDeviceChoice,
  kind: AudioDeviceInfo['kind'],
  present: readonly AudioDeviceInfo[],
): ResolvedDevice {
  if (!choice) return { deviceId: null, missing: false };
  const ofKind = present.filter((device) => device.kind === kind);
  const byId = ofKind.find((device) => device.deviceId === choice.id);
  if (byId) return { deviceId: byId.deviceId, missing: false };
  const byLabel = choice.label ? ofKind.find((device) => device.label === choice.label) : undefined;
  if (byLabel) return { deviceId: byLabel.deviceId, missing: false };
  return { deviceId: null, missing: true };
}
