import type { UA } from 'jssip';
import type { KeepaliveTarget } from './keepalive';

/**
 * The part of JsSIP's transport the keepalive needs and JsSIP does not expose: whether it is
 * connecting, and a way to declare the socket dead. JsSIP 3.13 (pinned) keeps both on the UA's
 * `_transport`. Dropping runs JsSIP's own disconnect path, as if the socket had closed: the
 * socket is marked failed (so the next one by weight is tried: failover), the recovery timer
 * reconnects with back-off, and the UA re-registers once connected. Established calls keep their
 * dialogs and media, as with any other loss of the signalling connection.
 */
interface JssipTransportInternals {
  isConnecting(): boolean;
  socket: { disconnect(): void };
  _onDisconnect(error: boolean, code?: number, reason?: string): void;
}

function transportOf(ua: UA): JssipTransportInternals | null {
  const transport = (ua as unknown as { _transport?: Partial<JssipTransportInternals> })._transport;
  return transport &&
    typeof transport.isConnecting === 'function' &&
    typeof transport._onDisconnect === 'function' &&
    transport.socket
    ? (transport as JssipTransportInternals)
    : null;
}

interface SendsOptions {
  sendOptions(
    target: string,
    body: undefined,
    options: {
      eventHandlers: {
        succeeded(): void;
        failed(e: { originator?: string }): void;
      };
    },
  ): void;
}

/** WebSocket close code reported for a connection the keepalive gave up on (private range). */
export const KEEPALIVE_CLOSE_CODE = 4000;

/** Pings the UA's registrar domain with OPTIONS; any answer, even an error, means it is alive. */
export function jssipKeepaliveTarget(ua: UA, domain: string): KeepaliveTarget {
  return {
    connected: () => ua.isConnected(),
    connecting: () => transportOf(ua)?.isConnecting() ?? false,
    ping: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        const done = (alive: boolean) => {
          clearTimeout(timer);
          resolve(alive);
        };
        try {
          // UA.sendOptions() exists in JsSIP 3.13 but is missing from its typings.
          (ua as unknown as SendsOptions).sendOptions(`sip:${domain}`, undefined, {
            eventHandlers: {
              succeeded: () => done(true),
              failed: (e: { originator?: string }) => done(e.originator === 'remote'),
            },
          });
        } catch {
          done(false);
        }
      }),
    drop: (reason) => {
      const transport = transportOf(ua);
      if (!transport) return;
      transport.socket.disconnect();
      transport._onDisconnect(true, KEEPALIVE_CLOSE_CODE, `keepalive: ${reason}`);
    },
  };
}
