import { HandlerError } from '../ipc/handle';
import type { PinnedSettings } from '../../preload/contract';
import type { MachinePolicy } from './machinePolicy';

/**
 * The user settings a machine policy can pin. A pinned setting is shown as managed by the
 * organisation and main refuses to change it (SETTING_MANAGED), whatever the renderer sends.
 */
export const MANAGEABLE_SETTINGS = [
  'language',
  'micProcessing',
  'startAtLogin',
  'wsServers',
  'dtmfMode',
] as const;
export type ManagedSetting = (typeof MANAGEABLE_SETTINGS)[number];

/** The settings `policy` pins, in {@link MANAGEABLE_SETTINGS} order. */
export function managedSettings(policy: MachinePolicy): ManagedSetting[] {
  return MANAGEABLE_SETTINGS.filter((setting) => pinnedValue(policy, setting) !== undefined);
}

/** The pinned settings and their values (only those the policy pins). */
export function pinnedSettings(policy: MachinePolicy): PinnedSettings {
  const pinned: Record<string, unknown> = {};
  for (const setting of managedSettings(policy)) pinned[setting] = pinnedValue(policy, setting);
  return pinned as PinnedSettings;
}

/** What the policy pins `setting` to, or undefined when the agent may choose. */
export function pinnedValue(policy: MachinePolicy, setting: ManagedSetting): unknown {
  switch (setting) {
    case 'language':
    case 'micProcessing':
    case 'startAtLogin':
      return policy.settings[setting];
    case 'wsServers':
      return policy.sip?.wsServers;
    case 'dtmfMode':
      return policy.sip?.dtmfMode;
  }
}

/**
 * Refuses a change of a pinned setting. Asking for the pinned value itself is allowed (a form
 * that saves every field sends it back unchanged).
 */
export function assertNotManaged(
  policy: MachinePolicy,
  setting: ManagedSetting,
  requested: unknown,
): void {
  const pinned = pinnedValue(policy, setting);
  if (pinned === undefined) return;
  if (JSON.stringify(pinned) === JSON.stringify(requested)) return;
  throw new HandlerError('SETTING_MANAGED', `${setting} is set by the machine policy`);
}
