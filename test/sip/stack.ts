// The real SIP test stack: rtpengine + Kamailio (test/sip/kamailio.cfg) in the foreground, plus
// baresip "customers" (plain SIP/RTP phones that play a WAV and record what they hear), and a
// small SIP-over-UDP client for probing Kamailio directly. Every port is derived from one port
// base, so several stacks can run side by side inside one loopback-only network namespace
// (scripts/in-netns.mjs). See test/sip/README.md.
import { randomBytes, createHash } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isWavFinished, readWav, toneLevelOf, wavInfo, type WavInfo } from './audio';
import { startProcess, waitFor, type ManagedProcess } from './processes';

/** The Kamailio configuration the stack runs. */
export const KAMAILIO_CFG = path.join(__dirname, 'kamailio.cfg');

/** SIP domain of every test user (Kamailio listens on 127.0.0.1 only). */
export const SIP_DOMAIN = '127.0.0.1';

/**
 * Users known to the test Kamailio: 1001/1002 are agents (the app), 2001-2004 customers
 * (baresip). kamailio.cfg gives some customers a role: 2001's calls carry a P-Asserted-Identity,
 * 2002 stands for a PBX that plays the recording notice (and its calls carry a CRM id), 2003
 * refuses every re-INVITE (488) and 2004 answers the first two of each call with 491 (its calls
 * also ask to be auto-answered: Call-Info answer-after=0).
 */
export type SipUser = '1001' | '1002' | '2001' | '2002' | '2003' | '2004';

/** Passwords of the test users, as configured in kamailio.cfg. */
export const SIP_USERS: Readonly<Record<SipUser, string>> = Object.freeze({
  '1001': 'pw1001',
  '1002': 'pw1002',
  '2001': 'pw2001',
  '2002': 'pw2002',
  '2003': 'pw2003',
  '2004': 'pw2004',
});

// ---- port plan -------------------------------------------------------------------------------
//
// One stack owns PORT_BLOCK_SIZE consecutive ports starting at its port base:
//   base + 0            Kamailio SIP/UDP
//   base + 1            Kamailio SIP over WebSocket (TCP)
//   base + 2            rtpengine control (ng protocol, UDP)
//   base + 10 .. +29    baresip SIP, two per customer slot (10 slots): UDP+TCP on the even
//                       port, and TLS, which baresip always opens, on the odd one
//   base + 30 .. +99    rtpengine media (70 ports: RTP/RTCP pairs for ~17 bridged calls)
//   base + 100 .. +199  baresip RTP/RTCP, 10 ports per customer slot
// Default bases lie in 20000..32599, below Linux's ephemeral range (32768+), so ports that
// Chromium, Node or Kamailio pick at random for client sockets can never take a stack's port.

/** Ports one stack reserves; the block starts at the stack's port base. */
export const PORT_BLOCK_SIZE = 200;
const MAX_CUSTOMER_SLOTS = 10;
const FIRST_PORT_BASE = 20_000;
const PORT_BLOCKS = 63; // 20000 + 63 * 200 = 32600 <= 32768
const WORKER_SLOTS = 7; // distinct vitest workers before blocks are shared
const BLOCKS_PER_WORKER = Math.floor(PORT_BLOCKS / WORKER_SLOTS);

/** Every port of one stack, see the port plan in test/sip/README.md. */
export interface SipStackPorts {
  base: number;
  sipUdp: number;
  ws: number;
  rtpengineNg: number;
  rtpengineMin: number;
  rtpengineMax: number;
}

/** Ports of one baresip customer slot. */
export interface CustomerPorts {
  sip: number;
  rtpMin: number;
  rtpMax: number;
}

/** The ports a stack at `base` uses. */
export function sipStackPorts(base: number): SipStackPorts {
  return {
    base,
    sipUdp: base,
    ws: base + 1,
    rtpengineNg: base + 2,
    rtpengineMin: base + 30,
    rtpengineMax: base + 99,
  };
}

/** The ports of customer slot `slot` (0..9) of a stack at `base`. */
export function customerPorts(base: number, slot: number): CustomerPorts {
  if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_CUSTOMER_SLOTS) {
    throw new Error(`baresip customer slot ${slot} out of range 0..${MAX_CUSTOMER_SLOTS - 1}`);
  }
  return {
    sip: base + 10 + 2 * slot,
    rtpMin: base + 100 + 10 * slot,
    rtpMax: base + 109 + 10 * slot,
  };
}

let stacksStartedHere = 0;

/**
 * A port base nobody else in this namespace uses: each vitest worker (VITEST_POOL_ID) gets its
 * own 9 blocks, and each stack a worker starts takes the next one, so a stack that a test forgot
 * to stop does not break the next test.
 */
