import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  generateGrantSigningKey,
  startReferenceCrm,
  type CrmUser,
  type GrantSigningKey,
  type ReferenceCrm,
} from '../crmReference/referenceCrm';
import type { Locator, Page } from 'playwright-core';
import type { MonitorMode } from '../../preload/contract';
import { freshProfileDir, type AppHandle } from '../harness';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import {
  dial,
  launchAgent,
  startStack,
  storeCrmToken,
  testAudio,
  ui,
  waitForNoticeDone,
  waitForReady,
  waitForTalking,
} from './support';

// Issue #8's scene, shared by the e2e suite and the bench: a baresip customer (1000 Hz) on a call
// with agent 1001 (440 Hz, notice played, microphone open); team lead 1002 (660 Hz) in their own
// app, both signed in to the reference CRM of one team, which signs grants the policy trusts.

export const AGENT_HZ = 440;
export const LEAD_HZ = 660;
export const CUSTOMER_HZ = 1000;

const TEAM = 'cards-1';
export const agentUser: CrmUser = {
  agentId: 'agent-1001',
  sipUri: 'sip:1001@127.0.0.1',
  displayName: '김상담',
  role: 'agent',
  team: TEAM,
};
export const leadUser: CrmUser = {
  agentId: 'lead-1002',
  sipUri: 'sip:1002@127.0.0.1',
  displayName: '박팀장',
  role: 'lead',
  team: TEAM,
};

/** The lead's monitoring status once `mode` is up (실시간 감청 중, …), in the Korean UI. */
export function leadModeActive(page: Page, mode: MonitorMode): Locator {
  const words = ui('ko').monitoring;
  return page
    .getByRole('status')
    .filter({ hasText: words.status['active']!.replace('{{mode}}', words.mode[mode]) });
}

export interface MonitoringScene {
  stack: SipStack;
  crm: ReferenceCrm;
  /** The key the CRM signs grants with, as the policy trusts it. */
  grantKey: GrantSigningKey;
  customer: BaresipCustomer;
  agent: AppHandle;
  lead: AppHandle;
  /** The customer's recordings before this call (see BaresipCustomer.newDecodedRecordings). */
  since: ReadonlySet<string>;
  /** The machine policy both apps started with (a test may write a changed copy). */
  policy: {
    version: 1;
    crm: { baseUrl: string; syncIntervalSeconds: number };
    monitoring: { publicKeys: Array<{ kid: string; key: string }>; indicator: boolean };
  };
  stop(): Promise<void>;
}

export async function startMonitoringScene(label: string): Promise<MonitoringScene> {
  const audio = await testAudio();
  const stack = await startStack(label);
  const grantKey = generateGrantSigningKey();
  const crm = await startReferenceCrm({
    dbFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), `sori-crm-${label}-`)), 'crm.sqlite'),
    token: 'token-agent-1001',
    user: agentUser,
    users: [{ ...leadUser, token: 'token-lead-1002' }],
    grantKey,
  });
  const policy: MonitoringScene['policy'] = {
    version: 1,
    crm: { baseUrl: crm.url, syncIntervalSeconds: 1 },
    monitoring: { publicKeys: [crm.grantPublicKey], indicator: true },
  };
  const customer = await startBaresipCustomer(stack, {
    user: '2001',
    sourceWav: audio.customerTone1000,
    autoAnswer: true,
  });
  const agentProfile = freshProfileDir('agent');
  storeCrmToken(agentProfile, 'token-agent-1001');
  const leadProfile = freshProfileDir('lead');
  storeCrmToken(leadProfile, 'token-lead-1002');
  const [agent, lead] = await Promise.all([
    launchAgent(stack, '1001', {
      language: 'ko',
      profileDir: agentProfile,
      microphoneWav: audio.agentTone440,
      policy,
    }),
    launchAgent(stack, '1002', {
      language: 'ko',
      profileDir: leadProfile,
      microphoneWav: audio.agentTone660,
      policy,
    }),
  ]);
  await waitForReady(agent.page, 'ko');
  const since = new Set(customer.recordings());
  await dial(agent.page, 'ko', '2001');
  await waitForTalking(agent.page, 'ko');
  await waitForNoticeDone(agent.page);
  return {
    stack,
    crm,
    grantKey,
    customer,
    agent,
    lead,
    since,
    policy,
    async stop() {
      await Promise.all([agent.close(), lead.close()]);
      await stack.stop();
      await crm.close();
    },
  };
}
