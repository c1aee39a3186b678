import { events, type EventName, type EventPayload } from '../../preload/contract';

type Listener = (event: EventName, payload: unknown) => void;

/**
 * Push events from the main services to whatever windows a shell has. Payloads are validated
 * against the contract before they leave, like requests coming in.
 */
export interface EventHub {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /**
   * A shell forwards every event to its windows through this; a main service that follows
   * another's changes (the team board and the presence follow 'team:role') listens here too.
   */
  subscribe(listener: Listener): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<Listener>();
  return {
    emit(event, payload) {
      const checked = events[event].parse(payload);
      for (const listener of listeners) listener(event, checked);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
