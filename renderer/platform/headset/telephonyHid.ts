// USB headsets' call buttons and lights, from the HID Usage Tables (HUT 1.4): the Telephony page
// (0x0B) carries Hook Switch and Phone Mute, the LED page (0x08) the Off-Hook, Ring and Mute
// lights. WebHID hands over each report's layout as a list of items (already parsed from the
// report descriptor), so finding a usage's bits is arithmetic over that list: no descriptor
// parsing here. Pure functions: the device side is webHidHeadset.ts.

/** Extended usages: page << 16 | id. */
export const USAGE = {
  hookSwitch: 0x000b_0020,
  phoneMute: 0x000b_002f,
  offHookLed: 0x0008_0017,
  ringLed: 0x0008_0018,
  muteLed: 0x0008_0009,
} as const;
export const TELEPHONY_PAGE = 0x0b;

/** The parts of WebHID's HIDReportItem the layout needs. */
export interface ReportItemLike {
  usages?: readonly number[];
  usageMinimum?: number;
  isRange?: boolean;
  isArray?: boolean;
  reportSize?: number;
  reportCount?: number;
  logicalMinimum?: number;
}
export interface ReportInfoLike {
  reportId?: number;
  items?: readonly ReportItemLike[];
}
export interface CollectionLike {
  usagePage?: number;
  inputReports?: readonly ReportInfoLike[];
  outputReports?: readonly ReportInfoLike[];
  children?: readonly CollectionLike[];
}

/** Where one usage's value sits in a report. */
export interface Field {
  reportId: number;
  usage: number;
  bitOffset: number;
  bitSize: number;
}

/** Every one-usage field of the reports (variable items; arrays and padding take up space only). */
function fieldsOf(reports: readonly ReportInfoLike[]): Field[] {
  const fields: Field[] = [];
  for (const report of reports) {
    const reportId = report.reportId ?? 0;
    let offset = 0;
    for (const item of report.items ?? []) {
      const size = item.reportSize ?? 0;
      const count = item.reportCount ?? 0;
      const usages = item.usages ?? [];
      if (!item.isArray) {
        for (let i = 0; i < count; i++) {
          const usage = item.isRange
            ? (item.usageMinimum ?? 0) + i
            : (usages[Math.min(i, usages.length - 1)] ?? 0);
          if (usage !== 0)
            fields.push({ reportId, usage, bitOffset: offset + i * size, bitSize: size });
        }
      }
      offset += size * count;
    }
  }
  return fields;
}

function allReports(
  collections: readonly CollectionLike[],
  kind: 'inputReports' | 'outputReports',
): ReportInfoLike[] {
  return collections.flatMap((c) => [...(c[kind] ?? []), ...allReports(c.children ?? [], kind)]);
}

/** The headset's call-button fields (inputs) and light fields (outputs). */
export interface TelephonyLayout {
  inputs: Field[];
  outputs: Field[];
}

const INPUT_USAGES = new Set<number>([USAGE.hookSwitch, USAGE.phoneMute]);
const OUTPUT_USAGES = new Set<number>([USAGE.offHookLed, USAGE.ringLed, USAGE.muteLed]);

export function telephonyLayout(collections: readonly CollectionLike[]): TelephonyLayout {
  return {
    inputs: fieldsOf(allReports(collections, 'inputReports')).filter((f) =>
      INPUT_USAGES.has(f.usage),
    ),
    outputs: fieldsOf(allReports(collections, 'outputReports')).filter((f) =>
      OUTPUT_USAGES.has(f.usage),
    ),
  };
}

function readBits(data: DataViewLike, bitOffset: number, bitSize: number): number {
  let value = 0;
  for (let i = 0; i < bitSize; i++) {
    const bit = bitOffset + i;
    const byte = bit >> 3;
    if (byte >= data.byteLength) break;
    if ((data.getUint8(byte) >> (bit & 7)) & 1) value |= 1 << i;
  }
  return value;
}

/** The part of DataView reading needs. */
export interface DataViewLike {
  readonly byteLength: number;
  getUint8(offset: number): number;
}

/** The buttons' states in one input report (only those the report carries). */
export interface HeadsetButtons {
  hookSwitch?: boolean;
  phoneMute?: boolean;
}

export function readButtons(
  layout: TelephonyLayout,
  reportId: number,
  data: DataViewLike,
): HeadsetButtons {
  const buttons: HeadsetButtons = {};
  for (const field of layout.inputs) {
    if (field.reportId !== reportId) continue;
    const on = readBits(data, field.bitOffset, field.bitSize) !== 0;
    if (field.usage === USAGE.hookSwitch) buttons.hookSwitch = on;
    else buttons.phoneMute = on;
  }
  return buttons;
}

/** What the agent did on the headset, from one report to the next. */
export type HeadsetGesture = 'offHook' | 'onHook' | 'mutePressed';

/**
 * Hook Switch is a state (lifted, put down): a change is the gesture. Phone Mute is a button
 * that reports 1 while pressed: a press (0 -> 1) toggles mute, the release does nothing.
 */
export function gesturesBetween(before: HeadsetButtons, after: HeadsetButtons): HeadsetGesture[] {
  const gestures: HeadsetGesture[] = [];
  if (after.hookSwitch !== undefined && after.hookSwitch !== (before.hookSwitch ?? false)) {
    gestures.push(after.hookSwitch ? 'offHook' : 'onHook');
  }
  if (after.phoneMute === true && before.phoneMute !== true) gestures.push('mutePressed');
  return gestures;
}

/** The lights to show: off-hook while on a call, ring while one rings, mute while muted. */
export interface HeadsetLights {
  offHook: boolean;
  ring: boolean;
  mute: boolean;
}

/**
 * Output reports setting the lights, one per report id that has any of them. Many headsets
 * also need the off-hook light to follow the call, or they keep toggling Hook Switch back.
 */
export function lightReports(
  layout: TelephonyLayout,
  lights: HeadsetLights,
): Array<{ reportId: number; data: Uint8Array }> {
  const byReport = new Map<number, Field[]>();
  for (const field of layout.outputs) {
    byReport.set(field.reportId, [...(byReport.get(field.reportId) ?? []), field]);
  }
  return [...byReport.entries()].map(([reportId, fields]) => {
    const bits = Math.max(...fields.map((f) => f.bitOffset + f.bitSize));
    const data = new Uint8Array(Math.ceil(bits / 8));
    for (const field of fields) {
      const on =
        field.usage === USAGE.offHookLed
          ? lights.offHook
          : field.usage === USAGE.ringLed
            ? lights.ring
            : lights.mute;
      if (on) data[field.bitOffset >> 3]! |= 1 << (field.bitOffset & 7);
    }
    return { reportId, data };
  });
}
