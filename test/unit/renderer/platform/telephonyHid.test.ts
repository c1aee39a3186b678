import { describe, expect, it } from 'vitest';
import {
  USAGE,
  gesturesBetween,
  lightReports,
  readButtons,
  telephonyLayout,
  type CollectionLike,
} from '../../../../renderer/platform/headset/telephonyHid';

// The shape WebHID reports for a typical USB call-centre headset (Telephony Headset collection):
// input report 1 = Hook Switch, a 1-bit constant, Phone Mute, 5 bits of padding; input report 3
// = an 8-bit volume, on which nothing may be read as a call button; output report 2 = Mute LED,
// Off-Hook LED, Ring LED, 5 bits of padding.
const HEADSET: CollectionLike[] = [
  {
    usagePage: 0x0b,
    inputReports: [
      {
        reportId: 1,
        items: [
          { usages: [USAGE.hookSwitch], reportSize: 1, reportCount: 1 },
          { usages: [], reportSize: 1, reportCount: 1 },
          { usages: [USAGE.phoneMute], reportSize: 1, reportCount: 1 },
          { usages: [], reportSize: 5, reportCount: 1 },
        ],
      },
      { reportId: 3, items: [{ usages: [0x000c_00e0], reportSize: 8, reportCount: 1 }] },
    ],
    outputReports: [
      {
        reportId: 2,
        items: [
          {
            usages: [USAGE.muteLed, USAGE.offHookLed, USAGE.ringLed],
            reportSize: 1,
            reportCount: 3,
          },
          { usages: [], reportSize: 5, reportCount: 1 },
        ],
      },
    ],
  },
];

const bytes = (...values: number[]) => new DataView(new Uint8Array(values).buffer);

describe('headset call buttons over WebHID (Telephony page)', () => {
  const layout = telephonyLayout(HEADSET);

  it('finds the buttons and lights by usage, with padding taking its room', () => {
    expect(layout.inputs).toEqual([
      { reportId: 1, usage: USAGE.hookSwitch, bitOffset: 0, bitSize: 1 },
      { reportId: 1, usage: USAGE.phoneMute, bitOffset: 2, bitSize: 1 },
    ]);
    expect(layout.outputs.map((f) => [f.usage, f.bitOffset])).toEqual([
      [USAGE.muteLed, 0],
      [USAGE.offHookLed, 1],
      [USAGE.ringLed, 2],
    ]);
  });

  it('reads the buttons of their own report only', () => {
    expect(readButtons(layout, 1, bytes(0b001))).toEqual({ hookSwitch: true, phoneMute: false });
    expect(readButtons(layout, 1, bytes(0b100))).toEqual({ hookSwitch: false, phoneMute: true });
    // A volume report whose value has the same bits set is not a button press.
    expect(readButtons(layout, 3, bytes(0xff))).toEqual({});
    // A short report reads as released, never throws.
    expect(readButtons(layout, 1, bytes())).toEqual({ hookSwitch: false, phoneMute: false });
  });

  it('turns changes into gestures: lift, put down, a mute press (not its release)', () => {
    const idle = { hookSwitch: false, phoneMute: false };
    expect(gesturesBetween(idle, { hookSwitch: true, phoneMute: false })).toEqual(['offHook']);
    expect(gesturesBetween({ hookSwitch: true }, { hookSwitch: false })).toEqual(['onHook']);
    expect(
      gesturesBetween(
        { hookSwitch: true, phoneMute: false },
        { hookSwitch: true, phoneMute: true },
      ),
    ).toEqual(['mutePressed']);
    expect(
      gesturesBetween(
        { hookSwitch: true, phoneMute: true },
        { hookSwitch: true, phoneMute: false },
      ),
    ).toEqual([]);
    // The same state again (a repeated report) is no gesture.
    expect(gesturesBetween({ hookSwitch: true }, { hookSwitch: true })).toEqual([]);
    expect(gesturesBetween({ hookSwitch: true }, {})).toEqual([]);
  });

  it('sets the lights in their output report', () => {
    const [report] = lightReports(layout, { offHook: true, ring: false, mute: true });
    expect(report?.reportId).toBe(2);
    expect([...report!.data]).toEqual([0b011]);
    expect([...lightReports(layout, { offHook: false, ring: true, mute: false })[0]!.data]).toEqual(
      [0b100],
    );
    expect(lightReports(telephonyLayout([]), { offHook: true, ring: true, mute: true })).toEqual(
      [],
    );
  });

  it('ranges and nested collections are read too', () => {
    const nested = telephonyLayout([
      {
        children: [
          {
            inputReports: [
              {
                reportId: 5,
                items: [
                  { isRange: true, usageMinimum: USAGE.hookSwitch, reportSize: 1, reportCount: 2 },
                ],
              },
            ],
          },
        ],
      },
    ]);
    // 0x0B0020 (Hook Switch) and 0x0B0021 (Flash): only the first is a call button here.
    expect(nested.inputs).toEqual([
      { reportId: 5, usage: USAGE.hookSwitch, bitOffset: 0, bitSize: 1 },
    ]);
  });
});
