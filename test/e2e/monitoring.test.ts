import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateGrantSigningKey,
  type GrantSigningKey,
  type ReferenceCrm,
} from '../crmReference/referenceCrm';
import { writePolicy, type AppHandle } from '../harness';
import { waitForAgentHeardAfter } from './heardAudio';
import {
  AGENT_HZ,
  CUSTOMER_HZ,
  LEAD_HZ,
  leadModeActive,
  startMonitoringScene,
  type MonitoringScene,
} from './monitoringScene';
import { readWav, toneLevelOf } from '../sip/audio';
import { waitFor } from '../sip/processes';
import type { BaresipCustomer } from '../sip/stack';
import {
  dial,
  IN_NETNS,
  NETNS_SKIP_REASON,
  ui,
  waitForNoticeDone,
  waitForTalking,
} from './support';

// Issue #8, endpoint mixing on a plain SIP server: a baresip customer (1000 Hz) on a call with
// agent 1001 (440 Hz); team lead 1002 (660 Hz) monitors it from their own app through Kamailio
// and rtpengine. What each party hears is measured: the lead's received audio in its app, the
// agent's ear (what the agent's app plays of the lead), the customer's recording.

/**
 * Not a tone anyone plays, between the others: the floor they are compared with (the codec's
 * noise around speech-band tones is higher than far from them).
 */
const QUIET_HZ = 760;

type Diagnostics = {
  monitorIds(): Array<{ monitorId: string; role: 'agent' | 'lead' }>;
  monitorTones(
    id: string,
    which: 'received' | 'ear',
    hz: number[],
    ms?: number,
  ): Promise<Record<string, number> | null>;
};

/** dB above the quiet bin of each tone in a monitoring call's audio, over `ms`. */
async function monitorTones(
  page: Page,
  which: 'received' | 'ear',
  ms = 1500,
): Promise<Record<number, number>> {
  const levels = await page.evaluate(
    async ([side, hz, window_ms]) => {
      const sip = (globalThis as unknown as { __soriSip: Diagnostics }).__soriSip;
      const [monitor] = sip.monitorIds();
      return monitor ? sip.monitorTones(monitor.monitorId, side, hz, window_ms) : null;
    },
    [which, [AGENT_HZ, LEAD_HZ, CUSTOMER_HZ, QUIET_HZ] as number[], ms] as const,
  );
  if (!levels) throw new Error(`no monitoring call (${which}) in this app`);
  const quiet = levels[String(QUIET_HZ)]!;
  return Object.fromEntries(
    [AGENT_HZ, LEAD_HZ, CUSTOMER_HZ].map((hz) => [hz, levels[String(hz)]! - quiet]),
  );
}

/** A tone is there when it stands this far above the quiet bin; absent below the second figure. */
const PRESENT_DB = 25;
const ABSENT_DB = 10;

/** RMS of the lead's tone in what the customer received, from second `from` of the recording. */
function leadInCustomerRecording(
  customer: BaresipCustomer,
  since: ReadonlySet<string>,
  from: number,
) {
  const file = customer.newDecodedRecordings(since).at(-1);
  if (!file) throw new Error('the customer has no recording of this call');
  const audio = readWav(file, { unfinished: true });
  const seconds = audio.samples.length / audio.sampleRate;
  return { rms: toneLevelOf(audio, LEAD_HZ, { from, seconds: seconds - from }).toneRms, seconds };
}
const customerSeconds = (customer: BaresipCustomer, since: ReadonlySet<string>) => {
  const file = customer.newDecodedRecordings(since).at(-1);
  if (!file) return 0;
  const audio = readWav(file, { unfinished: true });
  return audio.samples.length / audio.sampleRate;
};
/** The lead's tone in the customer's recording: above this is the lead barging in (~0.35 full). */
const LEAK_RMS = 0.05;

