// Proves the real SIP test stack (test/sip) that the other SIP integration and e2e tests build
// on: Kamailio registers and authenticates, relays a call between two real phones (baresip) that
// carries audio both ways, survives garbage, and can be taken down and brought back.
// Run: node scripts/in-netns.mjs npx vitest run --project integration test/integration/sip
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  analyseWav,
  ensureTestAudio,
  toneLevel,
  wavDuration,
  type TestAudio,
} from '../../sip/audio';
import {
  sendUdp,
  sipOptions,
  sipRegister,
  startBaresipCustomer,
  startSipStack,
  type BaresipCustomer,
  type SipStack,
} from '../../sip/stack';

const inNetns = process.env.SORI_IN_NETNS === '1';
const title = inNetns
  ? 'real SIP stack: Kamailio + rtpengine + baresip'
  : 'real SIP stack (SKIPPED: not in a loopback-only network namespace; run via node scripts/in-netns.mjs)';

function tcpConnects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Seconds of 0.5-s windows in `file` whose dominant frequency is `hz` (+-10 Hz) at a clear level. */
function secondsOfTone(file: string, hz: number): number {
  return (
    analyseWav(file, { windowSec: 0.5 }).filter(
      (w) => Math.abs(w.dominantHz - hz) <= 10 && w.rms > 0.1,
    ).length * 0.5
  );
}

describe.skipIf(!inNetns)(title, () => {
  let workDir: string;
  let audio: TestAudio;
  let stack: SipStack;
  let customer2001: BaresipCustomer;
  let customer2002: BaresipCustomer;
  let failed = false;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-sip-stack-'));
    audio = await ensureTestAudio(path.join(os.tmpdir(), 'sori-test-audio'));
    stack = await startSipStack({ workDir });
    [customer2001, customer2002] = await Promise.all([
      startBaresipCustomer(stack, {
        user: '2001',
        sourceWav: audio.customerTone1000,
        autoAnswer: true,
      }),
      startBaresipCustomer(stack, {
        user: '2002',
        sourceWav: audio.customerTone600,
        autoAnswer: false,
      }),
    ]);
  });

  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });

  afterAll(async () => {
    await stack?.stop();
    if (!workDir) return;
    if (failed) console.warn(`SIP stack logs and recordings kept in ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('relays a call between two UDP phones with audio both ways', async () => {
    const before2001 = customer2001.recordings();
    const before2002 = customer2002.recordings();

    customer2002.dial(stack.uri('2001'));
    await customer2001.waitForIncomingCall();
    await Promise.all([
      customer2001.waitForCallEstablished(),
      customer2002.waitForCallEstablished(),
    ]);
    await customer2001.waitForHeardTone(600, { seconds: 3, since: before2001 });
    customer2002.hangup();
    await Promise.all([customer2001.waitForCallClosed(), customer2002.waitForCallClosed()]);

    // 2001 plays 1000 Hz and must have heard 2002's 600 Hz, not itself; and the other way round.
    const heardBy2001 = await customer2001.waitForDecodedRecording(before2001);
    const heardBy2002 = await customer2002.waitForDecodedRecording(before2002);
    expect(wavDuration(heardBy2001)).toBeGreaterThan(2.5);
    expect(secondsOfTone(heardBy2001, 600)).toBeGreaterThanOrEqual(2.5);
    expect(secondsOfTone(heardBy2002, 1000)).toBeGreaterThanOrEqual(2.5);

    const from = 0.5;
    const seconds = wavDuration(heardBy2001) - 1;
    const tone600 = toneLevel(heardBy2001, 600, { from, seconds });
    expect(tone600.ratio).toBeGreaterThan(0.9);
    // The source is a volume-0.5 sine (RMS 0.354); G.711 keeps it within a few percent.
    expect(tone600.toneRms).toBeGreaterThan(0.25);
    expect(toneLevel(heardBy2001, 1000, { from, seconds }).ratio).toBeLessThan(0.05);
    expect(
      toneLevel(heardBy2002, 1000, { from, seconds: wavDuration(heardBy2002) - 1 }).ratio,
    ).toBeGreaterThan(0.9);
  });

  it('challenges REGISTER and refuses a wrong password or an unknown user', async () => {
    const unauthenticated = await sipRegister(stack, { user: '2001' });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.header('www-authenticate')).toMatch(/^Digest .*realm="127\.0\.0\.1"/);

    const wrongPassword = await sipRegister(stack, { user: '2001', password: 'not-pw2001' });
    expect(wrongPassword.status).toBe(401);

    const unknownUser = await sipRegister(stack, { user: '9999', password: 'pw9999' });
    expect(unknownUser.status).toBe(403);

    // The right password is accepted, and the binding query shows baresip 2001's contact.
    const correct = await sipRegister(stack, { user: '2001', password: stack.users['2001'] });
    expect(correct.status).toBe(200);
    expect(correct.headers('contact').join(',')).toContain(`127.0.0.1:${customer2001.sipPort}`);
  });

  it('survives malformed SIP over UDP and keeps answering', async () => {
    const garbage = [
      Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x81, 0xfe]),
      'INVITE sip:2001@127.0.0.1 SIP/2.0\r\nVia: this is not a via\r\n\r\n',
      'REGISTER sip:127.0.0.1 SIP/2.0\r\nCSeq: banana REGISTER\r\nContent-Length: 9999\r\n\r\nshort',
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKstray\r\n\r\n',
      `OPTIONS sip:127.0.0.1 SIP/2.0\r\nX-Long: ${'a'.repeat(60_000)}\r\n\r\n`,
      'OPTIONS\r\n\r\n\r\n',
    ];
    for (const message of garbage) await sendUdp(stack.sipUdpPort, message);

    const alive = await sipOptions(stack);
    expect(alive.status).toBe(200);
    expect(stack.kamailioRunning).toBe(true);
    expect((await sipRegister(stack, { user: '2002', password: stack.users['2002'] })).status).toBe(
      200,
    );
  });

  it('loses every registration when Kamailio stops, and recovers after a restart', async () => {
    await stack.stopKamailio();
    expect(stack.kamailioRunning).toBe(false);
    await expect(sipOptions(stack, { timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await expect(
      sipRegister(stack, { user: '2001', password: stack.users['2001'], timeoutMs: 1000 }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(await tcpConnects(stack.ports.ws)).toBe(false);

    await stack.startKamailio();
    expect(await tcpConnects(stack.ports.ws)).toBe(true);
    // Registrations lived in memory only: 2001 is not reachable until it registers again.
    const forgotten = await sipRegister(stack, { user: '2001', password: stack.users['2001'] });
    expect(forgotten.status).toBe(200);
    expect(forgotten.headers('contact')).toEqual([]);

    await customer2001.quit();
    const fresh2001 = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: true,
    });
    const registered = await sipRegister(stack, { user: '2001', password: stack.users['2001'] });
    expect(registered.headers('contact').join(',')).toContain(`127.0.0.1:${fresh2001.sipPort}`);

    // And calls flow again (2002 needs no registration to place a call).
    customer2002.dial(stack.uri('2001'));
    await Promise.all([fresh2001.waitForCallEstablished(), customer2002.waitForCallEstablished()]);
    customer2002.hangup();
    await Promise.all([fresh2001.waitForCallClosed(), customer2002.waitForCallClosed()]);
  });
});