export function defaultPortBase(): number {
  const worker = Number(process.env.VITEST_POOL_ID ?? 0) || 0;
  const block =
    (worker % WORKER_SLOTS) * BLOCKS_PER_WORKER + (stacksStartedHere % BLOCKS_PER_WORKER);
  return FIRST_PORT_BASE + PORT_BLOCK_SIZE * block;
}

// ---- the stack -------------------------------------------------------------------------------

/** Options for {@link startSipStack}. */
export interface SipStackOptions {
  /** Fresh directory for configs, recordings and logs (created if missing). */
  workDir: string;
  /** First port of the stack's block; default {@link defaultPortBase}. Must be even. */
  portBase?: number;
}

/** A running Kamailio + rtpengine, see {@link startSipStack}. */
export interface SipStack {
  /** SIP over WebSocket URL for JsSIP, e.g. ws://127.0.0.1:20001. */
  readonly wsUrl: string;
  /** SIP domain users register in: '127.0.0.1'. */
  readonly domain: string;
  /** Kamailio's SIP/UDP port (baresip, sipp, {@link sipRegister}). */
  readonly sipUdpPort: number;
  readonly ports: SipStackPorts;
  /** The test users and their passwords. */
  readonly users: Readonly<Record<SipUser, string>>;
  readonly workDir: string;
  /** kamailio.log, rtpengine.log, baresip-<user>-<slot>.log: read these when a test fails. */
  readonly logsDir: string;
  /** `sip:<user>@127.0.0.1`. */
  uri(user: SipUser): string;
  /** True while Kamailio runs (false between stopKamailio() and startKamailio()). */
  readonly kamailioRunning: boolean;
  /** Stops Kamailio (SIGTERM): clients lose their server and every registration is forgotten. */
  stopKamailio(): Promise<void>;
  /** Starts Kamailio again on the same ports after {@link stopKamailio}; no-op while it runs. */
  startKamailio(): Promise<void>;
  /**
   * Freezes every Kamailio process (SIGSTOP): its sockets stay open and the kernel still accepts
   * connections, but nothing is answered, as with a hung server or a silently dropped NAT flow.
   */
  freezeKamailio(): void;
  /** Lets a frozen Kamailio run again (SIGCONT). */
  thawKamailio(): void;
  /** Stops the customers, Kamailio and rtpengine. Safe to call twice. */
  stop(): Promise<void>;
}

interface StackInternals {
  nextCustomerSlot: number;
  customers: BaresipCustomerImpl[];
}
const internals = new WeakMap<SipStack, StackInternals>();

class SipStackImpl implements SipStack {
  readonly domain = SIP_DOMAIN;
  readonly users = SIP_USERS;
  readonly wsUrl: string;
  readonly sipUdpPort: number;
  readonly logsDir: string;
  private readonly runDir: string;
  private kamailio: ManagedProcess | undefined;
  private rtpengine: ManagedProcess | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly workDir: string,
    readonly ports: SipStackPorts,
  ) {
    this.wsUrl = `ws://127.0.0.1:${ports.ws}`;
    this.sipUdpPort = ports.sipUdp;
    this.logsDir = path.join(workDir, 'logs');
    this.runDir = path.join(workDir, 'run');
    fs.mkdirSync(this.logsDir, { recursive: true });
    fs.mkdirSync(this.runDir, { recursive: true });
  }

  uri(user: SipUser): string {
    return `sip:${user}@${SIP_DOMAIN}`;
  }

  get kamailioRunning(): boolean {
    return this.kamailio?.isRunning ?? false;
  }

  async startRtpengine(): Promise<void> {
    const { rtpengineNg, rtpengineMin, rtpengineMax } = this.ports;
    const rtpengine = startProcess({
      name: 'rtpengine',
      command: 'rtpengine',
      args: [
        '--config-file=none', // never read /etc/rtpengine
        '--table=-1', // userspace forwarding only: no kernel module
        '--interface=127.0.0.1',
        `--listen-ng=127.0.0.1:${rtpengineNg}`,
        `--port-min=${rtpengineMin}`,
        `--port-max=${rtpengineMax}`,
        '--foreground',
        '--log-stderr',
        '--log-level=6',
        '--delete-delay=0',
        '--timeout=60',
        '--num-threads=2',
      ],
      logFile: path.join(this.logsDir, 'rtpengine.log'),
    });
    this.rtpengine = rtpengine;
    await waitFor(() => rtpengine.readLog().includes('Startup complete'), {
      what: `rtpengine to start (ng port ${rtpengineNg})`,
      abortIf: () => rtpengine.exitDescription(),
      details: () => `${rtpengine.logFile}:\n${rtpengine.logTail()}`,
    });
  }

  async startKamailio(): Promise<void> {
    if (this.kamailio?.isRunning) return;
    const { sipUdp, ws, rtpengineNg } = this.ports;
    const kamailio = startProcess({
      name: 'kamailio',
      command: 'kamailio',
      args: [
        '-f',
        KAMAILIO_CFG,
        '-DD', // foreground, no fork into a daemon: we own its lifetime
        '-E', // log to stderr (the log file)
        '-Y',
        this.runDir,
        '-m',
        '64',
        '-M',
        '8',
        '-A',
        `SIP_PORT=${sipUdp}`,
        '-A',
        `WS_PORT=${ws}`,
        '-A',
        `RTPE_SOCK="udp:127.0.0.1:${rtpengineNg}"`,
      ],
      logFile: path.join(this.logsDir, 'kamailio.log'),
    });
    this.kamailio = kamailio;
    // Ready = accepts WebSocket connections and answers SIP over UDP (bound is not enough: the
    // UDP socket exists before the worker processes read from it).
    await waitFor(
      async () =>
        (await tcpAccepts(ws)) && (await sipOptions(this, { timeoutMs: 300 })).status === 200,
      {
        what: `Kamailio to listen on udp:${sipUdp} and ws:${ws}`,
        abortIf: () => kamailio.exitDescription(),
        details: () => `${kamailio.logFile}:\n${kamailio.logTail()}`,
      },
    );
  }

  async stopKamailio(): Promise<void> {
    this.thawKamailio();
    await this.kamailio?.stop();
  }

  freezeKamailio(): void {
    this.kamailio?.killGroup('SIGSTOP');
  }

  thawKamailio(): void {
    this.kamailio?.killGroup('SIGCONT');
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const customers = internals.get(this)?.customers ?? [];
      // Customers first, while Kamailio can still take their un-REGISTER.
      await Promise.all(customers.map((customer) => customer.quit()));
      this.thawKamailio();
      await this.kamailio?.stop();
      await this.rtpengine?.stop();
    })();
    return this.stopping;
  }
}

