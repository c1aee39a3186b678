import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { readWav, toneLevelOf } from '../sip/audio';
import { waitFor } from '../sip/processes';
import type { BaresipCustomer } from '../sip/stack';

// What a baresip customer heard of the agent during a call, read from its recording while it is
// written. The agent's microphone is a 440 Hz tone, so "the customer hears the agent" is 440 Hz.

/** A 440 Hz component above this (RMS) is the agent's microphone (its tone arrives at ~0.35). */
const MIC_LEAK_RMS = 0.05;

/** The customer's recording of the call in progress and how many seconds it holds now. */
export function heardSoFar(customer: BaresipCustomer, since: ReadonlySet<string>) {
  const file = customer.newDecodedRecordings(since).at(-1);
  if (!file) throw new Error(`baresip ${customer.user} has no recording of this call`);
  const audio = readWav(file, { unfinished: true });
  return { audio, seconds: audio.samples.length / audio.sampleRate };
}

/** Half-second windows of the recording from `from` on where the agent's tone is louder than a leak. */
function agentWindows(customer: BaresipCustomer, since: ReadonlySet<string>, from: number) {
  const { audio, seconds } = heardSoFar(customer, since);
  const levels: string[] = [];
  let loud = 0;
  let total = 0;
  for (let t = from; t + 0.5 <= seconds; t += 0.5) {
    const level = toneLevelOf(audio, 440, { from: t, seconds: 0.5 });
    levels.push(`${t.toFixed(1)}s:${level.toneRms.toFixed(3)}`);
    total++;
    if (level.toneRms > MIC_LEAK_RMS) loud++;
  }
  return { loud, total, levels: levels.join(' ') };
}

/** Waits until the customer has heard `seconds` of the agent's tone after second `from`. */
export async function waitForAgentHeardAfter(
  customer: BaresipCustomer,
  since: ReadonlySet<string>,
  from: number,
  seconds: number,
): Promise<void> {
  await waitFor(() => agentWindows(customer, since, from).loud * 0.5 >= seconds, {
    what: `baresip ${customer.user} to hear the agent for ${seconds} s after ${from} s`,
    timeoutMs: 10_000 + seconds * 1000,
    intervalMs: 200,
    details: () => agentWindows(customer, since, from).levels,
  });
}

/**
 * Over the next `seconds`, the customer hears nothing of the agent. `flowing`: audio keeps
 * arriving meanwhile (muted: silence is sent); on hold nothing may arrive at all, as baresip
 * records only what it receives.
 */
export async function expectAgentSilentFor(
  customer: BaresipCustomer,
  since: ReadonlySet<string>,
  seconds: number,
  flowing: boolean,
): Promise<void> {
  // Half a second for the jitter buffer and the packets already on their way.
  const from = heardSoFar(customer, since).seconds + 0.5;
  await sleep(seconds * 1000);
  const heard = agentWindows(customer, since, from);
  if (flowing) expect(heard.total, heard.levels).toBeGreaterThanOrEqual(seconds * 2 - 2);
  expect(heard.loud, `the agent's tone while it should be silent: ${heard.levels}`).toBe(0);
}
