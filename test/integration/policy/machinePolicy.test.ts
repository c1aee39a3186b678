import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, loadMachinePolicy, PolicyError } from '../../../main/policy/machinePolicy';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const policyFile = (content: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sori-policy-')), 'policy.json');
  fs.writeFileSync(file, content);
  return file;
};
const PBX = {
  version: 1,
  recordingNotice: { mode: 'pbx-or-app', proofHeader: 'X-Recording-Notice' },
};
const report = {
  outcome: 'pbx_played',
  callId: 'c1',
  language: 'ko',
  header: 'X-Recording-Notice',
  at: 1,
};

describe('machine policy (real files)', () => {
  it('means the defaults when there is no file: the app plays the notice on every call', () => {
    expect(loadMachinePolicy(null)).toEqual(DEFAULT_POLICY);
    expect(loadMachinePolicy('/nonexistent/sori/policy.json')).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.recordingNotice.mode).toBe('app');
  });

  it('reads a PBX notice policy', () => {
    expect(loadMachinePolicy(policyFile(JSON.stringify(PBX))).recordingNotice).toEqual(
      PBX.recordingNotice,
    );
  });

  it.each([
    ['not JSON', '{"version": 1,', /not JSON/],
    [
      'an unknown key',
      JSON.stringify({ version: 1, recordingNotise: {} }),
      /recordingNotise|Unrecognized/,
    ],
    [
      'a bad header name',
      JSON.stringify({ ...PBX, recordingNotice: { mode: 'pbx-or-app', proofHeader: 'X Bad: h' } }),
      /proofHeader/,
    ],
    ['a future version', JSON.stringify({ version: 2 }), /version/],
    [
      'a STUN server that is not a stun: URL',
      JSON.stringify({ version: 1, media: { stunServers: ['http://stun.example.test'] } }),
      /stunServers/,
    ],
    [
      'an auto-answer mode nobody defined',
      JSON.stringify({ version: 1, autoAnswer: { mode: 'sometimes' } }),
      /autoAnswer/,
    ],
    [
      'after-call work of an hour',
      JSON.stringify({ version: 1, afterCallWork: { mode: 'mandatory', seconds: 3600 } }),
      /afterCallWork/,
    ],
    [
      'an ICE gathering cap of a minute',
      JSON.stringify({ version: 1, media: { iceGatheringCapMs: 60_000 } }),
      /iceGatheringCapMs/,
    ],
  ])('refuses a file with %s, naming the problem', (_what, content, reason) => {
    const file = policyFile(content);
    let error: unknown;
    try {
      loadMachinePolicy(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).reason).toMatch(reason);
    expect((error as PolicyError).file).toBe(file);
  });
});

describe('an invalid policy file', () => {
  it('lists every problem, so IT can fix the file in one go', () => {
    const file = policyFile(
      JSON.stringify({
        version: 1,
        autoAnswer: { mode: 'sometimes' },
        signalling: { keepaliveSeconds: 1 },
        healthCheck: { mediaTestUri: 'echo' },
      }),
    );
    let error: unknown;
    try {
      loadMachinePolicy(file);
    } catch (e) {
      error = e;
    }
    const reason = (error as PolicyError).reason;
    expect(reason).toMatch(/autoAnswer\.mode/);
    expect(reason).toMatch(/signalling\.keepaliveSeconds/);
    expect(reason).toMatch(/healthCheck\.mediaTestUri/);
  });
});

describe('PBX-played notice over IPC', () => {
  it('policy:get names the proof header only in pbx-or-app mode', async () => {
    const plain = createIpcTestbed();
    expect(await plain.dispatch('policy:get', {}, { url: APP_URL })).toEqual({
      ok: true,
      value: {
        status: { valid: true, file: null, problems: [] },
        pinned: {},
        features: { globalHotkeys: true, headsetButtons: true, desktopNotifications: true },
        recordingNotice: { pbxProofHeader: null },
        recording: { enabled: false },
        screenPop: { customerIdHeader: null },
        autoAnswer: { mode: 'off', delaySeconds: 1 },
        media: { stunServers: [], iceGatheringCapMs: 2000 },
        signalling: { keepaliveSeconds: 30 },
        healthCheck: { mediaTestUri: null },
        monitoring: { indicator: true, mode: 'endpoint', featureCodes: null },
      },
    });
    plain.close();
    const pbx = createIpcTestbed(
      SHIPPED_NOTICES,
      loadMachinePolicy(policyFile(JSON.stringify(PBX))),
    );
    expect(await pbx.dispatch('policy:get', {}, { url: APP_URL })).toMatchObject({
      value: { recordingNotice: { pbxProofHeader: 'X-Recording-Notice' } },
    });
    pbx.close();
  });

  it('audits a PBX-played notice only when the policy names that header', async () => {
    const plain = createIpcTestbed();
    expect(await plain.dispatch('notice:report', report, { url: APP_URL })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(plain.db.prepare('select count(*) as n from audit_log').get()).toEqual({ n: 0 });
    plain.close();

    const pbx = createIpcTestbed(
      SHIPPED_NOTICES,
      loadMachinePolicy(policyFile(JSON.stringify(PBX))),
    );
    expect((await pbx.dispatch('notice:report', report, { url: APP_URL })).ok).toBe(true);
    const row = pbx.db.prepare('select action, subject, detail from audit_log').get() as Record<
      string,
      string
    >;
    expect(row).toMatchObject({ action: 'recording_notice.pbx_played', subject: 'c1' });
    expect(JSON.parse(row['detail']!)).toEqual({
      mode: 'pbx',
      language: 'ko',
      header: 'X-Recording-Notice',
      at: 1,
    });
    pbx.close();
  });
});
