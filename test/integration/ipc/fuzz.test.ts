import { describe, expect, it } from 'vitest';
import { channelNames, channels, type ChannelName } from '../../../preload/contract';
import { APP_URL, createIpcTestbed } from './ipcTestbed';

const HUGE = 'x'.repeat(100_001);

/** Payloads no channel accepts, whatever its schema. */
const GENERIC_JUNK: unknown[] = [
  undefined,
  null,
  0,
  -1,
  Number.NaN,
  'account:save',
  HUGE,
  true,
  [],
  [{}],
  { unexpected: 1 },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  { toString: 'not a function', valueOf: 42 },
];

/**
 * Mutations of a valid request: each field dropped, each field given impossible values, an extra
 * field. (Payloads that happen to stay valid are skipped by the test.)
 */
function mutationsOf(channel: ChannelName): unknown[] {
  const valid = validExample(channel);
  const out: unknown[] = [];
  for (const key of Object.keys(valid)) {
    const without = { ...valid };
    delete without[key];
    out.push(without);
    out.push({ ...valid, [key]: { $wrong: true } });
    out.push({ ...valid, [key]: HUGE });
    out.push({ ...valid, [key]: [HUGE] });
  }
  out.push({ ...valid, extra: 'field' });
  return out;
}

/** A request each channel does accept, so mutations change one thing at a time. */
function validExample(channel: ChannelName): Record<string, unknown> {
  const examples: Partial<Record<ChannelName, Record<string, unknown>>> = {
    'settings:setLanguage': { language: 'ko' },
    'settings:setMicProcessing': { enabled: true },
    'settings:setStartAtLogin': { enabled: true },
    'account:save': {
      displayName: 'A',
      sipUri: 'sip:1001@127.0.0.1',
      wsServers: ['ws://127.0.0.1:8080'],
      password: 'pw',
    },
    'account:signOut': { purge: false },
    'callLog:open': {
      callId: 'c1',
      direction: 'inbound',
      remote: { uri: 'sip:2001@127.0.0.1', displayName: null },
      startedAt: 1,
    },
    'callLog:markAnswered': { callId: 'c1', answeredAt: 2 },
    'callLog:close': { callId: 'c1', endedAt: 3, endReason: 'remote_hangup' },
    'callLog:list': { limit: 10 },
    'log:write': { level: 'info', scope: 'test', message: 'hello' },
    'notice:load': { language: 'ko' },
    'protection:loadMessage': { language: 'ko', step: 'warning1' },
    'protection:recordStep': {
      callId: 'c1',
      step: 'warning1',
      language: 'ko',
      startedAt: 1,
      endedAt: 2,
    },
    'notes:saveDraft': { callId: 'c1', customerId: null, intentCode: null, body: '메모' },
    'notes:getDraft': { callId: 'c1' },
    'notes:listDrafts': { limit: 5 },
    'notes:submit': {
      callId: 'c1',
      customerId: null,
      intentCode: 'billing.inquiry',
      body: '메모',
      override: null,
    },
    'evidence:export': { callId: 'c1' },
    // No fields: anything but {} is refused.
    'diagnostics:export': {},
    'stats:personal': { since: 0 },
    'callbacks:create': {
      customerId: null,
      number: '010-1234-5678',
      reason: '계약 재녹취',
      dueBy: 2,
      at: 1,
      customerHours: null,
    },
    'callbacks:recordAttempt': { id: '11111111-1111-4111-8111-111111111111', outcome: 'busy' },
    'centerNotices:acknowledge': { id: 'n-1' },
    'crm:lookup': { number: '010-1234-5678' },
    'crm:history': { customerId: 'c-1' },
    'crm:refreshHistory': { customerId: 'c-1' },
    'notes:resolveConflict': { noteId: '00000000-0000-4000-8000-000000000000', keep: 'mine' },
    'crm:scripts': { kind: 'outbound', customerType: null },
    'crm:createCustomer': { name: '박신규', number: '010-5555-0101', preferredLanguage: null },
    'wrapUp:setDisposition': { callId: 'call-1', code: 'resolved', customerId: null },
    'audioDevices:set': {
      microphone: { id: 'mic-1', label: 'USB Headset' },
      speaker: null,
      ringer: { id: 'out-2', label: 'Speakers' },
    },
    'hotkeys:set': {
      answer: 'CommandOrControl+Alt+A',
      hangUp: 'CommandOrControl+Alt+H',
      mute: 'CommandOrControl+Alt+M',
      hold: 'CommandOrControl+Alt+P',
    },
    'healthCheck:record': {
      startedAt: 1,
      finishedAt: 2,
      items: [
        {
          check: 'microphone',
          status: 'failed',
          code: 'mic_missing',
          target: null,
          ms: null,
          levelDb: null,
        },
      ],
    },
    'sync:setToken': { token: 'token-12345678' },
    'agentState:set': { state: 'notReady', reason: 'break' },
    'recording:start': { callId: 'c1', mimeType: 'audio/webm;codecs=opus' },
    'recording:append': { callId: 'c1', seq: 0, data: 'AAAA' },
    'recording:pause': { callId: 'c1', at: 1 },
    'recording:resume': { callId: 'c1', at: 2 },
    'recording:stop': { callId: 'c1' },
    'monitoring:authorize': { grant: 'aGVhZGVy.cGF5bG9hZA.c2ln', callId: 'c1', mode: 'listen' },
    'monitoring:ended': { sessionId: '11111111-1111-4111-8111-111111111111', endedAt: 1 },
    'monitoring:requestGrant': { agentSipUri: 'sip:1001@127.0.0.1', mode: 'whisper' },
    // No fields: anything but {} is refused.
    'team:getBoard': {},
    'monitoring:featureCode': { agentSipUri: 'sip:1001@127.0.0.1', mode: 'barge' },
    'notice:report': {
      outcome: 'played',
      callId: 'c1',
      language: 'ko',
      sha256: 'a'.repeat(64),
      startedAt: 1,
      endedAt: 2,
    },
  };
  return examples[channel] ?? {};
}

