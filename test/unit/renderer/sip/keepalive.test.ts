import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SignallingKeepalive,
  type KeepaliveFailure,
  type KeepaliveTarget,
} from '../../../../renderer/sip/keepalive';

const INTERVAL = 10_000;

/** A connection whose server answers pings or not, as the test says. */
function fakeConnection() {
  const state = {
    status: 'connected' as 'connected' | 'connecting' | 'disconnected',
    answering: true,
    pings: [] as number[],
    drops: [] as KeepaliveFailure[],
  };
  const target: KeepaliveTarget = {
    connected: () => state.status === 'connected',
    connecting: () => state.status === 'connecting',
    ping: (timeoutMs) => {
      state.pings.push(Date.now());
      return state.answering
        ? Promise.resolve(true)
        : new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs));
    },
    drop: (reason) => {
      state.drops.push(reason);
      state.status = 'disconnected';
    },
  };
  return { state, target };
}

describe('signalling keepalive', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('pings every interval while the server answers, and never drops', async () => {
    const { state, target } = fakeConnection();
    const keepalive = new SignallingKeepalive(target, () => INTERVAL);
    keepalive.start();
    await vi.advanceTimersByTimeAsync(INTERVAL * 5 + 1);
    expect(state.pings).toEqual([10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(state.drops).toEqual([]);
    keepalive.stop();
  });

  it('drops a connection whose server stopped answering within two intervals', async () => {
    const { state, target } = fakeConnection();
    const failures: KeepaliveFailure[] = [];
    const keepalive = new SignallingKeepalive(
      target,
      () => INTERVAL,
      (r) => failures.push(r),
    );
    keepalive.start();
    await vi.advanceTimersByTimeAsync(INTERVAL + 1); // one answered ping
    state.answering = false;
    const diedAt = Date.now();
    await vi.advanceTimersByTimeAsync(INTERVAL * 2);
    expect(state.drops).toEqual(['noAnswer']);
    expect(failures).toEqual(['noAnswer']);
    // The unanswered ping was retried at once: two pings half an interval apart.
    expect(state.pings.slice(1)).toEqual([20_000, 25_000]);
    expect(Date.now() - diedAt).toBeLessThanOrEqual(INTERVAL * 2);
    keepalive.stop();
  });

  it('one lost ping is forgiven when the retry is answered', async () => {
    const { state, target } = fakeConnection();
    const original = target.ping;
    let lose = 1;
    target.ping = (timeoutMs) => {
      if (lose-- > 0) {
        state.pings.push(Date.now());
        return new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs));
      }
      return original(timeoutMs);
    };
    const keepalive = new SignallingKeepalive(target, () => INTERVAL);
    keepalive.start();
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(state.drops).toEqual([]);
    keepalive.stop();
  });

  it('abandons a connection attempt that hangs for two intervals', async () => {
    const { state, target } = fakeConnection();
    state.status = 'connecting';
    const keepalive = new SignallingKeepalive(target, () => INTERVAL);
    keepalive.start();
    await vi.advanceTimersByTimeAsync(INTERVAL + 1);
    expect(state.drops).toEqual([]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(state.drops).toEqual(['connectTimeout']);
    expect(state.pings).toEqual([]);
    keepalive.stop();
  });

  it('does nothing while disconnected (JsSIP is reconnecting) and stops when told', async () => {
    const { state, target } = fakeConnection();
    state.status = 'disconnected';
    const keepalive = new SignallingKeepalive(target, () => INTERVAL);
    keepalive.start();
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(state.pings).toEqual([]);
    state.status = 'connected';
    keepalive.stop();
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(state.pings).toEqual([]);
  });
});
