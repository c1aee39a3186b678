import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../preload/contract';
import { tamperedNotices, type AppHandle } from '../harness';
import { analyseWav, readWav, toneLevelOf, wavDuration } from '../sip/audio';
import { waitFor } from '../sip/processes';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  launchAgent,
  startStack,
  testAudio,
  ui,
  waitForCallLogClosed,
  noticeState,
  waitForNoticeDone,
  waitForRegistered,
  waitForReady,
  agentStateStatus,
  waitForTalking,
} from './support';

const NOTICES = path.join(__dirname, '../../resources/notices');
const noticeSeconds = (language: Language) =>
  wavDuration(path.join(NOTICES, language, 'recording-notice.wav'));

/** Speech louder than this (RMS) in a window counts as "the customer hears the notice". */
const SPEECH_RMS = 0.02;
/** A 440 Hz component above this (RMS) is the agent's microphone (its tone arrives at ~0.35). */
const MIC_LEAK_RMS = 0.1;

/**
 * What the customer heard (baresip's decoded recording), checked against the rule: the notice
 * first, starting within ~1.5 s of the call's audio; no agent microphone (440 Hz) before the
 * notice has ended; the agent's microphone after it.
 */
function expectNoticeBeforeMicrophone(recording: string, notice: number): void {
  const audio = readWav(recording);
  const total = audio.samples.length / audio.sampleRate;
  const is440 = (from: number, seconds: number) =>
    toneLevelOf(audio, 440, { from, seconds }).ratio > 0.5;

  // Onset of the notice, in 50 ms windows: the first loud window that is not the agent's tone.
  const onset = analyseWav(recording, { windowSec: 0.05 }).find(
    (w) => w.rms > SPEECH_RMS && !is440(w.t, 0.05),
  );
  expect(onset, 'the customer hears speech (the notice)').toBeDefined();
  const start = onset!.t;
  expect(start, `the notice starts ${start} s into the call's audio`).toBeLessThan(1.5);

  const windows = analyseWav(recording, { windowSec: 0.5 });
  const timeline = windows
    .map((w) => `${w.t}s:${Math.round(w.dominantHz)}Hz/${w.rms.toFixed(3)}`)
    .join(' ');

  // Nothing of the agent's microphone before the notice can have ended. The microphone's tone
  // arrives at ~0.35 RMS; espeak's voice itself has some energy near 440 Hz (seen: 0.04 RMS,
  // even 51 % of a window), so "no 440 Hz" means no 440 Hz component above 0.1 RMS, which also
  // catches a microphone mixed under the notice.
  const earlyEnd = Math.max(notice, start + notice) - 0.3;
  const early = windows.filter((w) => w.t + 0.5 <= earlyEnd);
  expect(early.length).toBeGreaterThan(Math.floor(notice) - 1);
  for (const w of early) {
    const level = toneLevelOf(audio, 440, { from: w.t, seconds: 0.5 });
    expect(
      level.toneRms,
      `440 Hz at ${w.t} s, before the notice ended (${JSON.stringify(level)}): ${timeline}`,
    ).toBeLessThan(MIC_LEAK_RMS);
  }
  // The notice is speech the customer heard over most of its length (espeak leaves short pauses).
  const during = windows.filter((w) => w.t >= start && w.t + 0.5 <= start + notice);
  const loud = during.filter((w) => w.rms > SPEECH_RMS).length;
  expect(loud / during.length, `share of the notice that is audible: ${timeline}`).toBeGreaterThan(
    0.6,
  );

  // After the notice (+1 s for the gate and the jitter buffer): the agent's 440 Hz.
  const late = windows.filter((w) => w.t >= start + notice + 1 && w.t + 0.5 <= total - 0.5);
  expect(late.length, `talk time after the notice: ${timeline}`).toBeGreaterThanOrEqual(2);
  for (const w of late) {
    expect(Math.abs(w.dominantHz - 440), `at ${w.t} s: ${timeline}`).toBeLessThan(20);
    expect(is440(w.t, 0.5), `440 Hz dominates at ${w.t} s: ${timeline}`).toBe(true);
  }
}

