/// <reference lib="dom" />
// The bench's baseline: JsSIP alone in a page, configured like renderer/sip/sipAgent.ts (same UA
// options, same call options, remote audio played through an <audio> element the same way), but
// without React, Redux, IPC or the call log. Bundled by callSetup.bench.ts with esbuild and
// loaded as http://127.0.0.1:<port>/index.html?ws=...&user=...&password=...&domain=...
//
// It starts the UA as soon as it loads (as the app does), so navigation start -> 'registered'
// is comparable with the app's launch. Timings use the page's performance.now().
import { UA, WebSocketInterface, debug as jssipDebug, version as jssipVersion } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { BarePhone, BareCallTiming } from './barePhoneApi';

jssipDebug.disable();

const params = new URLSearchParams(location.search);
const setting = (name: string): string => {
  const value = params.get(name);
  if (!value) throw new Error(`barePhone: missing ?${name}=`);
  return value;
};

const logElement = document.getElementById('log');
const log = (line: string) => {
  if (logElement) logElement.textContent += `${(performance.now() / 1000).toFixed(3)} ${line}\n`;
};

/** The app's choices (renderer/sip/sipAgent.ts): no STUN/TURN, raw microphone in tests. */
const PC_CONFIG: RTCConfiguration = { iceServers: [] };
const AUDIO: MediaTrackConstraints = {
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
};

const ua = new UA({
  sockets: [new WebSocketInterface(setting('ws'))],
  uri: `sip:${setting('user')}@${setting('domain')}`,
  password: setting('password'),
  display_name: `Bare ${setting('user')}`,
  register: true,
  register_expires: 300,
  session_timers: false,
  user_agent: `BareJsSIP/${jssipVersion}`,
  connection_recovery_min_interval: 2,
  connection_recovery_max_interval: 10,
});

const registered = new Promise<number>((resolve, reject) => {
  ua.on('registered', () => {
    const at = performance.now();
    log('registered');
    resolve(at);
  });
  ua.on('registrationFailed', (e) => reject(new Error(`registrationFailed: ${String(e.cause)}`)));
});

let current: RTCSession | null = null;

function playRemote(pc: RTCPeerConnection): void {
  pc.addEventListener('track', (event) => {
    if (event.track.kind !== 'audio') return;
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.hidden = true;
    audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
    document.body.appendChild(audio);
    audio.play().catch(() => undefined);
    current?.on('ended', () => audio.remove());
    current?.on('failed', () => audio.remove());
  });
}

const phone: BarePhone = {
  jssipVersion,
  registered,
  call(target) {
    if (current && !current.isEnded()) throw new Error('barePhone: a call is in progress');
    return new Promise<BareCallTiming>((resolve, reject) => {
      const start = performance.now();
      const marks: Record<string, number> = {};
      const session = ua.call(target, {
        mediaConstraints: { audio: AUDIO, video: false },
        pcConfig: PC_CONFIG,
        rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
      });
      current = session;
      if (session.connection) playRemote(session.connection);
      session.on('sending', () => (marks['inviteSentMs'] ??= performance.now() - start));
      session.on('progress', () => (marks['progressMs'] ??= performance.now() - start));
      session.on('accepted', () => (marks['acceptedMs'] ??= performance.now() - start));
      session.on('confirmed', () => {
        const setupMs = performance.now() - start;
        log(`confirmed after ${setupMs.toFixed(1)} ms`);
        resolve({ setupMs, marks });
      });
      session.on('failed', (e) => reject(new Error(`call failed: ${String(e.cause)}`)));
    });
  },
  hangup() {
    const session = current;
    if (!session || session.isEnded()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      session.on('ended', () => resolve());
      session.on('failed', () => resolve());
      session.terminate();
    });
  },
  stop() {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      ua.on('unregistered', () => {
        clearTimeout(timer);
        resolve();
      });
      ua.stop();
    });
  },
};

(window as unknown as { barePhone: BarePhone }).barePhone = phone;
log(`JsSIP ${jssipVersion} loaded`);
ua.start();
