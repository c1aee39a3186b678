import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingVault, recordingFileName } from '../../main/recording/recordingVault';
import { createFileSecretStore, developmentPlaintextCipher } from '../../main/secrets/secretStore';
import { RECORDINGS_DIR } from '../../main/services';
import type { AppHandle } from '../harness';
import { toneLevelOf, wavDuration, type WavAudio } from '../sip/audio';
import { waitFor } from '../sip/processes';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  dial,
  startAgentAndCustomer,
  ui,
  waitForNoticeDone,
  waitForTalking,
  type AgentAndCustomer,
} from './support';

const NOTICE_SECONDS = wavDuration(
  path.join(__dirname, '../../resources/notices/ko/recording-notice.wav'),
);
const RECORDING_POLICY = { version: 1, recording: { enabled: true } };
/** A tone this strong (RMS) in a window is present; the fake microphones arrive at ~0.1-0.35. */
const PRESENT_RMS = 0.03;

/** The recording key, read from the profile's secret store as main stores it. */
function recordingKey(app: AppHandle): Buffer {
  const ref = app
    .readDb()
    .prepare("select value from settings where key = 'recordingKeyRef'")
    .pluck()
    .get() as string | undefined;
  expect(ref, 'the key reference is in settings').toBeDefined();
  const secrets = createFileSecretStore(
    path.join(app.profileDir, 'secrets'),
    developmentPlaintextCipher,
  );
  const key = secrets.get(JSON.parse(ref!) as string);
  expect(key, 'the key is in the secret store').not.toBeNull();
  return Buffer.from(key!, 'base64');
}

/**
 * Decodes WebM/Opus with Chromium's own decoder (decodeAudioData), resampled to 16 kHz mono: the
 * decoder any player would use. (In the app's page: the shell allows no second page.)
 */
async function decodeWebm(page: Page, bytes: Buffer): Promise<WavAudio> {
  {
    const samples = await page.evaluate(async (base64) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
      // Test code is typed for Node; the page has the Web Audio API.
      const { OfflineAudioContext } = globalThis as unknown as {
        OfflineAudioContext: new (
          channels: number,
          length: number,
          rate: number,
        ) => {
          decodeAudioData(data: ArrayBuffer): Promise<{
            length: number;
            numberOfChannels: number;
            getChannelData(channel: number): Float32Array;
          }>;
        };
      };
      const ctx = new OfflineAudioContext(1, 1, 16_000);
      const buffer = await ctx.decodeAudioData(data.buffer);
      const mono = new Float32Array(buffer.length);
      for (let c = 0; c < buffer.numberOfChannels; c++) {
        const channel = buffer.getChannelData(c);
        for (let i = 0; i < mono.length; i++) mono[i]! += channel[i]! / buffer.numberOfChannels;
      }
      let out = '';
      const raw = new Uint8Array(mono.buffer);
      for (let i = 0; i < raw.length; i += 0x8000) {
        out += String.fromCharCode(...raw.subarray(i, i + 0x8000));
      }
      return btoa(out);
    }, bytes.toString('base64'));
    const raw = Buffer.from(samples, 'base64');
    return {
      sampleRate: 16_000,
      samples: new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4),
    };
  }
}

function auditRows(app: AppHandle, callId: string) {
  return app
    .readDb()
    .prepare(
      "select action, at, detail from audit_log where subject = ? and action like 'recording.%' order by id",
    )
    .all(callId) as Array<{ action: string; at: number; detail: string }>;
}