/**
 * Starts rtpengine, then Kamailio, both in the foreground with logs in `<workDir>/logs`, and
 * resolves once Kamailio answers on SIP/UDP and accepts WebSocket connections.
 *
 * @example
 *   const stack = await startSipStack({ workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sip-')) });
 *   try {
 *     // JsSIP: new JsSIP.WebSocketInterface(stack.wsUrl), uri sip:1001@127.0.0.1, password pw1001
 *   } finally {
 *     await stack.stop();
 *   }
 */
export async function startSipStack(options: SipStackOptions): Promise<SipStack> {
  const base = await choosePortBase(options.portBase);
  const stack = new SipStackImpl(path.resolve(options.workDir), sipStackPorts(base));
  internals.set(stack, { nextCustomerSlot: 0, customers: [] });
  try {
    await stack.startRtpengine();
    await stack.startKamailio();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

/**
 * The explicit port base, checked, or the first default block whose main ports are free. The
 * check matters: Kamailio failing to bind while a leaked stack answers on the same port would
 * otherwise look like a successful start.
 */
async function choosePortBase(explicit: number | undefined): Promise<number> {
  if (explicit !== undefined) {
    if (explicit % 2 !== 0) {
      throw new Error(`portBase ${explicit} must be even (rtpengine allocates RTP on even ports)`);
    }
    if (explicit < 1024 || explicit + PORT_BLOCK_SIZE > 65_536) {
      throw new Error(`portBase ${explicit} out of range`);
    }
    if (!(await portsFree(sipStackPorts(explicit)))) {
      throw new Error(`ports of portBase ${explicit} are in use (another stack still running?)`);
    }
    return explicit;
  }
  const tried: number[] = [];
  while (tried.length < BLOCKS_PER_WORKER) {
    const candidate = defaultPortBase();
    stacksStartedHere++;
    if (await portsFree(sipStackPorts(candidate))) return candidate;
    tried.push(candidate);
  }
  throw new Error(`no free SIP stack port block; tried bases ${tried.join(', ')}`);
}

async function portsFree(ports: SipStackPorts): Promise<boolean> {
  return (
    (await canBind('udp', ports.sipUdp)) &&
    (await canBind('tcp', ports.ws)) &&
    (await canBind('udp', ports.rtpengineNg))
  );
}

function canBind(protocol: 'udp' | 'tcp', port: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (protocol === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    } else {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    }
  });
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// ---- baresip customers ------------------------------------------------------------------------

/** Options for {@link startBaresipCustomer}. */
export interface BaresipCustomerOptions {
  /** Normally a customer: '2001' or '2002'. */
  user: SipUser;
  /** The customer's "microphone": a WAV of S16LE at exactly 8000 Hz mono (see ensureTestAudio). */
  sourceWav: string;
  /** Answer incoming calls at once (otherwise call {@link BaresipCustomer.answer}). */
  autoAnswer: boolean;
  /** Default 10 000 ms. */
  registerTimeoutMs?: number;
  /**
   * Caller display name sent in From (quoted; `"` and `\\` escaped as RFC 3261 quoted-pairs).
   * For hostile-caller tests: markup, very long names.
   */
  displayName?: string;
}

/** Options for the customer's waits. */
export interface CustomerWaitOptions {
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

/** Which part of the call's recording to count a tone in, and how loud it must be. */
export interface ToneCount {
  /** Only look at recordings that are not in this snapshot (from {@link BaresipCustomer.recordings}). */
  since?: ReadonlySet<string>;
  /** Count from this second of the recording on (default 0). */
  from?: number;
  /** Share of a window's RMS that must be the tone, default 0.5. */
  minRatio?: number;
  /** Minimum RMS of the tone in a window, default 0.01 (a volume-0.5 tone gives ~0.35). */
  minRms?: number;
}

/** Options for {@link BaresipCustomer.waitForHeardTone}. */
export interface HeardToneOptions extends CustomerWaitOptions, ToneCount {
  /** How much of the tone must have been heard, in seconds (counted in 0.5 s windows). */
  seconds: number;
}

/**
 * A baresip phone registered as a customer. It plays its source WAV into every call and records
 * what it hears to `<recordingsDir>/dump-<date>-dec.wav` (and what it sent to `...-enc.wav`).
 *
 * The `waitFor...` methods consume events in order: the n-th `waitForCallEstablished()` resolves
 * once baresip has logged its n-th established call, even if that happened before the wait began.
 */
export interface BaresipCustomer {
  readonly user: SipUser;
  /** `sip:<user>@127.0.0.1` */
  readonly uri: string;
  /** baresip's own SIP/UDP port. */
  readonly sipPort: number;
  readonly configDir: string;
  readonly recordingsDir: string;
  readonly logFile: string;
  /** Calls `uri`, e.g. `sip:1001@127.0.0.1`. */
  dial(uri: string): void;
  /** Accepts a ringing incoming call (when not auto-answering). */
  answer(): void;
  /** Hangs up the current call. */
  hangup(): void;
  /** Sends any baresip menu command, e.g. '/listcalls'. */
  command(line: string): void;
  /** Quits baresip (un-REGISTERs), killing it if it does not exit within 3 s. Safe to call twice. */
  quit(): Promise<void>;
  /** Everything baresip printed so far. */
  readLog(): string;
  waitForRegistered(options?: CustomerWaitOptions): Promise<void>;
  waitForIncomingCall(options?: CustomerWaitOptions): Promise<void>;
  waitForCallEstablished(options?: CustomerWaitOptions): Promise<void>;
  /** A call ended: either side hung up, or it failed (busy, not found, ...). */
  waitForCallClosed(options?: CustomerWaitOptions): Promise<void>;
  /** Names of the files in {@link recordingsDir} now: take one before a call, to find its files. */
  recordings(): Set<string>;
  /** Full paths of decoded (= heard) recordings not in `since`, oldest first. */
  newDecodedRecordings(since: ReadonlySet<string>): string[];
  /**
   * Resolves with the path of the first decoded recording not in `since` once it is complete.
   * Its WAV header is written only when the call ends: hang up first.
   */
  waitForDecodedRecording(
    since: ReadonlySet<string>,
    options?: CustomerWaitOptions,
  ): Promise<string>;
  /**
   * Waits until the call in progress (its recording is read while being written) has carried
   * `seconds` of a tone at `hz` to this customer: "the customer has heard the agent".
   */
  waitForHeardTone(hz: number, options: HeardToneOptions): Promise<void>;
  /**
   * Seconds of `hz` (0.5 s windows where it dominates) in the newest recording so far, while it
   * is being written; 0 before there is one.
   */
  heardSeconds(hz: number, options?: ToneCount): number;
  /** How many seconds the newest recording (not in `since`) holds so far; 0 before there is one. */
  recordingSeconds(since?: ReadonlySet<string>): number;
}

type CustomerEvent = 'registered' | 'incoming' | 'established' | 'closed';

// What baresip 1.0 prints (verified by running it):
//   2001@127.0.0.1: {0/UDP/v4} 200 OK (sori-test-kamailio) [1 binding]
//   call: answering call on line 1 from sip:2002@127.0.0.1 with 200     (auto answer)
//   2001@127.0.0.1: Incoming call from: sip:2002@127.0.0.1 ...          (manual answer)
//   2001@127.0.0.1: Call established: sip:2002@127.0.0.1
//   call: terminate call '2a3e09c8402d7837' with sip:2001@127.0.0.1    (we hung up)
//   sip:2002@127.0.0.1: session closed: Connection reset by peer        (they hung up)
//   sip:2001@127.0.0.1: session closed: 486 Busy Here                   (call failed)
//   reg: sip:2002@127.0.0.1: 401 Unauthorized (sori-test-kamailio)      (registration failed)
// Exactly one of the three "closed" lines ends each call. Not "Call with ... terminated": baresip
// leaves it out for calls shorter than a second.
const EVENT_PATTERNS: Record<CustomerEvent, RegExp> = {
  registered: /\{\d+\/UDP\/v4\} 200 OK/g,
  incoming: /answering call on line|Incoming call from/g,
  established: /: Call established: /g,
  closed: /call: terminate call |: session closed: /g,
};
const REGISTRATION_FAILED = /reg: \S+: [3-6]\d\d [^\n]*/;

class BaresipCustomerImpl implements BaresipCustomer {
  readonly uri: string;
  private readonly consumed: Record<CustomerEvent, number> = {
    registered: 0,
    incoming: 0,
    established: 0,
    closed: 0,
  };
  private quitting: Promise<void> | undefined;

  constructor(
    readonly user: SipUser,
    readonly sipPort: number,
    readonly configDir: string,
    readonly recordingsDir: string,
    private readonly proc: ManagedProcess,
  ) {
    this.uri = `sip:${user}@${SIP_DOMAIN}`;
  }

  get logFile(): string {
    return this.proc.logFile;
  }

  dial(uri: string): void {
    this.proc.writeLine(`/dial ${uri}`);
  }

  answer(): void {
    this.proc.writeLine('/accept');
  }

  hangup(): void {
    this.proc.writeLine('/hangup');
  }

  command(line: string): void {
    this.proc.writeLine(line);
  }

  quit(): Promise<void> {
    this.quitting ??= (async () => {
      if (!this.proc.isRunning) return;
      this.proc.writeLine('/quit');
      let timer: NodeJS.Timeout | undefined;
      const exitedInTime = await Promise.race([
        this.proc.exited.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), 3000);
        }),
      ]);
      clearTimeout(timer);
      // It waits for its un-REGISTER to be answered, which never happens when Kamailio is down.
      if (!exitedInTime) await this.proc.stop({ timeoutMs: 1000 });
    })();
    return this.quitting;
  }

  readLog(): string {
    return this.proc.readLog();
  }

  private count(event: CustomerEvent): number {
    return this.readLog().match(EVENT_PATTERNS[event])?.length ?? 0;
  }

  private async waitForEvent(
    event: CustomerEvent,
    what: string,
    options: CustomerWaitOptions = {},
    failure?: () => string | undefined,
  ): Promise<void> {
    const wanted = this.consumed[event] + 1;
    await waitFor(() => this.count(event) >= wanted, {
      what: `baresip ${this.user}: ${what} (#${wanted})`,
      timeoutMs: options.timeoutMs ?? 10_000,
      abortIf: () => this.proc.exitDescription() ?? failure?.(),
      details: () => `${this.proc.logFile}:\n${this.proc.logTail()}`,
    });
    this.consumed[event] = wanted;
  }

  waitForRegistered(options?: CustomerWaitOptions): Promise<void> {
    return this.waitForEvent('registered', 'registration', options, () => {
      // Only a failure after the last success counts (a later retry may still succeed).
      const log = this.readLog();
      const lastSuccess = Math.max(
        0,
        ...[...log.matchAll(EVENT_PATTERNS.registered)].map((m) => m.index),
      );
      return REGISTRATION_FAILED.exec(log.slice(lastSuccess))?.[0];
    });
  }

  waitForIncomingCall(options?: CustomerWaitOptions): Promise<void> {
    return this.waitForEvent('incoming', 'incoming call', options);
  }

  waitForCallEstablished(options?: CustomerWaitOptions): Promise<void> {
    return this.waitForEvent('established', 'call established', options);
  }

  waitForCallClosed(options?: CustomerWaitOptions): Promise<void> {
    return this.waitForEvent('closed', 'call closed', options);
  }

  recordings(): Set<string> {
    try {
      return new Set(fs.readdirSync(this.recordingsDir));
    } catch {
      return new Set();
    }
  }

  newDecodedRecordings(since: ReadonlySet<string>): string[] {
    return [...this.recordings()]
      .filter((name) => name.endsWith('-dec.wav') && !since.has(name))
      .sort()
      .map((name) => path.join(this.recordingsDir, name));
  }

  waitForDecodedRecording(
    since: ReadonlySet<string>,
    options: CustomerWaitOptions = {},
  ): Promise<string> {
    return waitFor(
      () => {
        const file = this.newDecodedRecordings(since)[0];
        return file !== undefined && isWavFinished(file) ? file : undefined;
      },
      {
        what: `baresip ${this.user}: a finished decoded recording in ${this.recordingsDir} (was the call hung up?)`,
        timeoutMs: options.timeoutMs ?? 10_000,
        details: () => `present: ${[...this.recordings()].join(', ') || 'none'}`,
      },
    );
  }

  heardSeconds(hz: number, options: ToneCount = {}): number {
    const { since = new Set<string>(), from = 0, minRatio = 0.5, minRms = 0.01 } = options;
    const file = this.newDecodedRecordings(since).at(-1);
    if (!file) return 0;
    const audio = readWav(file, { unfinished: true });
    const duration = audio.samples.length / audio.sampleRate;
    const windowSec = 0.5;
    let heard = 0;
    for (let t = from; t + windowSec <= duration; t += windowSec) {
      const level = toneLevelOf(audio, hz, { from: t, seconds: windowSec });
      if (level.ratio >= minRatio && level.toneRms >= minRms) heard += windowSec;
    }
    return heard;
  }

  recordingSeconds(since: ReadonlySet<string> = new Set<string>()): number {
    const file = this.newDecodedRecordings(since).at(-1);
    if (!file) return 0;
    const audio = readWav(file, { unfinished: true });
    return audio.samples.length / audio.sampleRate;
  }

  async waitForHeardTone(hz: number, options: HeardToneOptions): Promise<void> {
    const { seconds } = options;
    let heard = 0;
    await waitFor(
      () => {
        heard = this.heardSeconds(hz, options);
        return heard >= seconds;
      },
      {
        what: `baresip ${this.user} to hear ${seconds} s of ${hz} Hz`,
        timeoutMs: options.timeoutMs ?? 10_000 + seconds * 1000,
        intervalMs: 200,
        abortIf: () => this.proc.exitDescription(),
        details: () => `heard ${heard} s so far; ${this.proc.logFile}:\n${this.proc.logTail(8)}`,
      },
    );
  }
}

