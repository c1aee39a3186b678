// Recording-notice timing at the far end (issue #4): over several calls from the app (Korean UI)
// to an auto-answering baresip customer, what the customer actually heard is analysed:
//   - answer -> notice: when the notice's speech starts in baresip's recording (which begins
//     when the call is established);
//   - notice end -> microphone: when the agent's microphone tone (440 Hz) appears, after the
//     notice's own length has passed.
// Results: bench-results/recording-notice-<timestamp>.json and recording-notice-latest.json.
// Measures only; the behaviour itself is asserted by test/e2e/recordingNotice.test.ts.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHandle } from '../harness';
import { summarize, writeBenchResult } from './summary';
import { readWav, toneLevelOf, wavDuration, type WavAudio } from '../sip/audio';
import type { BaresipCustomer } from '../sip/stack';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  startAgentAndCustomer,
  type AgentAndCustomer,
  dial,
  ui,
  waitForNoticeDone,
  waitForTalking,
} from '../e2e/support';

const CALLS = Number(process.env['SORI_BENCH_NOTICE_CALLS'] ?? 5);
const REPO_ROOT = path.resolve(__dirname, '../..');
const NOTICE_SECONDS = wavDuration(
  path.join(REPO_ROOT, 'resources/notices/ko/recording-notice.wav'),
);
const WINDOW = 0.02;
const SPEECH_RMS = 0.02;

/** RMS of one window of samples. */
function rms(audio: WavAudio, from: number, seconds: number): number {
  const start = Math.floor(from * audio.sampleRate);
  const end = Math.min(audio.samples.length, start + Math.floor(seconds * audio.sampleRate));
  let sum = 0;
  for (let i = start; i < end; i++) sum += audio.samples[i]! ** 2;
  return end > start ? Math.sqrt(sum / (end - start)) : 0;
}

/** Onset of the notice and of the microphone in what the customer heard, in seconds. */
function farEndTimes(file: string): { noticeOnset: number; micOnset: number } {
  const audio = readWav(file);
  const total = audio.samples.length / audio.sampleRate;
  // 440 Hz is judged over 100 ms (a 20 ms window is too short to resolve it).
  const isMic = (t: number) => {
    const level = toneLevelOf(audio, 440, { from: t, seconds: 0.1 });
    return level.ratio > 0.5 && level.toneRms > 0.1;
  };
  let noticeOnset = -1;
  for (let t = 0; t + 0.1 <= total; t += WINDOW) {
    if (rms(audio, t, WINDOW) > SPEECH_RMS && !isMic(t)) {
      noticeOnset = t;
      break;
    }
  }
  // The microphone: 440 Hz sustained over 300 ms. Searched from half a second before the notice
  // can have ended: espeak's voice has short 440 Hz-heavy stretches of its own, and a microphone
  // leaking earlier is what test/e2e/recordingNotice.test.ts fails on.
  const sustained = (t: number) => isMic(t) && isMic(t + 0.1) && isMic(t + 0.2);
  let micOnset = -1;
  for (let t = Math.max(0, noticeOnset + NOTICE_SECONDS - 0.5); t + 0.3 <= total; t += WINDOW) {
    if (sustained(t)) {
      micOnset = t;
      break;
    }
  }
  return { noticeOnset, micOnset };
}

/** Silence at the start of the notice file itself: the far-end onset is its first speech, not its first sample. */
function leadingSilence(file: string): number {
  const audio = readWav(file);
  for (let t = 0; t + WINDOW <= audio.samples.length / audio.sampleRate; t += WINDOW) {
    if (rms(audio, t, WINDOW) > SPEECH_RMS) return t;
  }
  return 0;
}
const NOTICE_LEAD = leadingSilence(
  path.join(REPO_ROOT, 'resources/notices/ko/recording-notice.wav'),
);

describe.skipIf(!IN_NETNS)(
  `recording notice at the far end ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let setup: AgentAndCustomer;
    let agent: AppHandle;
    let customer: BaresipCustomer;

    beforeAll(async () => {
      setup = await startAgentAndCustomer('bench-notice', 'ko');
      ({ agent, customer } = setup);
    });

    afterAll(() => setup?.stop());

    it(`${CALLS} calls: answer -> notice, and notice end -> microphone, as the customer heard them`, async () => {
      const answerToNotice: number[] = [];
      const noticeEndToMic: number[] = [];
      const inPage: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const before = customer.recordings();
        await dial(agent.page, 'ko', customer.uri);
        await customer.waitForCallEstablished({ timeoutMs: 15_000 });
        await waitForTalking(agent.page, 'ko');
        const state = await waitForNoticeDone(agent.page, NOTICE_SECONDS * 1000 + 15_000);
        await customer.waitForHeardTone(440, { seconds: 1.5, since: before, timeoutMs: 15_000 });
        await agent.page
          .getByRole('button', { name: ui('ko').calls['hangUp'], exact: true })
          .click();
        await customer.waitForCallClosed();
        const { noticeOnset, micOnset } = farEndTimes(
          await customer.waitForDecodedRecording(before),
        );
        // A bench of calls that did not behave is worthless: each call had a notice, then the mic.
        expect(noticeOnset, `call ${i}: notice heard`).toBeGreaterThanOrEqual(0);
        expect(micOnset, `call ${i}: microphone heard after the notice`).toBeGreaterThan(
          noticeOnset,
        );
        answerToNotice.push(noticeOnset * 1000);
        // The file started NOTICE_LEAD before its first speech; it ended NOTICE_SECONDS after that.
        noticeEndToMic.push((micOnset - (noticeOnset - NOTICE_LEAD) - NOTICE_SECONDS) * 1000);
        inPage.push(state.endedAt! - state.startedAt!);
      }

      const report = {
        schema: 'sori-desk-bench-recording-notice/1',
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, node: process.version },
        calls: CALLS,
        noticeFile: { language: 'ko', seconds: NOTICE_SECONDS, leadingSilenceSeconds: NOTICE_LEAD },
        answerToNotice: {
          definition:
            "Offset in baresip's decoded recording (what the customer heard; it starts when the call is established) of the first 20 ms window with RMS > 0.02 that is not the agent's 440 Hz tone.",
          ...summarize(answerToNotice),
        },
        noticeEndToMicrophone: {
          definition:
            "In the same recording: first 20 ms step (searched from 0.5 s before the notice can have ended) where 440 Hz dominates three consecutive 100 ms windows (ratio > 0.5, tone RMS > 0.1), minus (notice onset - the file's own leading silence + the notice file's duration). Includes the gate, the WebRTC and RTP path and baresip's jitter buffer. Resolution about ±50 ms: a 100 ms window counts as 440 Hz once more than half of it is tone, so the onset reads up to ~50 ms early (values near -40 ms mean: no measurable delay).",
          ...summarize(noticeEndToMic),
        },
        noticePlaybackInPage: {
          definition:
            'window.__soriSip.noticeState(): endedAt - startedAt (epoch ms in the page), against the file duration in noticeFile.seconds.',
          ...summarize(inPage),
        },
      };
      writeBenchResult('recording-notice', report);
      process.stdout.write(
        `recording notice bench: ${JSON.stringify({ answerToNotice: report.answerToNotice.medianMs, noticeEndToMicrophone: report.noticeEndToMicrophone.medianMs })}\n`,
      );
    });
  },
);
