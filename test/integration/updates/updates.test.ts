import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentStateService } from '../../../main/agentState/agentStateService';
import { createCrmClient } from '../../../main/crm/crmClient';
import { createOutboxSender } from '../../../main/crm/outboxSender';
import { closeCall, markAnswered, openCall } from '../../../main/db/repositories/callLog';
import { submitNote } from '../../../main/db/repositories/notes';
import { openStore, type Store } from '../../../main/db/store';
import { createEventHub } from '../../../main/ipc/events';
import { createLogger, memorySink } from '../../../main/logging/logger';
import { createNoticeLibrary } from '../../../main/notices/noticeLibrary';
import { watchPolicyFile } from '../../../main/policy/policySource';
import { createAppUpdaterPort } from '../../../main/updates/appUpdaterPort';
import { effectiveUpdateSettings, type UpdateSettings } from '../../../main/updates/updatePolicy';
import {
  createUpdateService,
  type UpdateClock,
  type UpdateService,
} from '../../../main/updates/updateService';
import { createWorkSource } from '../../../main/updates/workState';
import { startReferenceCrm, type ReferenceCrm } from '../../crmReference/referenceCrm';
import { SHIPPED_NOTICES } from '../../harness/notices';
import { NodeTestUpdater } from './nodeUpdater';
import { startUpdateFeed, type UpdateFeed } from './updateFeed';

const RUNNING_VERSION = '0.1.0';
const HOUR = 3_600_000;
const FIRST_CHECK_MS = 60_000;
const RETRY_MS = 30_000;
const APP_SENDER = { url: 'app://sori/index.html' };

/** A clock the test moves: timers run when their time comes, and only then. */
function manualClock(start = 1_800_000_000_000): UpdateClock & { advance(ms: number): void } {
  let t = start;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => t,
    setTimeout(fn, ms) {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((x) => x !== timer);
      };
    },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((x) => x !== due);
        t = due.at;
        due.fn();
      }
      t = end;
    },
  };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A fresh profile (real SQLite through openStore), a real feed on 127.0.0.1, electron-updater's
 * updater in Node behind the app's port, the real work source (call log, outbox, main's agent
 * state events) and the update service on a hand-moved clock.
 */
