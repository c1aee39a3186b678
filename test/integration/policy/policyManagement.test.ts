import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, memorySink } from '../../../main/logging/logger';
import { watchPolicyFile, type PolicySource } from '../../../main/policy/policySource';
import { createPolicyBoundSync } from '../../../main/crm/policyBoundSync';
import type { SyncService } from '../../../main/crm/syncService';
import type { MachinePolicy } from '../../../main/policy/machinePolicy';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
const SERVERS = ['wss://sip1.center.example:443/ws', 'wss://sip2.center.example:443/ws'];
const PINNED = {
  version: 1,
  sip: { wsServers: SERVERS, dtmfMode: 'info' },
  settings: { language: 'ko', micProcessing: true },
};
const INVALID = {
  version: 1,
  sip: { wsServers: ['http://not-a-websocket'] },
  autoAnswer: { mode: 'sometimes' },
};
const account = {
  displayName: '김상담',
  sipUri: 'sip:1001@center.example',
  wsServers: ['ws://127.0.0.1:8080'],
  dtmfMode: 'rfc4733' as const,
  password: 'pw-1001',
};

const sources: PolicySource[] = [];
afterEach(() => sources.splice(0).forEach((source) => source.stop()));

function policyFile(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sori-policy-')), 'policy.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}
function watched(file: string) {
  const log = memorySink();
  const source = watchPolicyFile(file, {
    logger: createLogger({ level: 'debug', sinks: [log] }),
    pollMs: 20,
  });
  sources.push(source);
  const changes: boolean[] = [];
  source.onChange(() => changes.push(source.status().valid));
  return { source, changes, log };
}
/** Replaces the file as IT tools do (write aside, rename over). */
function replace(file: string, content: unknown): void {
  fs.writeFileSync(`${file}.new`, typeof content === 'string' ? content : JSON.stringify(content));
  fs.renameSync(`${file}.new`, file);
}
async function until(condition: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the machine policy file, watched', () => {
  it('applies a changed file, and an invalid one fails closed keeping the last valid pins', async () => {
    const file = policyFile({ version: 1 });
    const { source, changes, log } = watched(file);
    expect(source.status()).toEqual({ file, valid: true, problems: [] });
    expect(source.current().sip).toBeUndefined();

    replace(file, PINNED);
    await until(() => changes.length === 1);
    expect(changes).toEqual([true]);
    expect(source.current().sip?.wsServers).toEqual(SERVERS);

    replace(file, INVALID);
    await until(() => changes.length === 2);
    expect(changes).toEqual([true, false]);
    const problems = source.status().problems;
    // Every problem at once, each with where it is.
    expect(problems.some((problem) => problem.startsWith('sip.wsServers.0:'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('autoAnswer.mode:'))).toBe(true);
    // A broken file never unlocks what IT pinned.
    expect(source.current().settings.language).toBe('ko');
    expect(source.current().sip?.wsServers).toEqual(SERVERS);

    replace(file, '{"version": 1,');
    await until(() => changes.length === 3);
    expect(source.status().problems).toEqual([expect.stringMatching(/^\(file\): not JSON/)]);

    replace(file, { version: 1, settings: { language: 'en' } });
    await until(() => changes.length === 4);
    expect(source.status().valid).toBe(true);
    expect(source.current().settings.language).toBe('en');
    expect(source.current().sip).toBeUndefined();
    expect(log.lines.some((line) => line.includes('policy invalid: calling disabled'))).toBe(true);
  });

  it('a file that appears later applies, one that goes away means the defaults', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sori-policy-')), 'policy.json');
    const { source, changes } = watched(file);
    expect(source.status().valid).toBe(true);
    fs.writeFileSync(file, JSON.stringify(PINNED));
    await until(() => changes.length === 1);
    expect(source.current().settings.language).toBe('ko');
    fs.rmSync(file);
    await until(() => changes.length === 2);
    expect(source.current().settings).toEqual({});
  });

  it('an app started with an invalid file runs unpinned defaults with calling disabled', () => {
    const { source } = watched(policyFile(INVALID));
    expect(source.status().valid).toBe(false);
    expect(source.current().autoAnswer.mode).toBe('off');
  });
});

