import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSetting } from '../../main/db/repositories/settings';
import { openProfileStore } from '../harness/profileStore';
import type { AudioDevices } from '../../preload/contract';
import { launchApp, type AppHandle } from '../harness';
import { waitFor } from '../sip/processes';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import { heardSoFar, waitForAgentHeardAfter } from './heardAudio';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  agentAccount,
  dial,
  goReady,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForNoticeDone,
  waitForRegistered,
  waitForTalking,
} from './support';

// Issue #6 (audio devices, ringing): the agent picks a microphone, call audio and a ringer among
// Chromium's fake devices (two inputs, two outputs besides the defaults); the choice is kept on
// the machine, calls ring on the ringer and play on the call-audio device, and a chosen headset
// that is not there falls back to the default with a message instead of failing the call.

const words = ui('en');

interface RingerState {
  playing: boolean;
  sinkId: string;
  level: number;
}
const ringerState = (agent: AppHandle) =>
  agent.page.evaluate(() =>
    (globalThis as unknown as { __soriSip: { ringer(): RingerState } }).__soriSip.ringer(),
  );
const callSinks = (agent: AppHandle) =>
  agent.page.evaluate(() =>
    (
      globalThis as unknown as { __soriSip: { callAudioSinks(): Record<string, string> } }
    ).__soriSip.callAudioSinks(),
  );
/** The browser's id of the output (or input) device with this label. */
const outputId = (agent: AppHandle, label: string, kind = 'audiooutput') =>
  agent.page.evaluate(
    async ({ wanted, kind }) => {
      type Device = { kind: string; label: string; deviceId: string };
      const media = (
        globalThis as unknown as {
          navigator: { mediaDevices: { enumerateDevices(): Promise<Device[]> } };
        }
      ).navigator.mediaDevices;
      const devices = await media.enumerateDevices();
      return devices.find((d) => d.kind === kind && d.label === wanted)?.deviceId ?? null;
    },
    { wanted: label, kind },
  );
const inputId = (agent: AppHandle, label: string) => outputId(agent, label, 'audioinput');