describe('IPC fuzz: malformed payloads on every channel', () => {
  it('has a valid example for every channel (so mutations are meaningful)', () => {
    for (const channel of channelNames) {
      expect(channels[channel].request.safeParse(validExample(channel)).success, channel).toBe(
        true,
      );
    }
  });

  it('refuses each with INVALID_REQUEST and causes no side effect', async () => {
    const bed = createIpcTestbed();
    try {
      const changesBefore = bed.totalChanges();
      const secretsBefore = bed.secretFiles();
      let sent = 0;
      for (const channel of channelNames) {
        for (const payload of [...GENERIC_JUNK, ...mutationsOf(channel)]) {
          // Channels without fields accept only {}: junk that happens to be {} is not junk.
          if (channels[channel].request.safeParse(payload).success) continue;
          const result = await bed.dispatch(channel, payload, { url: APP_URL });
          expect(result, `${channel} <- ${JSON.stringify(payload)?.slice(0, 80)}`).toMatchObject({
            ok: false,
            error: { code: 'INVALID_REQUEST' },
          });
          sent++;
        }
      }
      expect(sent).toBeGreaterThan(channelNames.length * GENERIC_JUNK.length - channelNames.length);
      expect(bed.calls.size, 'no handler ran').toBe(0);
      expect(bed.totalChanges(), 'no row written').toBe(changesBefore);
      expect(bed.secretFiles(), 'no secret written').toEqual(secretsBefore);
      expect(bed.pushed, 'no event pushed').toEqual([]);
      expect(({} as Record<string, unknown>)['polluted'], 'no prototype pollution').toBeUndefined();
      // The refusals are logged, bounded, and never echo the huge payloads.
      expect(bed.logLines.every((line) => line.length < 4000)).toBe(true);
    } finally {
      bed.close();
    }
  });
});