describe.skipIf(!IN_NETNS)(
  `team-lead monitoring, endpoint mixing ${IN_NETNS ? '' : NETNS_SKIP_REASON}`,
  () => {
    let scene: MonitoringScene;
    let crm: ReferenceCrm;
    let customer: BaresipCustomer;
    let agent: AppHandle;
    let lead: AppHandle;
    let since: ReadonlySet<string>;
    let grantKey: GrantSigningKey;
    const words = ui('ko');

    beforeAll(async () => {
      scene = await startMonitoringScene('monitoring');
      ({ crm, customer, agent, lead, since, grantKey } = scene);
    });

    afterAll(async () => {
      await scene?.stop();
    });

    const modeButton = (mode: 'listen' | 'whisper' | 'barge') =>
      lead.page.getByRole('button', { name: words.monitoring.mode[mode], exact: true });

    it('a grant the agent does not trust (forged key) is refused and audited; the call goes on', async () => {
      // The role comes from the CRM (GET /v1/me through the sync): the panel shows for the lead only.
      await lead.page.getByRole('heading', { name: words.monitoring['title']! }).waitFor();
      expect(
        await agent.page.getByRole('heading', { name: words.monitoring['title']! }).count(),
      ).toBe(0);

      // Same key id, another key: to the agent's app the signature is forged.
      crm.signGrantsWith(generateGrantSigningKey(grantKey.kid));
      await lead.page
        .getByLabel(words.monitoring['agent']!, { exact: true })
        .fill('sip:1001@127.0.0.1');
      await modeButton('barge').click();
      await lead.page
        .getByRole('alert')
        .filter({ hasText: words.monitoring['callFailed']! })
        .waitFor();
      const refused = agent
        .readDb()
        .prepare("select detail from audit_log where action = 'monitoring.refused'")
        .all() as Array<{ detail: string }>;
      expect(refused.map((row) => JSON.parse(row.detail) as { reason: string })).toMatchObject([
        { reason: 'bad_signature' },
      ]);
      // Untouched: no monitoring call anywhere, the customer keeps hearing the agent.
      expect(
        await agent.page.evaluate(() =>
          (globalThis as unknown as { __soriSip: Diagnostics }).__soriSip.monitorIds(),
        ),
      ).toEqual([]);
      await waitForAgentHeardAfter(customer, since, customerSeconds(customer, since), 2);
      crm.signGrantsWith(grantKey);
    });

    it('listen: the lead hears the customer and the agent; nobody hears the lead', async () => {
      await lead.page
        .getByLabel(words.monitoring['agent']!, { exact: true })
        .fill('sip:1001@127.0.0.1');
      await modeButton('listen').click();
      await leadModeActive(lead.page, 'listen').waitFor({ timeout: 15_000 });
      // Transparency (policy indicator: true): the agent sees who listens.
      await agent.page.getByRole('status').filter({ hasText: '박팀장' }).waitFor();
      const from = customerSeconds(customer, since);

      const heard = await waitFor(
        async () => {
          const tones = await monitorTones(lead.page, 'received');
          return tones[AGENT_HZ]! > PRESENT_DB && tones[CUSTOMER_HZ]! > PRESENT_DB
            ? tones
            : undefined;
        },
        { what: "the lead to hear both the agent's and the customer's tones", timeoutMs: 15_000 },
      );
      expect(heard[LEAD_HZ]).toBeLessThan(ABSENT_DB);
      const ear = await monitorTones(agent.page, 'ear');
      expect(ear[LEAD_HZ], 'the agent hears the listening lead').toBeLessThan(ABSENT_DB);
      await sleep(2000);
      expect(leadInCustomerRecording(customer, since, from).rms).toBeLessThan(LEAK_RMS);
    });

    it('whisper, on the same call: the agent hears the lead, the customer does not', async () => {
      const monitorId = await lead.page.evaluate(
        () =>
          (globalThis as unknown as { __soriSip: Diagnostics }).__soriSip.monitorIds()[0]
            ?.monitorId,
      );
      await modeButton('whisper').click();
      await waitFor(
        async () =>
          (await monitorTones(agent.page, 'ear', 1000))[LEAD_HZ]! > PRESENT_DB ? true : undefined,
        { what: "the lead's whisper in the agent's ear", timeoutMs: 15_000 },
      );
      const from = customerSeconds(customer, since);
      await sleep(3000);
      expect(leadInCustomerRecording(customer, since, from).rms).toBeLessThan(LEAK_RMS);
      // No new call for the switch.
      expect(
        await lead.page.evaluate(
          () =>
            (globalThis as unknown as { __soriSip: Diagnostics }).__soriSip.monitorIds()[0]
              ?.monitorId,
        ),
      ).toBe(monitorId);
    });

    it('barge: the customer hears the lead', async () => {
      const from = customerSeconds(customer, since);
      await modeButton('barge').click();
      await waitFor(
        () =>
          leadInCustomerRecording(customer, since, from).rms > LEAK_RMS * 3 ? true : undefined,
        {
          what: "the lead's voice in the customer's recording",
          timeoutMs: 15_000,
          intervalMs: 500,
        },
      );
    });

    it('every session is audited on both sides, and ends with the call', async () => {
      await agent.page.getByRole('button', { name: words.calls['hangUp']!, exact: true }).click();
      await lead.page.getByRole('heading', { name: words.monitoring['title']! }).waitFor();
      await waitFor(
        async () =>
          (await lead.page.evaluate(
            () =>
              (globalThis as unknown as { __soriSip: Diagnostics }).__soriSip.monitorIds().length,
          )) === 0
            ? true
            : undefined,
        { what: "the lead's monitoring call to end with the agent's call" },
      );
      const actions = (app: AppHandle) =>
        (
          app
            .readDb()
            .prepare("select action from audit_log where action like 'monitoring.%' order by id")
            .all() as Array<{
            action: string;
          }>
        ).map((row) => row.action);
      await waitFor(() => (actions(agent).includes('monitoring.ended') ? true : undefined), {
        what: 'the agent side to audit the end',
      });
      expect(actions(agent)).toEqual([
        'monitoring.refused',
        'monitoring.started',
        'monitoring.mode_changed',
        'monitoring.mode_changed',
        'monitoring.ended',
      ]);
      expect(actions(lead).filter((a) => a === 'monitoring.requested')).toHaveLength(4);
    });

    it('with the indicator off by policy, the agent sees nothing, and the audit says so', async () => {
      // IT turns the indicator off while the app runs; it applies without a restart.
      const applied = () => agent.logLines.filter((l) => l.includes('policy applied')).length;
      const before = applied();
      writePolicy(agent.profileDir, {
        ...scene.policy,
        monitoring: { ...scene.policy.monitoring, indicator: false },
      });
      await waitFor(() => (applied() > before ? true : undefined), {
        what: "the agent's app to apply the changed policy",
      });

      await dial(agent.page, 'ko', '2001');
      await waitForTalking(agent.page, 'ko');
      await waitForNoticeDone(agent.page);
      await modeButton('listen').click();
      await leadModeActive(lead.page, 'listen').waitFor({ timeout: 15_000 });
      // The agent's app has answered the lead and mixes for them...
      await waitFor(
        async () =>
          (await monitorTones(lead.page, 'received'))[AGENT_HZ]! > PRESENT_DB ? true : undefined,
        { what: "the lead to hear the agent's tone", timeoutMs: 15_000 },
      );
      const started = agent
        .readDb()
        .prepare(
          "select detail from audit_log where action = 'monitoring.started' order by id desc limit 1",
        )
        .pluck()
        .get() as string;
      expect(JSON.parse(started)).toMatchObject({ mode: 'listen', indicator: false });
      // ...and shows the agent nothing of it.
      expect(await agent.page.getByRole('status').filter({ hasText: '박팀장' }).count()).toBe(0);
      expect(await agent.page.locator('.monitored-indicator').count()).toBe(0);
    });
  },
);
