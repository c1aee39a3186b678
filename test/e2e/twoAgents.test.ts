import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import type { SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  callLogRows,
  dial,
  heardFrequency,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForCallLogClosed,
  waitForNoticeDone,
  waitForReceivedAudio,
  waitForRegistered,
  waitForReady,
  waitForTalking,
} from './support';

// Acceptance: two app instances (two profiles) register as 1001 and 1002 on Kamailio; 1001
// calls 1002, 1002 answers; audio flows both ways (measured); 1001 hangs up; both call logs are
// in each profile's SQLite with the right fields.
describe.skipIf(!IN_NETNS)(
  `two agents call each other through Kamailio ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let stack: SipStack;
    let a: AppHandle; // 1001, English UI, 440 Hz microphone
    let b: AppHandle; // 1002, Korean UI, 660 Hz microphone

    beforeAll(async () => {
      const audio = await testAudio();
      stack = await startStack('two-agents');
      [a, b] = await Promise.all([
        launchAgent(stack, '1001', { language: 'en', microphoneWav: audio.agentTone440 }),
        launchAgent(stack, '1002', { language: 'ko', microphoneWav: audio.agentTone660 }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
      await stack?.stop();
    });

    it('both register and say so in their own language', async () => {
      await Promise.all([waitForRegistered(a.page, 'en'), waitForReady(b.page, 'ko')]);
      expect(await a.page.locator('html').getAttribute('lang')).toBe('en');
      expect(await b.page.locator('html').getAttribute('lang')).toBe('ko');
    });

    it('1001 calls 1002, 1002 answers, and each hears the other', async () => {
      const startedAt = Date.now();
      await dial(a.page, 'en', '1002');
      const incoming = b.page.getByRole('dialog', { name: ui('ko').calls['incomingTitle'] });
      await incoming.waitFor({ timeout: 15_000 });
      expect(await incoming.textContent()).toContain('1001');
      await b.page.getByRole('button', { name: ui('ko').calls['answer'], exact: true }).click();
      await Promise.all([waitForTalking(a.page, 'en'), waitForTalking(b.page, 'ko')]);
      // Each side's microphone opens only after its recording notice has played.
      await Promise.all([waitForNoticeDone(a.page), waitForNoticeDone(b.page)]);

      // Audio both ways, measured on the receiving side of each direction.
      const [statsA, statsB] = await Promise.all([
        waitForReceivedAudio(a.page, '1001 to receive audio from 1002'),
        waitForReceivedAudio(b.page, '1002 to receive audio from 1001'),
      ]);
      expect(statsA.outbound?.packetsSent).toBeGreaterThan(50);
      expect(statsB.outbound?.packetsSent).toBeGreaterThan(50);
      const [heardByA, heardByB] = await Promise.all([
        heardFrequency(a.page),
        heardFrequency(b.page),
      ]);
      expect(
        Math.abs(heardByA.peakHz - 660),
        `1001 hears 1002's 660 Hz (got ${heardByA.peakHz})`,
      ).toBeLessThan(25);
      expect(
        Math.abs(heardByB.peakHz - 440),
        `1002 hears 1001's 440 Hz (got ${heardByB.peakHz})`,
      ).toBeLessThan(25);
      expect(heardByA.rms).toBeGreaterThan(0.01);
      expect(heardByB.rms).toBeGreaterThan(0.01);

      // The call timer runs on both sides.
      await a.page
        .getByRole('timer', { name: ui('en').calls['duration'] })
        .filter({ hasText: /0[0-9]:0[1-9]/ })
        .first()
        .waitFor({ timeout: 5_000 });

      await a.page.getByRole('button', { name: ui('en').calls['hangUp'] }).click();
      const [rowsA, rowsB] = await Promise.all([waitForCallLogClosed(a), waitForCallLogClosed(b)]);

      expect(rowsA).toHaveLength(1);
      expect(rowsA[0]).toMatchObject({
        direction: 'outbound',
        remote_uri: expect.stringMatching(/^sip:1002@127\.0\.0\.1/),
        end_reason: 'local_hangup',
      });
      expect(rowsB).toHaveLength(1);
      expect(rowsB[0]).toMatchObject({
        direction: 'inbound',
        remote_uri: expect.stringMatching(/^sip:1001@127\.0\.0\.1/),
        end_reason: 'remote_hangup',
      });
      for (const row of [rowsA[0]!, rowsB[0]!]) {
        const started = row['started_at'] as number;
        const answered = row['answered_at'] as number;
        const ended = row['ended_at'] as number;
        expect(started).toBeGreaterThanOrEqual(startedAt - 1000);
        expect(answered).toBeGreaterThanOrEqual(started);
        expect(ended).toBeGreaterThan(answered);
      }
    });

    it('kept passwords and the parties out of the main-process log', () => {
      for (const app of [a, b]) {
        const log = app.logLines.join('\n');
        expect(log.length).toBeGreaterThan(0);
        expect(log).not.toMatch(/pw100[12]/);
        expect(log).not.toMatch(/sip:100[12]@/);
      }
    });

    it('shows the finished call in the recent calls list, read back from SQLite', async () => {
      const list = b.page.getByRole('table', { name: ui('ko').callLog['title'] });
      await list.getByRole('row').filter({ hasText: '1001' }).first().waitFor({ timeout: 10_000 });
      expect(callLogRows(b)).toHaveLength(1);
    });
  },
);
