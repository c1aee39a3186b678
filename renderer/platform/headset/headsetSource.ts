import type { HeadsetGesture, HeadsetLights } from './telephonyHid';

/** A USB headset's call buttons and lights, as the listeners use them (tests pass a fake). */
export interface HeadsetSource {
  /** Whether this shell can talk to headsets at all (WebHID). */
  readonly supported: boolean;
  /** Asks the agent to pick their headset (needs a click). Its name, or null: none picked. */
  connect(): Promise<string | null>;
  /** The headset picked before, when it is plugged in: its name, or null. */
  reconnect(): Promise<string | null>;
  /** Lift, put down, mute press; returns the unsubscribe. */
  onGesture(listener: (gesture: HeadsetGesture) => void): () => void;
  /** The headset unplugged. */
  onDisconnect(listener: () => void): () => void;
  setLights(lights: HeadsetLights): void;
}