// Acceptance (issue 4, item 8): a client recording, encrypted at rest with a key from the secret
// store, decrypts to audio holding both sides (agent 440 Hz, customer 1000 Hz) except the span
// the agent paused; the pause is audited.
describe.skipIf(!IN_NETNS)(
  `client-side call recording ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let setup: AgentAndCustomer;

    beforeAll(async () => {
      setup = await startAgentAndCustomer('call-recording', 'ko', { policy: RECORDING_POLICY });
    });
    afterAll(async () => {
      await setup?.stop();
    });

    it('records both sides encrypted, leaves out the paused span, audits it, and exports verifiable evidence', async () => {
      const { agent, customer } = setup;
      const words = ui('ko').recording;
      const page = agent.page;
      await dial(page, 'ko', customer.uri);
      await customer.waitForCallEstablished({ timeoutMs: 15_000 });
      await waitForTalking(page, 'ko');
      await page.getByText(words['recording']!, { exact: true }).waitFor({ timeout: 10_000 });
      // No pause while the notice plays: the recording keeps it whole.
      expect(await page.getByRole('button', { name: words['pause'] }).count()).toBe(0);
      const { callId } = await waitForNoticeDone(page, NOTICE_SECONDS * 1000 + 15_000);

      await page.waitForTimeout(3_000);
      await page.getByRole('button', { name: words['pause'] }).click();
      await page.getByText(words['pausedHint']!).waitFor();
      await page.waitForTimeout(5_000);
      await page.getByRole('button', { name: words['resume'] }).click();
      await page.getByRole('button', { name: words['pause'] }).waitFor();
      await page.waitForTimeout(3_000);
      await page.getByRole('button', { name: ui('ko').calls['hangUp'], exact: true }).click();
      await customer.waitForCallClosed();

      const rows = await waitFor(
        () => {
          const found = auditRows(agent, callId);
          return found.some((r) => r.action === 'recording.stopped') && found;
        },
        { what: 'recording.stopped in the audit log', timeoutMs: 15_000 },
      );
      expect(rows.map((r) => r.action)).toEqual([
        'recording.started',
        'recording.paused',
        'recording.resumed',
        'recording.stopped',
      ]);
      const started = rows[0]!.at;
      const stopped = rows[3]!.at;
      const { pausedMs } = JSON.parse(rows[2]!.detail) as { pausedMs: number };
      expect(pausedMs).toBeGreaterThan(4_500);

      // At rest: no WebM (EBML magic) and no header in clear, only the vault's format.
      const file = path.join(agent.profileDir, RECORDINGS_DIR, recordingFileName(callId));
      const onDisk = fs.readFileSync(file);
      expect(onDisk.includes(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))).toBe(false);
      expect(onDisk.includes(Buffer.from('OpusHead'))).toBe(false);

      const vault = createRecordingVault(path.dirname(file), recordingKey(agent));
      const decrypted = vault.read(callId);
      expect(decrypted.truncated).toBe(false);
      expect(decrypted.bytes.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))).toBe(
        true,
      );
      const stoppedDetail = JSON.parse(rows[3]!.detail) as { sha256: string; bytes: number };
      expect(stoppedDetail.bytes).toBe(decrypted.bytes.length);

      const audio = await decodeWebm(page, decrypted.bytes);
      const seconds = audio.samples.length / audio.sampleRate;
      const wallSeconds = (stopped - started) / 1000;
      // The paused span is not in the file: it is as long as the call minus the pause (±1.5 s
      // for the recorder's start, its last chunk and the time main took to answer).
      expect(
        seconds,
        `recording ${seconds.toFixed(1)} s; call ${wallSeconds.toFixed(1)} s; paused ${pausedMs} ms`,
      ).toBeGreaterThan(wallSeconds - pausedMs / 1000 - 1.5);
      expect(seconds).toBeLessThan(wallSeconds - pausedMs / 1000 + 1.5);

      // Both sides after the notice: the agent's 440 Hz and the customer's 1000 Hz, second by
      // second. During the notice the customer is there and the agent's microphone is not.
      const talkFrom = NOTICE_SECONDS + 1.5;
      const windows: string[] = [];
      for (let t = talkFrom; t + 1 <= seconds - 0.5; t += 1) {
        const agentTone = toneLevelOf(audio, 440, { from: t, seconds: 1 }).toneRms;
        const customerTone = toneLevelOf(audio, 1000, { from: t, seconds: 1 }).toneRms;
        windows.push(
          `${t.toFixed(1)}s 440:${agentTone.toFixed(3)} 1000:${customerTone.toFixed(3)}`,
        );
        expect(agentTone, windows.join(' | ')).toBeGreaterThan(PRESENT_RMS);
        expect(customerTone, windows.join(' | ')).toBeGreaterThan(PRESENT_RMS);
      }
      expect(windows.length, 'talk time recorded after the notice').toBeGreaterThanOrEqual(4);
      const duringNotice = { from: 0.5, seconds: NOTICE_SECONDS - 1 };
      expect(toneLevelOf(audio, 1000, duringNotice).toneRms).toBeGreaterThan(PRESENT_RMS);
      expect(toneLevelOf(audio, 440, duringNotice).toneRms).toBeLessThan(PRESENT_RMS);

      // The card no longer shows the recording once the call is over.
      expect(await page.getByText(words['recording']!, { exact: true }).count()).toBe(0);

      // Issue 4, item 9: the call's evidence package, exported from 최근 통화, verifies with
      // nothing but Node in a folder of its own, and carries the recording the audit recorded.
      const evidence = ui('ko').evidence;
      await page
        .locator(`tr[data-call-id="${callId}"]`)
        .getByRole('button', { name: evidence['export'] })
        .click();
      const saved = page.getByRole('status').filter({ hasText: 'sori-evidence-' });
      await saved.waitFor({ timeout: 10_000 });
      const text = (await saved.textContent()) ?? '';
      const folder = /(\/\S+sori-evidence-\S+?)(?=[\s(]|$)/.exec(text)?.[1];
      expect(folder, text).toBeDefined();
      const received = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-received-'));
      fs.cpSync(folder!, received, { recursive: true });
      const verified = spawnSync(process.execPath, ['verify-evidence.cjs', '.'], {
        cwd: received,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '' },
      });
      expect(verified.status, verified.stderr).toBe(0);
      expect(verified.stdout).toContain('recording matches the audit log');
      expect(fs.readFileSync(path.join(received, 'recording.webm')).equals(decrypted.bytes)).toBe(
        true,
      );
      const proof = JSON.parse(
        fs.readFileSync(path.join(received, 'notice-proof.json'), 'utf8'),
      ) as Array<{ action: string }>;
      expect(proof.map((row) => row.action)).toEqual(['recording_notice.played']);
    });
  },
);
