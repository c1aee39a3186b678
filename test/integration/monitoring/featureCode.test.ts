import { describe, expect, it } from 'vitest';
import { CRM_IDENTITY_SETTING } from '../../../main/crm/crmIdentity';
import { setSetting } from '../../../main/db/repositories/settings';
import { machinePolicySchema } from '../../../main/policy/machinePolicy';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
const PBX = machinePolicySchema.parse({
  version: 1,
  monitoring: {
    mode: 'pbx-feature-code',
    featureCodes: { listen: '*222', whisper: '*223', barge: '*224' },
  },
});
const identity = (role: 'agent' | 'lead') => ({
  agentId: `${role}-1002`,
  sipUri: 'sip:1002@127.0.0.1',
  displayName: '박팀장',
  role,
  team: 'cards-1',
  fetchedAt: 1,
});
const requested = (bed: ReturnType<typeof createIpcTestbed>) =>
  (
    bed.db
      .prepare("select detail from audit_log where action = 'monitoring.requested' order by id")
      .all() as Array<{ detail: string }>
  ).map((row) => (JSON.parse(row.detail) as { outcome: string; mode: string }).outcome);

describe('monitoring by PBX feature code (policy monitoring.mode)', () => {
  it("gives a lead the PBX's code for the mode, and audits it", async () => {
    const bed = createIpcTestbed(SHIPPED_NOTICES, PBX);
    setSetting(bed.db, CRM_IDENTITY_SETTING, identity('lead'));
    const request = { agentSipUri: 'sip:1001@127.0.0.1', mode: 'whisper' };
    expect(await bed.dispatch('monitoring:featureCode', request, sender)).toEqual({
      ok: true,
      value: { featureCode: '*223' },
    });
    expect(requested(bed)).toEqual(['pbx_feature_code']);
    bed.close();
  });

  it('refuses (and audits) a user the CRM does not call a lead, and endpoint-mode machines', async () => {
    const request = { agentSipUri: 'sip:1001@127.0.0.1', mode: 'barge' };
    const agentBed = createIpcTestbed(SHIPPED_NOTICES, PBX);
    setSetting(agentBed.db, CRM_IDENTITY_SETTING, identity('agent'));
    expect(await agentBed.dispatch('monitoring:featureCode', request, sender)).toMatchObject({
      ok: false,
      error: { code: 'MONITOR_REFUSED', message: 'not_permitted' },
    });
    expect(requested(agentBed)).toEqual(['not_permitted']);
    agentBed.close();

    const endpointBed = createIpcTestbed();
    setSetting(endpointBed.db, CRM_IDENTITY_SETTING, identity('lead'));
    expect(await endpointBed.dispatch('monitoring:featureCode', request, sender)).toMatchObject({
      ok: false,
      error: { code: 'MONITOR_REFUSED', message: 'not_pbx_mode' },
    });
    endpointBed.close();
  });
});
