import type { z } from 'zod';
import {
  channels,
  fail,
  ok,
  type ChannelName,
  type ErrorCode,
  type ParsedRequestOf,
  type ResponseOf,
  type Result,
} from '../../preload/contract';
import type { Logger } from '../logging/logger';

/** Who sent a request: the URL of the frame it came from (Electron senderFrame, Playwright frame). */
export interface Sender {
  url: string;
}

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  sender: Sender,
) => ResponseOf<C> | Promise<ResponseOf<C>>;

/** Exactly one handler per channel: a missing one is a compile error. */
export type Handlers = { [C in ChannelName]: Handler<C> };

/** An error a handler throws on purpose; its code reaches the renderer. */
export class HandlerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HandlerError';
  }
}

export type Dispatch = (
  channel: unknown,
  payload: unknown,
  sender: Sender,
) => Promise<Result<unknown>>;

export interface RouterOptions {
  /** True only for the app's own renderer origin. */
  isTrustedSender(url: string): boolean;
  logger: Logger;
}

const isChannel = (value: unknown): value is ChannelName =>
  typeof value === 'string' && Object.hasOwn(channels, value);

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`)
    .join('; ');
}

/**
 * The single entry point for every IPC request, whatever the transport: sender check, then
 * schema parse, and only then the handler. Nothing reaches a handler unvalidated, and every
 * outcome is a Result envelope (handlers never throw across the boundary).
 */
export function createIpcRouter(handlers: Handlers, options: RouterOptions): Dispatch {
  const log = options.logger.child('ipc');
  return async (channel, payload, sender) => {
    if (!isChannel(channel)) {
      log.warn('request on unknown channel refused', { channel: String(channel).slice(0, 64) });
      return fail('UNKNOWN_CHANNEL', 'unknown channel');
    }
    if (!options.isTrustedSender(sender.url)) {
      log.warn('request from untrusted sender refused', {
        channel,
        sender: sender.url.slice(0, 128),
      });
      return fail('FORBIDDEN_SENDER', 'sender is not the app');
    }
    const contract = channels[channel];
    const parsed = contract.request.safeParse(payload);
    if (!parsed.success) {
      log.warn('malformed request refused', { channel, issues: describeIssues(parsed.error) });
      return fail('INVALID_REQUEST', describeIssues(parsed.error));
    }
    try {
      const handler = handlers[channel] as (request: unknown, sender: Sender) => unknown;
      const value = await handler(parsed.data, sender);
      // Responses are checked too: a handler returning the wrong shape is a bug to catch here,
      // not in the renderer.
      const checked = contract.response.safeParse(value);
      if (!checked.success) {
        log.error('handler returned a malformed response', {
          channel,
          issues: describeIssues(checked.error),
        });
        return fail('INTERNAL', 'malformed response');
      }
      return ok(checked.data);
    } catch (error) {
      if (error instanceof HandlerError) return fail(error.code, error.message);
      log.error('handler failed', { channel, error });
      return fail('INTERNAL', 'internal error');
    }
  };
}