/**
 * Starts baresip registered as `user` on the stack's Kamailio (SIP and RTP over plain UDP on
 * 127.0.0.1) and resolves once the registration succeeded. The stack's {@link SipStack.stop}
 * quits it too.
 *
 * @example
 *   const customer = await startBaresipCustomer(stack, { user: '2001', sourceWav: audio.customerTone1000, autoAnswer: true });
 *   const before = customer.recordings();
 *   // ... the agent calls customer.uri, talks, hangs up ...
 *   await customer.waitForCallClosed();
 *   const heard = await customer.waitForDecodedRecording(before);
 *   expect(toneLevel(heard, 440, { from: 0.5 }).ratio).toBeGreaterThan(0.8);
 */
export async function startBaresipCustomer(
  stack: SipStack,
  options: BaresipCustomerOptions,
): Promise<BaresipCustomer> {
  const state = internals.get(stack);
  if (!state) throw new Error('startBaresipCustomer: not a stack from startSipStack()');
  const { user, sourceWav, autoAnswer } = options;
  const password = stack.users[user];
  checkSourceWav(sourceWav);
  const slot = state.nextCustomerSlot++;
  const ports = customerPorts(stack.ports.base, slot);

  const configDir = path.join(stack.workDir, `baresip-${user}-${slot}`);
  const recordingsDir = path.join(configDir, 'recordings');
  fs.mkdirSync(recordingsDir, { recursive: true });
  writeBaresipConfig(configDir, { ports, sourceWav, recordingsDir });
  const quotedName =
    options.displayName === undefined
      ? ''
      : `"${options.displayName.replace(/[\\"]/g, (c) => `\\${c}`)}" `;
  const account = [
    `${quotedName}<sip:${user}@${SIP_DOMAIN}>`,
    `auth_pass=${password}`,
    `outbound="sip:127.0.0.1:${stack.sipUdpPort};transport=udp"`,
    'regint=600',
    'audio_codecs=PCMU,PCMA',
    ...(autoAnswer ? ['answermode=auto'] : []),
  ].join(';');
  fs.writeFileSync(path.join(configDir, 'accounts'), `${account}\n`);
  // Present (even empty) so baresip does not write its templates.
  fs.writeFileSync(path.join(configDir, 'contacts'), '');
  fs.writeFileSync(
    path.join(configDir, 'uuid'),
    `00000000-0000-4000-8000-${user.padStart(6, '0')}${String(slot).padStart(6, '0')}\n`,
  );

  const proc = startProcess({
    name: `baresip-${user}`,
    command: 'baresip',
    // -t: quit on its own after 15 min even if this test process dies without killing it.
    // SORI_SIP_TRACE=1 adds -s: every SIP message (with its SDP) in the customer's log.
    args: ['-f', configDir, '-t', '900', ...(process.env['SORI_SIP_TRACE'] ? ['-s'] : [])],
    logFile: path.join(stack.logsDir, `baresip-${user}-${slot}.log`),
    stdin: true,
  });
  const customer = new BaresipCustomerImpl(user, ports.sip, configDir, recordingsDir, proc);
  state.customers.push(customer);
  try {
    await customer.waitForRegistered({ timeoutMs: options.registerTimeoutMs ?? 10_000 });
  } catch (error) {
    await customer.quit();
    throw error;
  }
  return customer;
}