/** No notice from the app: from the first second on, the customer hears the agent's 440 Hz. */
function expectAgentFromTheStart(recording: string): void {
  const audio = readWav(recording);
  const windows = analyseWav(recording, { windowSec: 0.5 }).filter(
    (w) => w.t >= 1 && w.t + 1 <= audio.samples.length / audio.sampleRate,
  );
  const timeline = windows
    .map((w) => `${w.t}s:${Math.round(w.dominantHz)}Hz/${w.rms.toFixed(3)}`)
    .join(' ');
  expect(windows.length, timeline).toBeGreaterThanOrEqual(3);
  // The notice is speech: its half-second windows hold at most 0.35 of their energy at 440 Hz
  // (most far less), and every window here must pass. A window of the agent's tone holds most
  // of it, a little less when a packet was lost or late (0.46 seen on a loaded 2-core runner).
  for (const w of windows) {
    expect(Math.abs(w.dominantHz - 440), `at ${w.t} s: ${timeline}`).toBeLessThan(20);
    expect(
      toneLevelOf(audio, 440, { from: w.t, seconds: 0.5 }).ratio,
      `440 Hz at ${w.t} s: ${timeline}`,
    ).toBeGreaterThan(0.3);
  }
}

/** The notice on the call card: a progress bar with its accessible name, then "played". */
async function expectNoticeUi(page: Page, language: Language): Promise<void> {
  const words = ui(language).recordingNotice;
  const bar = page.getByRole('progressbar', { name: words['label'] });
  await bar.waitFor({ timeout: 10_000 });
  const now = Number(await bar.getAttribute('aria-valuenow'));
  expect(now).toBeGreaterThanOrEqual(0);
  expect(now).toBeLessThanOrEqual(100);
  await page.getByText(words['playing']!).waitFor({ timeout: 10_000 });
  // No control on the card can skip or stop the notice.
  const card = page.getByRole('region', { name: ui(language).calls['currentCall'] });
  expect(await card.getByRole('button').count()).toBe(0);
}

/** Audit rows main wrote from notice:report (the proof the customer was told, or why not). */
function auditRows(app: AppHandle, action: string): Array<Record<string, unknown>> {
  return app
    .readDb()
    .prepare(`select * from audit_log where action = ? order by id`)
    .all(action) as Array<Record<string, unknown>>;
}
const playedAuditRows = (app: AppHandle) => auditRows(app, 'recording_notice.played');

