/**
 * What the keepalive needs of the signalling connection. The SIP agent adapts JsSIP to it; unit
 * tests use a fake.
 */
export interface KeepaliveTarget {
  connected(): boolean;
  connecting(): boolean;
  /** Sends one ping; resolves true when the server answered anything within `timeoutMs`. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Declares the connection dead: close it so the UA reconnects (and fails over) at once. */
  drop(reason: KeepaliveFailure): void;
}

/**
 * noAnswer: two pings in a row got no answer (a frozen server, a NAT or firewall that dropped
 * the TCP flow without a reset). connectTimeout: a connection attempt did not open within two
 * intervals (a server that accepts TCP but never answers the WebSocket handshake).
 */
export type KeepaliveFailure = 'noAnswer' | 'connectTimeout';

/**
 * Finds a dead signalling connection that the socket itself does not report: a WebSocket to a
 * frozen server stays "open" until TCP gives up, many minutes later, and every call and
 * registration in between silently fails. A ping goes out every interval while connected; an
 * unanswered one (timeout: half an interval) is retried at once, and a second miss drops the
 * connection, so a dead connection is found within two intervals of its last sign of life. A
 * connection attempt that hangs for two intervals is abandoned the same way.
 */
export class SignallingKeepalive {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private connectingTicks = 0;
  private running = false;

  constructor(
    private readonly target: KeepaliveTarget,
    private readonly intervalMs: () => number,
    private readonly onFailure: (reason: KeepaliveFailure) => void = () => undefined,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.intervalMs());
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const interval = this.intervalMs();
    if (this.target.connecting()) {
      this.connectingTicks += 1;
      if (this.connectingTicks >= 2) this.fail('connectTimeout');
      this.schedule(interval);
      return;
    }
    this.connectingTicks = 0;
    if (!this.target.connected()) {
      this.schedule(interval);
      return;
    }
    const timeout = Math.max(1, Math.floor(interval / 2));
    let answered = await this.target.ping(timeout);
    if (!answered && this.running && this.target.connected()) {
      answered = await this.target.ping(timeout);
      if (!answered && this.running && this.target.connected()) this.fail('noAnswer');
    }
    this.schedule(interval);
  }

  private fail(reason: KeepaliveFailure): void {
    this.connectingTicks = 0;
    this.target.drop(reason);
    this.onFailure(reason);
  }
}
