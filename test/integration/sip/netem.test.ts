// Proves test/sip/netem.ts really loses packets, and only the media relay's: datagrams from a port
// in rtpengine's range are dropped at about the configured rate, datagrams from any other port
// (SIP, or a phone's RTP towards the relay) all arrive, and after the undo nothing is lost.
// Run: node scripts/in-netns.mjs npx vitest run --project integration test/integration/sip/netem.test.ts
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { addMediaLoss, mediaLossSupport } from '../../sip/netem';
import { waitFor } from '../../sip/processes';
import { sipStackPorts } from '../../sip/stack';

const support = mediaLossSupport();
const title = support.usable
  ? 'packet loss on the media relay ports (iptables statistic match in the test namespace)'
  : `packet loss on the media relay ports (SKIPPED: ${support.reason})`;

// Below every default stack base (20000+), so a SIP stack of a test running alongside in the
// same namespace never shares these ports or this loss.
const { rtpengineMin, rtpengineMax } = sipStackPorts(18_000);
const MEDIA = { first: rtpengineMin, last: rtpengineMax };
const RELAY_PORT = rtpengineMin + 1; // sends from inside the range, like rtpengine
const PHONE_PORT = rtpengineMax + 30; // sends from outside it, like baresip or Kamailio
const RECEIVER_PORT = rtpengineMin + 10; // a destination inside the range must not matter
const PACKETS = 500;
const PAYLOAD_BYTES = 172; // a 20 ms G.711 RTP packet

async function bind(port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}

const send = (socket: dgram.Socket, payload: Buffer) =>
  new Promise<void>((resolve, reject) =>
    socket.send(payload, RECEIVER_PORT, '127.0.0.1', (error) =>
      error ? reject(error) : resolve(),
    ),
  );

/**
 * Sends PACKETS datagrams from the relay's port and as many from the phone's, interleaved, to one
 * receiving socket, and counts what arrived from each. The phone's stream is never dropped, and
 * one socket's queue is first in, first out, so once its last datagram is in, every relay datagram
 * sent before it has arrived or been dropped: no fixed sleep. Pauses between small batches keep
 * the receive buffer from overflowing (that would be loss we did not ask for).
 */
async function exchange(): Promise<{ fromRelay: number; fromPhone: number }> {
  const [relay, phone, receiver] = await Promise.all([
    bind(RELAY_PORT),
    bind(PHONE_PORT),
    bind(RECEIVER_PORT),
  ]);
  const arrived = { fromRelay: new Set<number>(), fromPhone: new Set<number>() };
  receiver.on('message', (message, from) => {
    const sequence = message.readUInt32BE(0);
    if (from.port === RELAY_PORT) arrived.fromRelay.add(sequence);
    else if (from.port === PHONE_PORT) arrived.fromPhone.add(sequence);
  });
  try {
    for (let sequence = 0; sequence < PACKETS; sequence++) {
      const payload = Buffer.alloc(PAYLOAD_BYTES);
      payload.writeUInt32BE(sequence, 0);
      await send(relay, payload);
      await send(phone, payload);
      if (sequence % 25 === 24) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await waitFor(() => arrived.fromPhone.has(PACKETS - 1), {
      what: 'the last datagram from the phone port',
      timeoutMs: 5000,
      details: () => `from the phone: ${arrived.fromPhone.size}/${PACKETS}`,
    });
    return { fromRelay: arrived.fromRelay.size, fromPhone: arrived.fromPhone.size };
  } finally {
    for (const socket of [relay, phone, receiver]) socket.close();
  }
}

describe('addMediaLoss arguments', () => {
  it('refuses a backwards or impossible port range and a loss outside (0, 100] %', async () => {
    await expect(addMediaLoss({ first: 20_099, last: 20_030 }, 10)).rejects.toThrow(RangeError);
    await expect(addMediaLoss({ first: 0, last: 10 }, 10)).rejects.toThrow(RangeError);
    await expect(addMediaLoss({ first: 20_030, last: 70_000 }, 10)).rejects.toThrow(RangeError);
    await expect(addMediaLoss(MEDIA, 0)).rejects.toThrow(RangeError);
    await expect(addMediaLoss(MEDIA, 101)).rejects.toThrow(RangeError);
    await expect(addMediaLoss(MEDIA, Number.NaN)).rejects.toThrow(RangeError);
  });
});

describe.skipIf(!support.usable)(title, () => {
  let undo: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await undo?.();
    undo = undefined;
  });

  it('nothing is lost without it (the exchange itself is lossless)', async () => {
    expect(await exchange()).toEqual({ fromRelay: PACKETS, fromPhone: PACKETS });
  });

  it('30 % loss drops about 30 % of what the relay ports send, nothing from other ports', async () => {
    undo = await addMediaLoss(MEDIA, 30);
    const { fromRelay, fromPhone } = await exchange();
    expect(fromPhone).toBe(PACKETS);
    // 500 draws at 0.3: 150 expected, standard deviation 10; 15..45 % is seven of them each way.
    const lost = (PACKETS - fromRelay) / PACKETS;
    expect(lost).toBeGreaterThan(0.15);
    expect(lost).toBeLessThan(0.45);
  });

  it('after the undo nothing is lost, and a second undo does no harm', async () => {
    const remove = await addMediaLoss(MEDIA, 30);
    await remove();
    await remove();
    expect(await exchange()).toEqual({ fromRelay: PACKETS, fromPhone: PACKETS });
  });

  it('undoing one loss leaves another on the same ports in place', async () => {
    const first = await addMediaLoss(MEDIA, 50);
    undo = await addMediaLoss(MEDIA, 50);
    await first();
    const { fromRelay, fromPhone } = await exchange();
    expect(fromPhone).toBe(PACKETS);
    // One 50 % rule left: about 250 arrive (two would let about 125 through).
    expect(fromRelay).toBeGreaterThan(PACKETS * 0.35);
    expect(fromRelay).toBeLessThan(PACKETS * 0.65);
  });
});
