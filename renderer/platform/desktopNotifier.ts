import type { RemoteParty } from '../../preload/contract';

/**
 * Desktop notifications of the OS (Windows' action centre, macOS' notification centre, libnotify).
 * Listeners reach them through this port; tests use a fake.
 */
export interface DesktopNotifier {
  /** An incoming call while the window is not in front; clicking it answers. */
  incomingCall(call: { callId: string; remote: RemoteParty }, onAnswer: () => void): void;
  /** The call no longer rings (answered, declined, gone): its notification goes. */
  dismiss(callId: string): void;
}
