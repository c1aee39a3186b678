import type { ChannelName, RequestOf, ResponseOf } from './channels';
import { channelNames } from './channels';
import type { EventName, EventPayload } from './events';
import { eventNames } from './events';
import type { Result } from './result';

/**
 * How the API reaches main. Electron's preload uses ipcRenderer; the Chromium shell's bridge uses a
 * Playwright binding. Both deliver the same channel names and payloads to the same main handlers.
 */
export interface Transport {
  invoke(channel: ChannelName, request: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

type Split<S extends string> = S extends `${infer D}:${infer V}` ? [D, V] : never;
type Domains = Split<ChannelName>[0];
type VerbsOf<D extends string> = {
  [C in ChannelName]: Split<C>[0] extends D ? Split<C>[1] : never;
}[ChannelName];
type ChannelOf<D extends string, V extends string> = `${D}:${V}` & ChannelName;

/** `api.callLog.list({ limit })` for channel `callLog:list`, and so on for every channel. */
export type SoriApi = {
  [D in Domains]: {
    [V in VerbsOf<D>]: (
      request: RequestOf<ChannelOf<D, V>>,
    ) => Promise<Result<ResponseOf<ChannelOf<D, V>>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Builds the one API object the renderer sees, from the contract, over a transport. */
export function createSoriApi(transport: Transport): SoriApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const channel of channelNames) {
    const [domain, verb] = channel.split(':') as [string, string];
    const methods = (api[domain] ??= {});
    methods[verb] = (request: unknown) => transport.invoke(channel, request ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`unknown event ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return Object.freeze({ ...api, on }) as unknown as SoriApi;
}

/** The global the renderer reads; declared here so renderer code is typed against the contract. */
export const API_GLOBAL = 'sori';
