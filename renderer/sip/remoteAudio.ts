/**
 * Plays a call's remote audio through a hidden <audio autoplay> element.
 *
 * The element is deliberately NOT muted: Chromium reports no received audio levels
 * (getStats audioLevel/totalAudioEnergy stay 0) for a muted element, and remote WebRTC audio
 * reaches WebAudio (the diagnostics' analyser) only while a media element plays it.
 */
export function attachRemoteAudio(callId: string, stream: MediaStream): HTMLAudioElement {
  const existing = document.querySelector<HTMLAudioElement>(
    `audio[data-sori-call="${CSS.escape(callId)}"]`,
  );
  const element = existing ?? document.createElement('audio');
  element.autoplay = true;
  element.muted = false;
  element.hidden = true;
  element.dataset['soriCall'] = callId;
  if (element.srcObject !== stream) element.srcObject = stream;
  if (!existing) document.body.appendChild(element);
  // Autoplay is allowed in both shells (Electron's default, --autoplay-policy in Chromium);
  // a refusal is reported rather than thrown so the call itself goes on.
  element.play().catch((error: unknown) => {
    console.warn('remote audio could not start', error instanceof Error ? error.name : error);
  });
  return element;
}

export function detachRemoteAudio(element: HTMLAudioElement | null): void {
  if (!element) return;
  element.pause();
  element.srcObject = null;
  element.remove();
}