describe.skipIf(!IN_NETNS)(`audio devices ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  let stack: SipStack;
  let customer: BaresipCustomer;

  beforeAll(async () => {
    const audio = await testAudio();
    stack = await startStack('audio-devices');
    customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('chosen devices are kept, the call rings on the ringer and plays on the headset', async () => {
    const audio = await testAudio();
    let agent = await launchAgent(stack, '1001', {
      language: 'en',
      microphoneWav: audio.agentTone440,
    });
    const profileDir = agent.profileDir;
    try {
      const page = agent.page;
      await waitForRegistered(page, 'en');
      await page.getByRole('button', { name: words.settings['open'], exact: true }).click();
      const select = (kind: string) =>
        page.getByRole('combobox', { name: words.audioDevices.kind[kind], exact: true });
      await select('microphone')
        .locator('option', { hasText: 'Fake Audio Input 2' })
        .waitFor({ state: 'attached', timeout: 10_000 });
      await select('microphone').selectOption({ label: 'Fake Audio Input 2' });
      await select('speaker').selectOption({ label: 'Fake Audio Output 1' });
      await select('ringer').selectOption({ label: 'Fake Audio Output 2' });
      // The meter hears the fake microphone's tone.
      const meter = page.getByRole('meter', { name: words.audioDevices['meter'] });
      await waitFor(async () => Number(await meter.getAttribute('value')) > -40, {
        what: 'the microphone meter to show the tone',
      });
      await page.getByRole('button', { name: words.settings['back'], exact: true }).click();
      await goReady(page, 'en');

      const ringerDevice = await outputId(agent, 'Fake Audio Output 2');
      const speakerDevice = await outputId(agent, 'Fake Audio Output 1');
      expect(ringerDevice).not.toBeNull();
      expect(await ringerState(agent)).toMatchObject({ playing: false });
      customer.dial(stack.uri('1001'));
      const incoming = page.getByRole('dialog', { name: words.calls['incomingTitle'] });
      await incoming.waitFor({ timeout: 15_000 });
      // Ringing on the ringer device, with sound in it (between bursts the level is 0).
      await waitFor(
        async () => {
          const state = await ringerState(agent);
          return state.playing && state.sinkId === ringerDevice && state.level > 0.05;
        },
        { what: 'the ringer to ring on Fake Audio Output 2' },
      );
      await page.getByRole('button', { name: words.calls['answer'], exact: true }).click();
      await waitForTalking(page, 'en');
      await waitFor(async () => !(await ringerState(agent)).playing, {
        what: 'the ringer to stop once answered',
      });
      await waitFor(
        async () => Object.values(await callSinks(agent)).includes(speakerDevice ?? '-'),
        { what: 'the call audio on Fake Audio Output 1' },
      );
      await page.getByRole('button', { name: words.calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();
    } finally {
      await agent.close();
    }

    // Remembered on this machine: a restart shows the same choices.
    agent = await launchApp({
      profileDir,
      language: 'en',
      microphoneWav: audio.agentTone440,
      account: agentAccount(stack, '1001'),
    });
    try {
      await agent.page.getByRole('button', { name: words.settings['open'], exact: true }).click();
      const chosen = (kind: string) =>
        agent.page
          .getByRole('combobox', { name: words.audioDevices.kind[kind], exact: true })
          .locator('option:checked');
      // Device ids are per origin, and the test shell's origin changes with each launch: the
      // choices are found again by their labels (in Electron the origin and ids stay the same).
      await waitFor(
        async () => (await chosen('microphone').textContent()) === 'Fake Audio Input 2',
        {
          what: 'the microphone choice after the restart',
        },
      );
      await expect(chosen('speaker').textContent()).resolves.toBe('Fake Audio Output 1');
      await expect(chosen('ringer').textContent()).resolves.toBe('Fake Audio Output 2');
    } finally {
      await agent.close();
    }
  });

  it('a chosen headset that is not plugged in: told, and the call goes out on the default microphone', async () => {
    const audio = await testAudio();
    const unplugged: AudioDevices = {
      microphone: { id: 'usb-headset-not-here', label: 'USB Headset' },
      speaker: null,
      ringer: null,
    };
    const agent = await launchAgent(stack, '1001', {
      language: 'ko',
      microphoneWav: audio.agentTone440,
      prepareProfile: (dir) => {
        const store = openProfileStore(dir);
        setSetting(store.db, 'audioDevices', unplugged);
        store.close();
      },
    });
    try {
      const page = agent.page;
      await page
        .getByRole('alert')
        .filter({ hasText: 'USB Headset이(가) 연결되어 있지 않아' })
        .waitFor({ timeout: 15_000 });
      await waitForRegistered(page, 'ko');
      const before = customer.recordings();
      await dial(page, 'ko', customer.uri);
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(page, 'ko');
      await waitForNoticeDone(page);
      // The customer hears the agent's 440 Hz through the default microphone.
      await waitForAgentHeardAfter(customer, before, 0, 1);
      expect(agent.logLines.some((line) => line.includes('chosen microphone is missing'))).toBe(
        true,
      );
      await page.getByRole('button', { name: ui('ko').calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();
    } finally {
      await agent.close();
    }
  });

  it('the headset unplugged mid-call: the call moves to the default microphone and says so', async () => {
    const audio = await testAudio();
    // Chosen by name (ids differ per origin): the second fake input stands for a USB headset.
    const headset: AudioDevices = {
      microphone: { id: 'id-from-another-origin', label: 'Fake Audio Input 2' },
      speaker: null,
      ringer: null,
    };
    const agent = await launchAgent(stack, '1001', {
      language: 'ko',
      microphoneWav: audio.agentTone440,
      prepareProfile: (dir) => {
        const store = openProfileStore(dir);
        setSetting(store.db, 'audioDevices', headset);
        store.close();
      },
    });
    const microphones = () =>
      agent.page.evaluate(() =>
        Object.values(
          (
            globalThis as unknown as { __soriSip: { callMicrophones(): Record<string, string> } }
          ).__soriSip.callMicrophones(),
        ),
      );
    try {
      const page = agent.page;
      await waitForRegistered(page, 'ko');
      const before = customer.recordings();
      await dial(page, 'ko', customer.uri);
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(page, 'ko');
      await waitForNoticeDone(page);
      await waitForAgentHeardAfter(customer, before, 0, 1);
      const [onHeadset] = await microphones();
      expect(onHeadset).toBe(await inputId(agent, 'Fake Audio Input 2'));

      // The OS reports the headset gone (headless Chromium cannot unplug its fake devices: the
      // device list the page sees loses it, and the browser's devicechange event fires).
      await page.evaluate(() => {
        const media = (
          globalThis as unknown as {
            navigator: {
              mediaDevices: EventTarget & {
                enumerateDevices(): Promise<Array<{ label: string }>>;
              };
            };
          }
        ).navigator.mediaDevices;
        const real = media.enumerateDevices.bind(media);
        media.enumerateDevices = async () =>
          (await real()).filter((device) => device.label !== 'Fake Audio Input 2');
        media.dispatchEvent(new Event('devicechange'));
      });
      await page
        .getByRole('alert')
        .filter({ hasText: 'Fake Audio Input 2이(가) 연결되어 있지 않아' })
        .waitFor({ timeout: 10_000 });
      await waitFor(async () => (await microphones())[0] !== onHeadset, {
        what: 'the call to move to another microphone',
      });
      // Same call, and the customer hears the agent through the default microphone.
      const movedAt = heardSoFar(customer, before).seconds;
      await waitForAgentHeardAfter(customer, before, movedAt, 1.5);
      expect(agent.logLines.some((line) => line.includes('chosen microphone is missing'))).toBe(
        true,
      );
      await page.getByRole('button', { name: ui('ko').calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();
    } finally {
      await agent.close();
    }
  });
});