function writeBaresipConfig(
  dir: string,
  settings: { ports: CustomerPorts; sourceWav: string; recordingsDir: string },
): void {
  const { ports, sourceWav, recordingsDir } = settings;
  const lines: [string, string][] = [
    ['poll_method', 'epoll'],
    // '127.0.0.1', not 'lo': with only loopback up, an interface name finds no usable address.
    ['net_interface', '127.0.0.1'],
    ['sip_listen', `127.0.0.1:${ports.sip}`],
    ['sip_trans_def', 'udp'],
    ['call_local_timeout', '120'],
    ['call_max_calls', '4'],
    ['audio_player', 'alsa,null'],
    ['audio_alert', 'alsa,null'],
    // aufile needs the file to match ausrc_srate/ausrc_channels exactly, and does not loop.
    ['audio_source', `aufile,${sourceWav}`],
    ['ausrc_srate', '8000'],
    ['ausrc_channels', '1'],
    ['auplay_srate', '8000'],
    ['auplay_channels', '1'],
    ['audio_buffer', '20-160'],
    ['rtp_ports', `${ports.rtpMin}-${ports.rtpMax}`],
    ['rtcp_mux', 'no'],
    ['jitter_buffer_delay', '5-10'],
    ['rtp_stats', 'yes'],
    ['module_path', '/usr/lib/baresip/modules'],
    ['module', 'stdio.so'],
    ['module', 'g711.so'],
    ['module', 'aufile.so'],
    // sndfile records what is sent (-enc.wav) and what is heard (-dec.wav) per call.
    ['module', 'sndfile.so'],
    ['module', 'alsa.so'],
    ['module_app', 'account.so'],
    ['module_app', 'menu.so'],
    ['snd_path', recordingsDir],
    // Nothing resolves names in the namespace; a local server fails fast instead of timing out.
    ['dns_server', '127.0.0.1:53'],
  ];
  const text = lines.map(([key, value]) => `${key.padEnd(24)}${value}`).join('\n');
  fs.writeFileSync(path.join(dir, 'config'), `# generated by test/sip/stack.ts\n${text}\n`);
}