// Acceptance (issue 4, item 1): on every call the customer hears the recording notice before any
// sound from the agent's microphone. A real baresip customer records what it hears; the agent's
// fake microphone plays 440 Hz, the customer's 1000 Hz.
describe.skipIf(!IN_NETNS)(
  `the recording notice plays before the agent's microphone opens ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let stack: SipStack;
    let agentKo: AppHandle; // 1001, Korean UI: outbound
    let agentEn: AppHandle; // 1002, English UI: inbound
    let customer: BaresipCustomer;

    beforeAll(async () => {
      const audio = await testAudio();
      stack = await startStack('recording-notice');
      customer = await startBaresipCustomer(stack, {
        user: '2001',
        sourceWav: audio.customerTone1000,
        autoAnswer: true,
      });
      [agentKo, agentEn] = await Promise.all([
        launchAgent(stack, '1001', { language: 'ko', microphoneWav: audio.agentTone440 }),
        launchAgent(stack, '1002', { language: 'en', microphoneWav: audio.agentTone440 }),
      ]);
      await Promise.all([waitForRegistered(agentKo.page, 'ko'), waitForReady(agentEn.page, 'en')]);
    });

    afterAll(async () => {
      await Promise.all([agentKo?.close(), agentEn?.close()]);
      await stack?.stop();
    });

    it('outbound (Korean): the customer hears the Korean notice, then the agent', async () => {
      const notice = noticeSeconds('ko');
      const before = customer.recordings();
      await dial(agentKo.page, 'ko', customer.uri);
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(agentKo.page, 'ko');
      await expectNoticeUi(agentKo.page, 'ko');

      const state = await waitForNoticeDone(agentKo.page, notice * 1000 + 15_000);
      expect(state.endedAt! - state.startedAt!).toBeGreaterThan(notice * 1000 - 300);
      await agentKo.page.getByText(ui('ko').recordingNotice['played']!).waitFor();
      await customer.waitForHeardTone(440, { seconds: 3, since: before, timeoutMs: 15_000 });
      await agentKo.page
        .getByRole('button', { name: ui('ko').calls['hangUp'], exact: true })
        .click();
      await customer.waitForCallClosed();

      expectNoticeBeforeMicrophone(await customer.waitForDecodedRecording(before), notice);
      const [row] = await waitForCallLogClosed(agentKo);
      expect(row).toMatchObject({ direction: 'outbound', end_reason: 'local_hangup' });
      const [audit] = await waitFor(
        () => playedAuditRows(agentKo).length > 0 && playedAuditRows(agentKo),
        {
          what: 'the played notice in the audit log',
        },
      );
      expect(audit).toMatchObject({ subject: state.callId });
      expect(JSON.parse(audit!['detail'] as string)).toMatchObject({
        language: 'ko',
        startedAt: state.startedAt,
        endedAt: state.endedAt,
        sha256: expect.stringMatching(/^[a-f0-9]{64}$/),
      });
    });

    it('inbound (English): the agent answers, the customer hears the English notice, then the agent', async () => {
      const notice = noticeSeconds('en');
      const before = customer.recordings();
      customer.dial(stack.uri('1002'));
      await agentEn.page
        .getByRole('dialog', { name: ui('en').calls['incomingTitle'] })
        .waitFor({ timeout: 15_000 });
      await agentEn.page
        .getByRole('button', { name: ui('en').calls['answer'], exact: true })
        .click();
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(agentEn.page, 'en');
      await expectNoticeUi(agentEn.page, 'en');

      const state = await waitForNoticeDone(agentEn.page, notice * 1000 + 15_000);
      expect(state.endedAt! - state.startedAt!).toBeGreaterThan(notice * 1000 - 300);
      await customer.waitForHeardTone(440, { seconds: 3, since: before, timeoutMs: 15_000 });
      await agentEn.page
        .getByRole('button', { name: ui('en').calls['hangUp'], exact: true })
        .click();
      await customer.waitForCallClosed();

      expectNoticeBeforeMicrophone(await customer.waitForDecodedRecording(before), notice);
      const rows = await waitForCallLogClosed(agentEn);
      expect(rows.at(-1)).toMatchObject({ direction: 'inbound', end_reason: 'local_hangup' });
      await waitFor(() => playedAuditRows(agentEn).length === 1, {
        what: 'the played notice in the audit log',
      });
    });

    it('a changed notice file blocks Ready with the reason; on an outbound call the microphone never opens', async () => {
      const audio = await testAudio();
      const agent = await launchAgent(stack, '2002', {
        language: 'ko',
        microphoneWav: audio.agentTone440,
        noticesDir: tamperedNotices(),
      });
      try {
        await waitForRegistered(agent.page, 'ko');
        // Ready is refused with the reason, the agent stays 이석, and a customer's call is
        // refused at the SIP level instead of ringing.
        const words = ui('ko').agentState;
        await agent.page.getByRole('button', { name: words['ready'], exact: true }).click();
        await agent.page
          .getByRole('alert')
          .filter({ hasText: words.blocked['notice_invalid']! })
          .waitFor({ timeout: 10_000 });
        expect(await agentStateStatus(agent.page, 'ko').textContent()).toContain(
          words.state['notReady'],
        );
        customer.dial(stack.uri('2002'));
        await customer.waitForCallClosed({ timeoutMs: 15_000 });
        expect(customer.readLog()).toMatch(/session closed: 480/);
        expect(
          await agent.page.getByRole('dialog', { name: ui('ko').calls['incomingTitle'] }).count(),
        ).toBe(0);
        expect(auditRows(agent, 'agent_state.ready_refused')).toHaveLength(1);

        const before = customer.recordings();
        await dial(agent.page, 'ko', customer.uri);
        await customer.waitForCallEstablished({ timeoutMs: 15_000 });
        await waitForTalking(agent.page, 'ko');
        await agent.page
          .getByRole('alert')
          .filter({ hasText: ui('ko').recordingNotice.failure['invalid']! })
          .waitFor({ timeout: 10_000 });
        const state = await waitFor(
          async () => {
            const current = await noticeState(agent.page);
            return current?.phase === 'failed' ? current : undefined;
          },
          { what: 'the notice to be reported failed' },
        );
        expect(state.endedAt).toBeNull();
        // Give the microphone every chance to leak: 5 s of call recorded, then hang up.
        await waitFor(
          () => {
            const file = customer.newDecodedRecordings(before).at(-1);
            return file !== undefined && wavDuration(file, { unfinished: true }) >= 5;
          },
          { what: 'the customer to record 5 s of the call', timeoutMs: 15_000 },
        );
        await agent.page
          .getByRole('button', { name: ui('ko').calls['hangUp'], exact: true })
          .click();
        await customer.waitForCallClosed();

        const heard = await customer.waitForDecodedRecording(before);
        const windows = analyseWav(heard, { windowSec: 0.5 });
        expect(windows.length).toBeGreaterThanOrEqual(6);
        const recording = readWav(heard);
        for (const w of windows) {
          const level = toneLevelOf(recording, 440, { from: w.t, seconds: 0.5 });
          expect(level.toneRms, `440 Hz at ${w.t} s with no notice played`).toBeLessThan(
            MIC_LEAK_RMS,
          );
        }
        const [failed] = await waitFor(
          () => {
            const rows = auditRows(agent, 'recording_notice.failed');
            return rows.length > 0 && rows;
          },
          { what: 'the failed notice in the audit log' },
        );
        expect(failed).toMatchObject({ subject: state.callId });
        expect(JSON.parse(failed!['detail'] as string)).toMatchObject({
          language: 'ko',
          failure: 'invalid',
        });
        expect(playedAuditRows(agent)).toEqual([]);
      } finally {
        await agent.close();
      }
    });

    it('hanging up during the notice is reported as call_ended (English)', async () => {
      const failedBefore = auditRows(agentEn, 'recording_notice.failed').length;
      await dial(agentEn.page, 'en', customer.uri);
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await agentEn.page
        .getByRole('progressbar', { name: ui('en').recordingNotice['label'] })
        .waitFor({ timeout: 10_000 });
      const playing = await waitFor(
        async () => {
          const current = await noticeState(agentEn.page);
          return current?.phase === 'playing' ? current : undefined;
        },
        { what: 'the notice to start playing' },
      );
      await agentEn.page
        .getByRole('button', { name: ui('en').calls['hangUp'], exact: true })
        .click();
      await customer.waitForCallClosed();
      const rows = await waitFor(
        () => {
          const all = auditRows(agentEn, 'recording_notice.failed');
          return all.length > failedBefore && all;
        },
        { what: 'the interrupted notice in the audit log' },
      );
      expect(rows.at(-1)).toMatchObject({ subject: playing.callId });
      expect(JSON.parse(rows.at(-1)!['detail'] as string)).toMatchObject({
        language: 'en',
        failure: 'call_ended',
      });
      expect(playedAuditRows(agentEn)).toHaveLength(1); // only the earlier, complete one
    });
  },
);

// Acceptance (issue 4, item 3): where IT's policy says the PBX plays the notice, a call carrying
// the PBX's proof header does not get it again from the app; a call without it still does. The
// test Kamailio adds `X-Recording-Notice: played` to INVITEs from customer 2002, as such a PBX would.
describe.skipIf(!IN_NETNS)(
  `a PBX that plays the notice itself (policy pbx-or-app) ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let stack: SipStack;
    let agent: AppHandle;
    let viaPbx: BaresipCustomer;
    let direct: BaresipCustomer;

    beforeAll(async () => {
      const audio = await testAudio();
      stack = await startStack('pbx-notice');
      [viaPbx, direct] = await Promise.all([
        startBaresipCustomer(stack, {
          user: '2002',
          sourceWav: audio.customerTone600,
          autoAnswer: true,
        }),
        startBaresipCustomer(stack, {
          user: '2001',
          sourceWav: audio.customerTone1000,
          autoAnswer: true,
        }),
      ]);
      agent = await launchAgent(stack, '1001', {
        language: 'ko',
        microphoneWav: audio.agentTone440,
        policy: {
          version: 1,
          recordingNotice: { mode: 'pbx-or-app', proofHeader: 'X-Recording-Notice' },
        },
      });
      await waitForReady(agent.page, 'ko');
    });

    afterAll(async () => {
      await agent?.close();
      await stack?.stop();
    });

    async function answerCallFrom(customer: BaresipCustomer): Promise<Set<string>> {
      const before = customer.recordings();
      customer.dial(stack.uri('1001'));
      await agent.page
        .getByRole('dialog', { name: ui('ko').calls['incomingTitle'] })
        .waitFor({ timeout: 15_000 });
      await agent.page.getByRole('button', { name: ui('ko').calls['answer'], exact: true }).click();
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(agent.page, 'ko');
      return before;
    }

    async function hangUp(customer: BaresipCustomer, before: Set<string>): Promise<string> {
      await agent.page.getByRole('button', { name: ui('ko').calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();
      return customer.waitForDecodedRecording(before);
    }

    it('a call with the PBX proof skips the in-app notice: the agent is heard at once', async () => {
      const before = await answerCallFrom(viaPbx);
      await agent.page
        .getByText(ui('ko').recordingNotice['playedByPbx']!)
        .waitFor({ timeout: 10_000 });
      expect(await agent.page.getByRole('progressbar').count()).toBe(0);
      await viaPbx.waitForHeardTone(440, { seconds: 4, since: before, timeoutMs: 15_000 });
      expectAgentFromTheStart(await hangUp(viaPbx, before));
      const [proof] = await waitFor(
        () => {
          const rows = auditRows(agent, 'recording_notice.pbx_played');
          return rows.length > 0 && rows;
        },
        { what: 'the PBX proof in the audit log' },
      );
      expect(JSON.parse(proof!['detail'] as string)).toMatchObject({
        mode: 'pbx',
        header: 'X-Recording-Notice',
      });
      expect(playedAuditRows(agent)).toEqual([]);
    });

    it('an outgoing call answered with the proof (200 OK) skips the in-app notice too', async () => {
      const pbxRowsBefore = auditRows(agent, 'recording_notice.pbx_played').length;
      const before = viaPbx.recordings();
      await dial(agent.page, 'ko', viaPbx.uri);
      await viaPbx.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(agent.page, 'ko');
      await agent.page
        .getByText(ui('ko').recordingNotice['playedByPbx']!)
        .waitFor({ timeout: 10_000 });
      expect(await agent.page.getByRole('progressbar').count()).toBe(0);
      await viaPbx.waitForHeardTone(440, { seconds: 3, since: before, timeoutMs: 15_000 });
      expectAgentFromTheStart(await hangUp(viaPbx, before));
      await waitFor(
        () => auditRows(agent, 'recording_notice.pbx_played').length === pbxRowsBefore + 1,
        { what: 'the PBX proof of the outgoing call in the audit log' },
      );
      expect(playedAuditRows(agent)).toEqual([]);
    });

    it('a call without the proof still gets the notice from the app, before the microphone', async () => {
      const before = await answerCallFrom(direct);
      await waitForNoticeDone(agent.page, noticeSeconds('ko') * 1000 + 15_000);
      await direct.waitForHeardTone(440, { seconds: 3, since: before, timeoutMs: 15_000 });
      expectNoticeBeforeMicrophone(await hangUp(direct, before), noticeSeconds('ko'));
      await waitFor(() => playedAuditRows(agent).length === 1, {
        what: 'the played notice in the audit log',
      });
    });
  },
);
