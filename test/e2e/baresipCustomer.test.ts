import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { toneLevel, wavDuration } from '../sip/audio';
import type { BaresipCustomer, SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  startAgentAndCustomer,
  type AgentAndCustomer,
  dial,
  heardFrequency,
  ui,
  waitForCallLogClosed,
  waitForReceivedAudio,
  waitForTalking,
} from './support';

// Acceptance: the app calls a baresip customer through rtpengine (WebRTC <-> plain RTP): the
// customer's recording contains the agent's 440 Hz microphone tone; then the customer calls the
// agent, who answers in the UI and receives the customer's 1000 Hz tone.
describe.skipIf(!IN_NETNS)(
  `agent and a baresip customer through rtpengine ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let setup: AgentAndCustomer;
    let stack: SipStack;
    let agent: AppHandle;
    let customer: BaresipCustomer;

    beforeAll(async () => {
      setup = await startAgentAndCustomer('baresip', 'ko');
      ({ stack, agent, customer } = setup);
    });

    afterAll(() => setup?.stop());

    it('the customer hears the agent: 440 Hz in the recording baresip made', async () => {
      const before = customer.recordings();
      await dial(agent.page, 'ko', customer.uri);
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(agent.page, 'ko');
      await customer.waitForHeardTone(440, { seconds: 2, since: before, timeoutMs: 15_000 });
      await agent.page.getByRole('button', { name: ui('ko').calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();

      const heard = await customer.waitForDecodedRecording(before);
      // The agent's microphone opens once the recording notice has played (recordingNotice.test.ts
      // checks that part): measure the talk after it.
      const notice = wavDuration(
        path.join(__dirname, '../../resources/notices/ko/recording-notice.wav'),
      );
      const level = toneLevel(heard, 440, { from: notice + 1 });
      expect(
        level.ratio,
        `share of the recording that is 440 Hz: ${JSON.stringify(level)}`,
      ).toBeGreaterThan(0.6);
      expect(level.toneRms).toBeGreaterThan(0.05);
      const [row] = await waitForCallLogClosed(agent);
      expect(row).toMatchObject({ direction: 'outbound', end_reason: 'local_hangup' });
    });

    it('the agent answers the customer in the UI and hears 1000 Hz', async () => {
      customer.dial(stack.uri('1001'));
      await agent.page
        .getByRole('dialog', { name: ui('ko').calls['incomingTitle'] })
        .waitFor({ timeout: 15_000 });
      await agent.page.getByRole('button', { name: ui('ko').calls['answer'], exact: true }).click();
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(agent.page, 'ko');
      await waitForReceivedAudio(agent.page, 'the agent to receive the customer audio');
      const heard = await heardFrequency(agent.page);
      expect(Math.abs(heard.peakHz - 1000), `agent hears ${heard.peakHz} Hz`).toBeLessThan(25);
      expect(heard.rms).toBeGreaterThan(0.01);
      customer.hangup();
      await customer.waitForCallClosed();
      const rows = await waitForCallLogClosed(agent);
      expect(rows.at(-1)).toMatchObject({
        direction: 'inbound',
        remote_uri: expect.stringMatching(/^sip:2001@127\.0\.0\.1/),
        end_reason: 'remote_hangup',
      });
    });

    it('a sip: link opened with the app (dial:requested from main) dials the customer', async () => {
      // The Electron shell turns tel:/sip: links into this push event (main/app/dialLink.ts).
      agent.shell.services.events.emit('dial:requested', { target: customer.uri });
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(agent.page, 'ko');
      await agent.page.getByRole('button', { name: ui('ko').calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();
      const rows = await waitForCallLogClosed(agent);
      expect(rows.at(-1)).toMatchObject({
        direction: 'outbound',
        remote_uri: expect.stringMatching(/^sip:2001@/),
      });
    });
  },
);
