import type { AudioDeviceInfo } from './deviceChoice';

/**
 * The audio devices present, with labels. Browsers give labels only once the page has had
 * microphone access: without any, the microphone is opened once and closed again.
 */
export async function listAudioDevices(): Promise<AudioDeviceInfo[]> {
  const read = async () =>
    (await navigator.mediaDevices.enumerateDevices())
      .filter(
        (device): device is MediaDeviceInfo & { kind: 'audioinput' | 'audiooutput' } =>
          device.kind === 'audioinput' || device.kind === 'audiooutput',
      )
      .map((device) => ({ kind: device.kind, deviceId: device.deviceId, label: device.label }));
  let devices = await read();
  if (devices.length > 0 && devices.every((device) => device.label === '')) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      stream.getTracks().forEach((track) => track.stop());
      devices = await read();
    } catch {
      // No microphone or no permission: ids without labels are still choosable.
    }
  }
  return devices;
}