/** baresip silently plays noise or nothing from a WAV in the wrong format: refuse it up front. */
function checkSourceWav(file: string): void {
  let info: WavInfo;
  try {
    info = wavInfo(file);
  } catch (error) {
    throw new Error(
      `baresip source ${file}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const { format, sampleRate, channels, bitsPerSample } = info;
  if (format !== 1 || sampleRate !== 8000 || channels !== 1 || bitsPerSample !== 16) {
    throw new Error(
      `baresip source ${file} is ${sampleRate} Hz, ${channels} ch, ${bitsPerSample} bit (format ${format}); ` +
        'aufile needs 8000 Hz mono signed 16-bit: makeToneWav(file, { sampleRate: 8000, ... })',
    );
  }
}

// ---- SIP over UDP probes ---------------------------------------------------------------------

/** A SIP response received by {@link sipOptions} or {@link sipRegister}. */
export interface SipResponse {
  status: number;
  reason: string;
  /** The whole message as received. */
  raw: string;
  /** First value of a header (case-insensitive name), or undefined. */
  header(name: string): string | undefined;
  /** All values of a header, in order. */
  headers(name: string): string[];
}

/** Where {@link sipOptions} and {@link sipRegister} send; a {@link SipStack} fits. */
export interface SipUdpTarget {
  sipUdpPort: number;
  domain: string;
}

/** Options of the UDP probes. */
export interface SipUdpOptions {
  /** How long to wait for a final response, default 2000 ms. */
  timeoutMs?: number;
}

/** Options for {@link sipRegister}. */
export interface SipRegisterOptions extends SipUdpOptions {
  user: string;
  /** Answer the digest challenge with this password; omitted = send no credentials. */
  password?: string;
}

function parseResponse(raw: string): SipResponse | undefined {
  const head = raw.split('\r\n\r\n')[0] ?? '';
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const match = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(statusLine);
  if (!match) return undefined;
  const all = headerLines.map((line) => {
    const colon = line.indexOf(':');
    return { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() };
  });
  const headers = (name: string) =>
    all.filter((h) => h.name === name.toLowerCase()).map((h) => h.value);
  return {
    status: Number(match[1]),
    reason: match[2] ?? '',
    raw,
    header: (name) => headers(name)[0],
    headers,
  };
}

const token = () => randomBytes(6).toString('hex');

/**
 * Sends one request over UDP from a fresh socket and resolves with the first final (>= 200)
 * response. `build` gets the local port for Via/Contact and the branch to put in Via.
 * Rejects on timeout, or at once with code ECONNREFUSED when nothing listens on the port.
 */
async function sipUdpTransaction(
  port: number,
  build: (local: { port: number; branch: string }) => string,
  options: SipUdpOptions = {},
): Promise<SipResponse> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const socket = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    // A connected socket reports "port unreachable" as ECONNREFUSED instead of silence.
    await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', () => resolve()));
    const local = { port: socket.address().port, branch: `z9hG4bK-${token()}` };
    const message = build(local);
    const method = message.slice(0, message.indexOf(' '));
    return await new Promise<SipResponse>((resolve, reject) => {
      // Retransmit like a SIP client would (timer A), in case the server was not reading yet.
      const retransmit = setInterval(() => socket.send(message), 500);
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `no final response to ${method} from udp:127.0.0.1:${port} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearInterval(retransmit);
        clearTimeout(timer);
        socket.removeAllListeners('message');
        socket.removeAllListeners('error');
      };
      socket.on('message', (data) => {
        const response = parseResponse(data.toString('utf8'));
        if (!response || response.status < 200) return;
        if (!(response.header('via') ?? '').includes(local.branch)) return;
        finish();
        resolve(response);
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        finish();
        const refused = new Error(
          `${method} to udp:127.0.0.1:${port}: ${error.code ?? error.message} (is Kamailio running?)`,
        );
        Object.assign(refused, { code: error.code });
        reject(refused);
      });
      socket.send(message);
    });
  } finally {
    socket.close();
  }
}

