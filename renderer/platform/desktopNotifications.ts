import type { i18n as I18n } from 'i18next';
import { partyLabel } from '../shared/party';
import type { DesktopNotifier } from './desktopNotifier';

/**
 * The HTML Notification API, which Electron maps to the OS's native notifications and Chromium
 * to its own. Shown only when the window is hidden or not focused: in front, the 수신 dialog is
 * already there. The text is the caller as the dialog shows it, never more.
 */
export function browserNotifier(i18n: I18n): DesktopNotifier {
  const shown = new Map<string, Notification>();
  return {
    incomingCall({ callId, remote }, onAnswer) {
      if (typeof Notification === 'undefined' || Notification.permission === 'denied') return;
      if (document.visibilityState === 'visible' && document.hasFocus()) return;
      const show = () => {
        const { name, address } = partyLabel(remote);
        const number = address.kind === 'withheld' ? i18n.t('calls.unknownCaller') : address.text;
        const notification = new Notification(i18n.t('calls.incomingTitle'), {
          body: name ? `${name}\n${number}` : number,
          tag: `sori-call-${callId}`,
          requireInteraction: true,
          silent: true, // the ringer rings, on the device the agent chose
        });
        notification.onclick = () => {
          window.focus();
          notification.close();
          onAnswer();
        };
        shown.set(callId, notification);
      };
      if (Notification.permission === 'granted') show();
      else void Notification.requestPermission().then((p) => p === 'granted' && show());
    },
    dismiss(callId) {
      shown.get(callId)?.close();
      shown.delete(callId);
    },
  };
}
