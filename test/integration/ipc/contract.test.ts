import { afterEach, describe, expect, it } from 'vitest';
import {
  channelNames,
  channels,
  createSoriApi,
  eventNames,
  type Transport,
} from '../../../preload/contract';
import { APP_URL, createIpcTestbed } from './ipcTestbed';

describe('IPC contract', () => {
  let bed: ReturnType<typeof createIpcTestbed>;
  afterEach(() => bed?.close());

  it('names every channel domain:verb and every push event domain:event', () => {
    for (const name of [...channelNames, ...eventNames])
      expect(name).toMatch(/^[a-z][a-zA-Z]*:[a-z][a-zA-Z]*$/);
  });

  it('has exactly one main handler per channel, and no handler without a channel', () => {
    bed = createIpcTestbed();
    expect(Object.keys(bed.handlers).sort()).toEqual([...channelNames].sort());
  });

  it('has exactly one preload method per channel, each invoking its own channel', async () => {
    const invoked: string[] = [];
    const transport: Transport = {
      invoke: async (channel) => {
        invoked.push(channel);
        return { ok: true, value: null };
      },
      subscribe: () => () => undefined,
    };
    const api = createSoriApi(transport) as unknown as Record<
      string,
      Record<string, (r: object) => Promise<unknown>> | unknown
    >;
    const methods: string[] = [];
    for (const [domain, value] of Object.entries(api)) {
      if (domain === 'on') continue;
      for (const [verb, fn] of Object.entries(
        value as Record<string, (r: object) => Promise<unknown>>,
      )) {
        methods.push(`${domain}:${verb}`);
        await fn({});
      }
    }
    expect(methods.sort()).toEqual([...channelNames].sort());
    expect(invoked.sort()).toEqual([...channelNames].sort());
  });

  it('answers a valid request through the router with a Result envelope', async () => {
    bed = createIpcTestbed();
    const result = await bed.dispatch('app:getInfo', {}, { url: APP_URL });
    expect(result).toEqual({
      ok: true,
      value: { version: '0.0.0-test', shell: 'chromium', language: 'ko' },
    });
  });

  it('refuses unknown channels and untrusted senders before any handler runs', async () => {
    bed = createIpcTestbed();
    expect(await bed.dispatch('app:rm-rf', {}, { url: APP_URL })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    expect(await bed.dispatch('__proto__', {}, { url: APP_URL })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:5998/index.html',
      'about:subframe',
      '',
      'file:///etc/passwd',
    ]) {
      const result = await bed.dispatch('account:getCredentials', {}, { url });
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(bed.calls.size).toBe(0);
  });

  it('keeps the SIP password out of SQLite and out of the log', async () => {
    bed = createIpcTestbed();
    const password = 'S3cret-pw-4711';
    const saved = await bed.dispatch(
      'account:save',
      {
        displayName: '상담원 1001',
        sipUri: 'sip:1001@127.0.0.1',
        wsServers: ['ws://127.0.0.1:8080'],
        password,
      },
      { url: APP_URL },
    );
    expect(saved).toMatchObject({ ok: true, value: { hasPassword: true } });
    const creds = await bed.dispatch('account:getCredentials', {}, { url: APP_URL });
    expect(creds).toMatchObject({ ok: true, value: { password } });
    const dump = bed.db
      .prepare("select name from sqlite_master where type = 'table'")
      .all()
      .map((row) =>
        JSON.stringify(bed.db.prepare(`select * from "${(row as { name: string }).name}"`).all()),
      )
      .join('\n');
    expect(dump).toContain('sip:1001@127.0.0.1');
    expect(dump).not.toContain(password);
    expect(bed.logLines.join('\n')).not.toContain(password);
    expect(bed.secretFiles()).toHaveLength(1);
  });

  it('declares a schema for every request and response', () => {
    for (const name of channelNames) {
      expect(channels[name].request, name).toBeDefined();
      expect(channels[name].response, name).toBeDefined();
    }
  });
});