/**
 * Sends bytes to a UDP port and does not wait for anything: for malformed messages and other
 * abuse. Resolves once the datagram is sent.
 */
export async function sendUdp(port: number, data: string | Buffer): Promise<void> {
  const socket = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.send(data, port, '127.0.0.1', (error) => (error ? reject(error) : resolve()));
    });
  } finally {
    socket.close();
  }
}

/**
 * Sends OPTIONS to Kamailio itself and resolves with the response: 200 when it is alive.
 * Rejects (code ECONNREFUSED) when nothing listens.
 */
export function sipOptions(target: SipUdpTarget, options?: SipUdpOptions): Promise<SipResponse> {
  const server = `127.0.0.1:${target.sipUdpPort}`;
  return sipUdpTransaction(
    target.sipUdpPort,
    (local) =>
      [
        `OPTIONS sip:${server} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local.port};branch=${local.branch};rport`,
        'Max-Forwards: 70',
        `From: <sip:probe@${target.domain}>;tag=${token()}`,
        `To: <sip:${server}>`,
        `Call-ID: ${token()}@127.0.0.1`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    options,
  );
}

function parseDigestChallenge(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of value.replace(/^Digest\s+/i, '').matchAll(/(\w+)=("([^"]*)"|[^,\s]+)/g)) {
    const key = match[1];
    if (key) params[key.toLowerCase()] = match[3] ?? match[2] ?? '';
  }
  return params;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * REGISTERs `user` over UDP without a Contact, which only asks for the user's current bindings
 * (it never adds one, so it cannot divert calls from the real phones). With `password`, answers
 * one digest challenge. Resolves with the final response: 200 (its Contact headers list the
 * bindings), 401 for a wrong password, 403 for an unknown user.
 */
export async function sipRegister(
  target: SipUdpTarget,
  options: SipRegisterOptions,
): Promise<SipResponse> {
  const { user, password } = options;
  const callId = `${token()}@127.0.0.1`;
  const fromTag = token();
  const requestUri = `sip:127.0.0.1:${target.sipUdpPort}`;
  const register =
    (cseq: number, authorization?: string) => (local: { port: number; branch: string }) =>
      [
        `REGISTER ${requestUri} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local.port};branch=${local.branch};rport`,
        'Max-Forwards: 70',
        `From: <sip:${user}@${target.domain}>;tag=${fromTag}`,
        `To: <sip:${user}@${target.domain}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        ...(authorization ? [`Authorization: ${authorization}`] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');

  const first = await sipUdpTransaction(target.sipUdpPort, register(1), options);
  const challenge = first.header('www-authenticate');
  if (first.status !== 401 || !challenge || password === undefined) return first;

  const params = parseDigestChallenge(challenge);
  const realm = params.realm ?? target.domain;
  const nonce = params.nonce ?? '';
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`REGISTER:${requestUri}`);
  const fields = [
    `username="${user}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${requestUri}"`,
    'algorithm=MD5',
  ];
  if (
    params.qop
      ?.split(',')
      .map((q) => q.trim())
      .includes('auth')
  ) {
    const cnonce = token();
    const nc = '00000001';
    fields.push(
      `response="${md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`,
      'qop=auth',
      `nc=${nc}`,
      `cnonce="${cnonce}"`,
    );
  } else {
    fields.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  if (params.opaque !== undefined) fields.push(`opaque="${params.opaque}"`);
  return sipUdpTransaction(target.sipUdpPort, register(2, `Digest ${fields.join(', ')}`), options);
}
