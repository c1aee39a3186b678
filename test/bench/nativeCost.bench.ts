// What one call's media objects cost the renderer until the GC collects them, measured apart
// from SIP (issue #6, memory over many calls): in the app's page, ROUNDS times over, one kind of
// per-call object is created and released the way the app releases it; the renderer's private
// dirty memory is read before, after the rounds (no GC forced, the page kept busy as in the call
// bench) and after a forced GC, and the live objects after that GC are counted.
// Diagnostic, not part of `npm run bench`: runs only with SORI_BENCH_NATIVE_COST=1
// (SORI_BENCH_NATIVE_ONLY=a,b picks experiments). Results:
// bench-results/native-cost-<timestamp>.json and native-cost-latest.json.
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchApp, type AppHandle } from '../harness';
import { testAudio } from '../e2e/support';
import { chromiumProcesses } from './processMemory';
import { countGrowth, countLiveObjects } from './liveObjects';
import { chromiumProcessType, privateDirtyKiB } from './privateMemory';
import { writeBenchResult } from './summary';

const ROUNDS = Number(process.env['SORI_BENCH_NATIVE_ROUNDS'] ?? 100);

/** Page scripts, one round each (evaluated as `async () => { … }` bodies). */
const ALL_EXPERIMENTS: Record<string, string> = {
  nothing: `await new Promise((r) => setTimeout(r, 300));`,
  // OutgoingAudio as it is: microphone, an AudioContext of its own, the graph, all closed.
  audioContextPerCall: `
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const ctx = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
    const dest = ctx.createMediaStreamDestination();
    const gate = ctx.createGain(); gate.connect(dest);
    const mute = ctx.createGain(); mute.connect(gate);
    const src = ctx.createMediaStreamSource(mic); src.connect(mute);
    const keep = ctx.createConstantSource(); keep.offset.value = 0; keep.connect(dest); keep.start();
    if (ctx.state !== 'running') await ctx.resume();
    await new Promise((r) => setTimeout(r, 300));
    keep.stop(); src.disconnect();
    mic.getTracks().forEach((t) => t.stop());
    dest.stream.getTracks().forEach((t) => t.stop());
    await ctx.close();`,
  // The same graph in one AudioContext that stays running; only the nodes are per call.
  sharedAudioContext: `
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const ctx = (globalThis.__sharedCtx ??= new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' }));
    if (ctx.state !== 'running') await ctx.resume();
    const dest = ctx.createMediaStreamDestination();
    const gate = ctx.createGain(); gate.connect(dest);
    const mute = ctx.createGain(); mute.connect(gate);
    const src = ctx.createMediaStreamSource(mic); src.connect(mute);
    const keep = ctx.createConstantSource(); keep.offset.value = 0; keep.connect(dest); keep.start();
    await new Promise((r) => setTimeout(r, 300));
    keep.stop();
    for (const n of [src, mute, gate, keep, dest]) n.disconnect();
    mic.getTracks().forEach((t) => t.stop());
    dest.stream.getTracks().forEach((t) => t.stop());`,
  // remoteAudio.ts's <audio> element, on the microphone's stream instead of a call's.
  audioElementOnMicrophone: `
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const audio = document.createElement('audio');
    audio.autoplay = true; audio.hidden = true; audio.srcObject = mic;
    document.body.appendChild(audio);
    await audio.play().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    audio.pause(); audio.srcObject = null; audio.remove();
    mic.getTracks().forEach((t) => t.stop());`,
  // A connected RTCPeerConnection pair carrying the microphone, its far side played by an
  // <audio> element like remoteAudio.ts; then both closed and the element removed.
  peerConnectionPair: `
    const mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const a = new RTCPeerConnection({ iceServers: [] });
    const b = new RTCPeerConnection({ iceServers: [] });
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    let audio = null;
    const gotTrack = new Promise((resolve) => (b.ontrack = (e) => {
      audio = document.createElement('audio');
      audio.autoplay = true; audio.hidden = true;
      audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      document.body.appendChild(audio);
      audio.play().catch(() => undefined);
      resolve();
    }));
    mic.getTracks().forEach((t) => a.addTrack(t, mic));
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);
    await gotTrack;
    await new Promise((resolve) => {
      const check = () => a.connectionState === 'connected' && resolve();
      a.onconnectionstatechange = check; check();
    });
    await new Promise((r) => setTimeout(r, 300));
    audio.pause(); audio.srcObject = null; audio.remove();
    a.close(); b.close();
    mic.getTracks().forEach((t) => t.stop());`,
};

/** SORI_BENCH_NATIVE_ONLY=a,b runs only those. */
const ONLY = (process.env['SORI_BENCH_NATIVE_ONLY'] ?? '').split(',').filter(Boolean);
const EXPERIMENTS = Object.fromEntries(
  Object.entries(ALL_EXPERIMENTS).filter(([name]) => ONLY.length === 0 || ONLY.includes(name)),
);

describe.skipIf(process.env['SORI_BENCH_NATIVE_COST'] !== '1')('native cost per call', () => {
  let app: AppHandle;
  beforeAll(async () => {
    const audio = await testAudio();
    app = await launchApp({ language: 'en', microphoneWav: audio.agentTone440 });
  });
  afterAll(async () => {
    await app?.close();
  });

  const rendererMiB = () => {
    const pids = chromiumProcesses(path.join(app.profileDir, 'chromium'));
    const renderer = pids.filter((pid) => chromiumProcessType(pid) === 'renderer');
    return (
      Math.round((renderer.reduce((sum, pid) => sum + privateDirtyKiB(pid), 0) / 1024) * 10) / 10
    );
  };
  const gc = async () => {
    const cdp = await app.page.context().newCDPSession(app.page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  };

  it(`${ROUNDS} rounds of each kind of per-call object`, async () => {
    const results: Record<string, unknown> = {};
    // Let the page finish starting (notices decoded, first GCs) before the first baseline.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    for (const [name, body] of Object.entries(EXPERIMENTS)) {
      await gc();
      const liveBefore = await countLiveObjects(app.page);
      const before = rendererMiB();
      for (let i = 0; i < ROUNDS; i++) await app.page.evaluate(`(async () => { ${body} })()`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const afterNoGc = rendererMiB();
      const liveAfter = await countLiveObjects(app.page);
      await gc();
      const afterGc = rendererMiB();
      results[name] = {
        rendererPrivateBeforeMiB: before,
        afterRoundsNoGcMiB: afterNoGc,
        afterGcMiB: afterGc,
        perRoundUntilGcKiB: Math.round(((afterNoGc - before) * 1024) / ROUNDS),
        perRoundAfterGcKiB: Math.round(((afterGc - before) * 1024) / ROUNDS),
        liveObjectsAfterGcGrowth: countGrowth(liveBefore, liveAfter),
      };
      process.stdout.write(`${name}: ${JSON.stringify(results[name])}\n`);
    }
    const report = { date: new Date().toISOString(), rounds: ROUNDS, results };
    writeBenchResult('native-cost', report);
  });
});