describe('policy over IPC', () => {
  it('an invalid policy disables calling: no credentials to register with, the problems listed', async () => {
    const file = policyFile(INVALID);
    const { source, changes } = watched(file);
    const bed = createIpcTestbed(SHIPPED_NOTICES, source);
    expect((await bed.dispatch('account:save', account, sender)).ok).toBe(true);
    expect(await bed.dispatch('account:getCredentials', {}, sender)).toMatchObject({
      ok: false,
      error: { code: 'POLICY_INVALID' },
    });
    const policy = await bed.dispatch('policy:get', {}, sender);
    expect(policy).toMatchObject({ ok: true, value: { status: { valid: false, file } } });
    const problems = policy.ok ? (policy.value as { status: { problems: string[] } }) : null;
    expect(problems?.status.problems).toHaveLength(2);

    replace(file, { version: 1 });
    await until(() => changes.length === 1);
    expect(await bed.dispatch('account:getCredentials', {}, sender)).toMatchObject({
      ok: true,
      value: { wsServers: account.wsServers, password: 'pw-1001' },
    });
    bed.close();
  });

  it('pinned settings win over the stored ones and cannot be changed through IPC', async () => {
    const file = policyFile({ version: 1 });
    const { source, changes } = watched(file);
    const bed = createIpcTestbed(SHIPPED_NOTICES, source);
    // The agent's own choices, made before IT pinned anything.
    expect((await bed.dispatch('account:save', account, sender)).ok).toBe(true);
    expect((await bed.dispatch('settings:setLanguage', { language: 'en' }, sender)).ok).toBe(true);

    replace(file, PINNED);
    await until(() => changes.length === 1);
    expect(await bed.dispatch('policy:get', {}, sender)).toMatchObject({
      value: {
        pinned: { language: 'ko', micProcessing: true, wsServers: SERVERS, dtmfMode: 'info' },
      },
    });
    expect(await bed.dispatch('settings:get', {}, sender)).toMatchObject({
      value: { language: 'ko', micProcessing: true },
    });
    expect(await bed.dispatch('account:get', {}, sender)).toMatchObject({
      value: { wsServers: SERVERS, dtmfMode: 'info' },
    });
    expect(await bed.dispatch('account:getCredentials', {}, sender)).toMatchObject({
      value: { wsServers: SERVERS, dtmfMode: 'info' },
    });

    const refused = async (channel: string, request: unknown) =>
      expect(await bed.dispatch(channel, request, sender)).toMatchObject({
        ok: false,
        error: { code: 'SETTING_MANAGED' },
      });
    await refused('settings:setLanguage', { language: 'en' });
    await refused('settings:setMicProcessing', { enabled: false });
    await refused('account:save', { ...account, wsServers: ['ws://127.0.0.1:9999'] });
    await refused('account:save', { ...account, wsServers: SERVERS, dtmfMode: 'rfc4733' });
    // The form sends the managed values back unchanged with the agent's own fields: allowed.
    expect(
      await bed.dispatch(
        'account:save',
        { ...account, displayName: '김상담2', wsServers: SERVERS, dtmfMode: 'info' },
        sender,
      ),
    ).toMatchObject({ ok: true, value: { displayName: '김상담2', wsServers: SERVERS } });
    expect((await bed.dispatch('settings:setLanguage', { language: 'ko' }, sender)).ok).toBe(true);

    // IT lifts the pin: the agent's own stored choice comes back.
    replace(file, { version: 1 });
    await until(() => changes.length === 2);
    expect(await bed.dispatch('account:get', {}, sender)).toMatchObject({
      value: { wsServers: SERVERS, dtmfMode: 'info' },
    });
    expect((await bed.dispatch('settings:setLanguage', { language: 'en' }, sender)).ok).toBe(true);
    bed.close();
  });
});

describe('the CRM sync follows the policy', () => {
  it('a new CRM section restarts the sync for it; other changes leave it running', async () => {
    const file = policyFile({ version: 1 });
    const { source, changes } = watched(file);
    const started: Array<{ crm: MachinePolicy['crm']; stopped: boolean; kicks: number }> = [];
    const sync = createPolicyBoundSync(source, (crm) => {
      const run = { crm, stopped: false, kicks: 0 };
      started.push(run);
      return {
        handlers: {} as SyncService['handlers'],
        kick: () => void run.kicks++,
        stop: () => void (run.stopped = true),
      };
    });
    expect(started.map((run) => run.crm)).toEqual([undefined]);

    replace(file, { version: 1, crm: { baseUrl: 'https://crm.center.example/api' } });
    await until(() => changes.length === 1);
    expect(started).toHaveLength(2);
    expect(started[0]!.stopped).toBe(true);
    expect(started[1]!.crm?.baseUrl).toBe('https://crm.center.example/api');
    sync.kick();
    expect(started[1]!.kicks).toBe(1);

    // Not about the CRM: the running sync is left alone.
    replace(file, {
      version: 1,
      crm: { baseUrl: 'https://crm.center.example/api' },
      settings: { language: 'ko' },
    });
    await until(() => changes.length === 2);
    expect(started).toHaveLength(2);
    sync.stop();
    expect(started[1]!.stopped).toBe(true);
  });
});