async function setUp(
  overrides: Partial<UpdateSettings> = {},
  options: {
    /** Runs on the fresh profile before the update service starts. */
    before?: (store: Store) => void;
    /** Where the service reads its settings (default: `overrides` on top of a feed-pointing policy). */
    settingsFrom?: (feed: UpdateFeed, dir: string) => () => UpdateSettings;
  } = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-updates-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = openStore(path.join(dir, 'profile'));
  cleanups.push(() => store.close());
  options.before?.(store);
  const feed = await startUpdateFeed();
  cleanups.push(() => feed.close());
  const events = createEventHub();
  const sink = memorySink();
  const logger = createLogger({ level: 'debug', sinks: [sink] });
  const updater = new NodeTestUpdater(dir, RUNNING_VERSION);
  let settings: UpdateSettings = {
    enabled: true,
    channel: 'latest',
    feedUrl: feed.url,
    checkIntervalHours: 6,
    ...overrides,
  };
  const work = createWorkSource({ db: store.db, events });
  const clock = manualClock();
  const service: UpdateService = createUpdateService({
    settings: options.settingsFrom?.(feed, dir) ?? (() => settings),
    port: createAppUpdaterPort(updater, {
      builtInConfigFile: path.join(dir, 'resources', 'app-update.yml'),
      fallbackConfigFile: path.join(dir, 'userData', 'updates', 'app-update.yml'),
      logger,
    }),
    work,
    logger,
    clock,
    firstCheckDelayMs: FIRST_CHECK_MS,
    retryMs: RETRY_MS,
  });
  cleanups.push(() => {
    service.stop();
    work.stop();
  });
  const agent = createAgentStateService({
    db: store.db,
    recordingNotices: createNoticeLibrary(SHIPPED_NOTICES),
    recoveryUntil: () => null,
    onChange: (status) => events.emit('agentState:changed', status),
  });
  /** Moves the clock (timers fire) and waits for the step they started. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await service.whenIdle();
  };
  const logged = (message: string) =>
    sink.lines
      .map((line) => JSON.parse(line) as { msg: string; data?: Record<string, unknown> })
      .filter((line) => line.msg === message);
  return {
    dir,
    db: store.db,
    feed,
    updater,
    service,
    agent,
    advance,
    logged,
    logLines: sink.lines,
    setSettings: (patch: Partial<UpdateSettings>) => (settings = { ...settings, ...patch }),
  };
}

const sha512 = (file: string) =>
  crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64');

const startCall = (db: Store['db'], callId: string) =>
  openCall(db, {
    callId,
    direction: 'inbound',
    remote: { uri: 'sip:01012345678@pbx.example.com', displayName: null },
    startedAt: Date.now(),
  });

describe('controlled updates (real feed on 127.0.0.1, electron-updater in Node, real SQLite)', () => {
  it('kill switch: with updates disabled no request ever reaches the feed', async () => {
    const { feed, service, advance, updater, logged } = await setUp({ enabled: false });
    feed.publish('latest', { version: '9.0.0' });

    await advance(FIRST_CHECK_MS);
    await service.tick();
    for (let i = 0; i < 28; i++) await advance(6 * HOUR); // a week of intervals

    expect(feed.requests).toEqual([]);
    expect(updater.installs).toEqual([]);
    expect(service.status()).toMatchObject({ phase: 'idle', lastCheckAt: null });
    expect(logged('updates disabled by policy: not checking')).toHaveLength(1);
  });

  it('a newer release on the beta channel: beta file asked (never latest), fetched, checksum checked, installed while the agent is 이석', async () => {
    const { feed, service, updater, logged } = await setUp({ channel: 'beta' });
    feed.publish('latest', { version: '0.1.0' });
    const beta = feed.publish('beta', { version: '0.2.0-beta.1' });

    await service.tick();

    expect(feed.channelsAsked()).toEqual(['beta']);
    expect(feed.downloads()).toEqual([expect.stringContaining(beta.fileName)]);
    expect(service.status()).toMatchObject({ phase: 'installing', version: '0.2.0-beta.1' });
    expect(updater.installs).toHaveLength(1);
    expect(updater.installs[0]).toMatchObject({ silent: true, runAfter: true });
    // The file handed to the installer is the published artifact, byte for byte.
    expect(sha512(updater.installs[0]!.installer!)).toBe(beta.sha512);
    expect(logged('update found')[0]?.data).toEqual({ version: '0.2.0-beta.1', channel: 'beta' });
  });

  it('same or older version: nothing is fetched or installed, also on a channel (no downgrade)', async () => {
    const { feed, service, advance, updater, setSettings, logged } = await setUp();
    feed.publish('latest', { version: RUNNING_VERSION });
    await service.tick();
    feed.publish('latest', { version: '0.0.9' });
    await advance(6 * HOUR);
    // electron-updater allows downgrades as soon as a channel is set; the port turns that off.
    setSettings({ channel: 'beta' });
    feed.publish('beta', { version: '0.1.0-beta.3' });
    await advance(6 * HOUR);

    expect(feed.channelsAsked()).toEqual(['latest', 'latest', 'beta']);
    expect(feed.downloads()).toEqual([]);
    expect(updater.installs).toEqual([]);
    expect(service.status().phase).toBe('idle');
    expect(logged('no newer version').map((l) => l.data?.['latest'])).toEqual([
      '0.1.0',
      '0.0.9',
      '0.1.0-beta.3',
    ]);
  });

  it('checks after the start delay, then every checkIntervalHours, never in between', async () => {
    const { feed, advance } = await setUp({ checkIntervalHours: 6 });
    feed.publish('latest', { version: RUNNING_VERSION });

    await advance(FIRST_CHECK_MS - 1);
    expect(feed.channelsAsked()).toHaveLength(0);
    await advance(1);
    expect(feed.channelsAsked()).toHaveLength(1);
    await advance(6 * HOUR - 1);
    expect(feed.channelsAsked()).toHaveLength(1);
    await advance(1);
    expect(feed.channelsAsked()).toHaveLength(2);
    // Each check is real HTTP: the next interval starts when it has answered.
    await advance(6 * HOUR);
    await advance(6 * HOUR);
    expect(feed.channelsAsked()).toHaveLength(4);
  });

  it('a call up when the update is found: nothing is downloaded during it; fetched and installed when it ends', async () => {
    const { db, feed, service, advance, updater } = await setUp();
    feed.publish('latest', { version: '0.2.0' });
    startCall(db, 'call-1');
    markAnswered(db, 'call-1', Date.now());

    await service.tick();
    await advance(RETRY_MS);
    expect(service.status()).toMatchObject({ phase: 'available', deferredBy: 'call_in_progress' });
    expect(feed.downloads()).toEqual([]);

    closeCall(db, 'call-1', Date.now(), 'remote_hangup');
    await advance(RETRY_MS);
    expect(feed.downloads()).toHaveLength(1);
    expect(updater.installs).toHaveLength(1);
  });

  it('a call that rings while the update downloads: the install waits for the call to end', async () => {
    const { db, feed, service, advance, updater, logged } = await setUp();
    feed.publish('latest', { version: '0.2.0' });
    feed.onNextDownload(() => startCall(db, 'call-2'));

    await service.tick();
    expect(service.status()).toMatchObject({ phase: 'downloaded', deferredBy: 'call_in_progress' });
    await advance(RETRY_MS);
    await advance(RETRY_MS);
    expect(updater.installs).toEqual([]);
    // Deferred once in the log, not once per retry.
    expect(logged('install deferred')).toHaveLength(1);

    closeCall(db, 'call-2', Date.now(), 'local_hangup');
    await advance(RETRY_MS);
    expect(updater.installs).toHaveLength(1);
    expect(service.status().phase).toBe('installing');
  });

  it('a call row left open by a crashed run does not hold the update back', async () => {
    const { updater, feed, service } = await setUp(
      {},
      { before: (store) => startCall(store.db, 'died-with-the-last-run') },
    );
    feed.publish('latest', { version: '0.2.0' });
    await service.tick();
    expect(updater.installs).toHaveLength(1);
  });

  it('unsynced notes: the install waits until the outbox has reached the CRM', async () => {
    const { dir, db, feed, service, advance, updater } = await setUp();
    feed.publish('latest', { version: '0.2.0' });
    db.transaction(() =>
      submitNote(
        db,
        {
          callId: 'call-3',
          customerId: null,
          intentCode: null,
          body: '요금 문의, 다음 주 재연락',
          updatedAt: 1,
        },
        1,
      ),
    )();

    await service.tick();
    await advance(RETRY_MS);
    expect(service.status()).toMatchObject({ phase: 'downloaded', deferredBy: 'notes_unsynced' });
    expect(updater.installs).toEqual([]);

    // The real outbox sender delivers the note to the reference CRM; the outbox empties.
    const token = 'update-test-token-0123456789';
    const crm: ReferenceCrm = await startReferenceCrm({
      dbFile: path.join(dir, 'crm.sqlite'),
      token,
    });
    cleanups.push(() => crm.close());
    const sender = createOutboxSender({
      db,
      client: createCrmClient({ baseUrl: crm.url, token: () => token, timeoutMs: 5_000 }),
    });
    await sender.drain();
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(crm.received().map((r) => r.kind)).toEqual(['note']);

    await advance(RETRY_MS);
    expect(updater.installs).toHaveLength(1);
  });

  it('대기 and 후처리 defer the install; going 이석 installs at once (the state change triggers it)', async () => {
    const { feed, service, updater, agent, logged } = await setUp();
    feed.publish('latest', { version: '0.2.0' });
    expect(agent.handlers['agentState:set']({ state: 'ready' }, APP_SENDER)).toMatchObject({
      state: 'ready',
    });

    await service.tick();
    expect(service.status()).toMatchObject({ phase: 'downloaded', deferredBy: 'agent_ready' });

    agent.callEnded(true, true); // an answered call ended without its disposition: 후처리
    await service.whenIdle();
    expect(service.status()).toMatchObject({ phase: 'downloaded', deferredBy: 'wrap_up' });

    agent.handlers['agentState:set']({ state: 'notReady', reason: 'break' }, APP_SENDER);
    await service.whenIdle();
    expect(updater.installs).toHaveLength(1);
    expect(logged('install deferred').map((l) => l.data?.['reason'])).toEqual([
      'agent_ready',
      'wrap_up',
    ]);
  });

  it('IT switches updates off after one was fetched: it is never installed and the feed hears nothing more', async () => {
    const { feed, service, updater, agent, setSettings, advance } = await setUp();
    feed.publish('latest', { version: '0.2.0' });
    agent.handlers['agentState:set']({ state: 'ready' }, APP_SENDER);
    await service.tick();
    expect(service.status().phase).toBe('downloaded');
    const requestsBefore = feed.requests.length;

    setSettings({ enabled: false });
    agent.handlers['agentState:set']({ state: 'notReady', reason: 'meal' }, APP_SENDER);
    await service.whenIdle();
    for (let i = 0; i < 8; i++) await advance(6 * HOUR);

    expect(updater.installs).toEqual([]);
    expect(service.status()).toMatchObject({ phase: 'downloaded', deferredBy: 'disabled' });
    expect(feed.requests).toHaveLength(requestsBefore);
  });

  it("IT's policy file: the kill switch applies without a restart, and a file that does not parse turns updates off", async () => {
    const policyFile = { path: '', write: (_text: string) => undefined as void };
    const { feed, service, advance, logged } = await setUp(
      {},
      {
        settingsFrom: (feed, dir) => {
          policyFile.path = path.join(dir, 'policy.json');
          policyFile.write = (text) => fs.writeFileSync(policyFile.path, text);
          policyFile.write(
            JSON.stringify({ version: 1, updates: { feedUrl: feed.url, checkIntervalHours: 1 } }),
          );
          const source = watchPolicyFile(policyFile.path, {
            logger: createLogger({ sinks: [] }),
            pollMs: 3_600_000, // the test reloads by hand
          });
          cleanups.push(() => source.stop());
          return () => {
            source.reload();
            return effectiveUpdateSettings(source);
          };
        },
      },
    );
    feed.publish('latest', { version: RUNNING_VERSION });
    await service.tick();
    expect(feed.channelsAsked()).toEqual(['latest']);

    // A file that does not parse, then one with a misspelt key: updates off (fail closed),
    // although the last valid policy had them on.
    policyFile.write('{ "version": 1, "updates": { "enabled": tru');
    await advance(HOUR);
    policyFile.write(JSON.stringify({ version: 1, updates: { chanel: 'beta' } }));
    await advance(HOUR);
    expect(feed.channelsAsked()).toEqual(['latest']);

    // IT's kill switch, applied on the next decision.
    policyFile.write(
      JSON.stringify({ version: 1, updates: { enabled: false, checkIntervalHours: 1 } }),
    );
    await advance(HOUR);
    await advance(HOUR);
    expect(feed.channelsAsked()).toEqual(['latest']);
    expect(logged('updates disabled by policy: not checking')).toHaveLength(1);

    // On again, now on the beta channel.
    policyFile.write(
      JSON.stringify({
        version: 1,
        updates: { channel: 'beta', feedUrl: feed.url, checkIntervalHours: 1 },
      }),
    );
    feed.publish('beta', { version: RUNNING_VERSION });
    await advance(HOUR);
    expect(feed.channelsAsked()).toEqual(['latest', 'beta']);
  });

  it('a feed without the channel file: logged with its code and asked again sooner than the interval', async () => {
    const { feed, service, advance, logged } = await setUp({ channel: 'alpha' });

    await service.tick();
    expect(logged('update check failed')[0]?.data).toMatchObject({
      code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
    });
    feed.publish('alpha', { version: RUNNING_VERSION });
    await advance(30 * 60_000);
    expect(feed.channelsAsked()).toEqual(['alpha', 'alpha']);
    expect(logged('no newer version')).toHaveLength(1);
  });

  it('no feed anywhere (policy feedUrl null, installer without app-update.yml): said in the log, nothing asked', async () => {
    const { feed, service, advance, logged } = await setUp({ feedUrl: null });

    await service.tick();
    await advance(30 * 60_000);
    expect(feed.requests).toEqual([]);
    expect(logged('update check failed').map((l) => l.data?.['code'])).toEqual(['ERR_NO_FEED']);
  });

  it('an artifact that does not match its sha512 is never installed', async () => {
    const { feed, service, updater, logged } = await setUp();
    feed.publish('latest', { version: '0.2.0', wrongChecksum: true });

    await service.tick();

    expect(feed.downloads()).toHaveLength(1);
    expect(updater.installs).toEqual([]);
    expect(service.status().phase).toBe('idle');
    expect(logged('update download failed')[0]?.data).toMatchObject({
      code: 'ERR_CHECKSUM_MISMATCH',
    });
  });

  it('logs name the feed by its origin, never its credentials', async () => {
    const { feed, service, setSettings, logLines } = await setUp();
    feed.publish('latest', { version: RUNNING_VERSION });
    setSettings({ feedUrl: feed.url.replace('http://', 'http://it-admin:s3cret-feed-pw@') });

    await service.tick();

    expect(feed.channelsAsked()).toEqual(['latest']);
    expect(logLines.join('\n')).not.toContain('s3cret-feed-pw');
  });
});
