import fs from 'node:fs';
import { z } from 'zod';
import {
  dtmfModeSchema,
  languagePreferenceSchema,
  sipHeaderNameSchema,
  sipUriSchema,
  wsServerSchema,
} from '../../preload/contract';
import { RAW_ED25519_KEY_BASE64 } from '../monitoring/grant';

/**
 * Settings IT pins for every agent on a machine (issue #7 grows this into the full policy:
 * locations per OS, signing, updates). A policy file that exists but is invalid stops the app
 * with a clear message: a pinned setting must never silently fall back to a default.
 */
/** 'HH:MM', 00:00 to 23:59. */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const machinePolicySchema = z.strictObject({
  /** Editors and IT tools validate the file against the published schema it names. */
  $schema: z.string().max(512).optional(),
  version: z.literal(1),
  recordingNotice: z
    .strictObject({
      /**
       * 'app': the app plays the notice on every call. 'pbx-or-app': the PBX plays it; calls that
       * carry `proofHeader: played` skip the in-app notice, calls without it still get it.
       */
      mode: z.enum(['app', 'pbx-or-app']),
      proofHeader: sipHeaderNameSchema.default('X-Recording-Notice'),
    })
    .default({ mode: 'app', proofHeader: 'X-Recording-Notice' })
    .describe(
      'Who plays the mandatory recording notice: the app on every call, or the PBX (proved by a SIP header).',
    ),
  /** Agent protection (OSH Act Art. 41): the staged warnings and the rest afterwards. */
  protection: z
    .strictObject({
      /** Warnings before the agent may end the call (harassment: none needed). 120 Dasan: 2. */
      warningsBeforeTermination: z.number().int().min(0).max(2).default(2),
      recoveryMinutes: z.number().int().min(1).max(120).default(10),
      canLeaveRecoveryEarly: z.boolean().default(false),
    })
    .default({ warningsBeforeTermination: 2, recoveryMinutes: 10, canLeaveRecoveryEarly: false })
    .describe(
      'Agent protection (OSH Act Art. 41): warnings before the agent may end an abusive call, and the rest afterwards.',
    ),
  /**
   * Client-side recording of both sides, encrypted at rest with a key from the OS secret store.
   * Off by default: most centres record at the PBX, and a recording is personal data to keep only
   * where the centre has decided to.
   */
  recording: z
    .strictObject({ enabled: z.boolean().default(false) })
    .default({ enabled: false })
    .describe('Client-side recording of both sides, encrypted at rest (off by default).'),
  /**
   * The centre's outbound calling window per weekday (Sunday first; null: no calls that day),
   * Korean time. Callbacks are scheduled only inside it.
   */
  outboundWindow: z
    .array(z.strictObject({ from: hhmm, to: hhmm }).nullable())
    .length(7)
    .default([
      null,
      { from: '09:00', to: '20:00' },
      { from: '09:00', to: '20:00' },
      { from: '09:00', to: '20:00' },
      { from: '09:00', to: '20:00' },
      { from: '09:00', to: '20:00' },
      { from: '09:00', to: '13:00' },
    ]),
  /**
   * Screen pop: an IVR or PBX that identified the caller may put their CRM id in a SIP header of
   * the INVITE; the card is then found by id, even from a withheld or shared number.
   */
  screenPop: z
    .strictObject({ customerIdHeader: sipHeaderNameSchema.nullable().default(null) })
    .default({ customerIdHeader: null })
    .describe("The SIP header an IVR puts the caller's CRM id in (null: none)."),
  /**
   * Auto-answer of incoming calls (the agent is Ready and on no other call). 'header': only calls
   * whose INVITE asks for it (Call-Info: …;answer-after=N, as PBX dialers and intercom features
   * send it; at most 10 s), 'always': every call after `delaySeconds`, 'off' (the default).
   */
  autoAnswer: z
    .strictObject({
      mode: z.enum(['off', 'header', 'always']).default('off'),
      delaySeconds: z.number().int().min(0).max(10).default(1),
    })
    .default({ mode: 'off', delaySeconds: 1 })
    .describe(
      'Auto-answer of incoming calls: off, only when the INVITE asks for it (header), or always.',
    ),
  /**
   * 후처리 (after-call work) after every answered call. 'optional': only while a mandatory
   * disposition is missing, and the agent goes 대기 when ready. 'mandatory': `seconds` of
   * after-call work that cannot be cut short; the agent is 대기 again when it ends (and the
   * disposition, where one is required, is chosen).
   */
  afterCallWork: z
    .strictObject({
      mode: z.enum(['optional', 'mandatory']).default('optional'),
      seconds: z.number().int().min(5).max(600).default(30),
    })
    .default({ mode: 'optional', seconds: 30 })
    .describe('후처리 after every answered call: optional, or mandatory for a number of seconds.'),
  /**
   * Media network. STUN servers for calls across NAT (none by default: agents and the SIP server
   * share a network), and the cap on ICE gathering: a STUN server that does not answer must never
   * hold back the INVITE (or the answer) for more than this.
   */
  media: z
    .strictObject({
      stunServers: z
        .array(z.string().regex(/^stuns?:[A-Za-z0-9.\-[\]:]{1,253}$/))
        .max(4)
        .default([]),
      iceGatheringCapMs: z.number().int().min(250).max(10_000).default(2000),
    })
    .default({ stunServers: [], iceGatheringCapMs: 2000 })
    .describe('STUN servers for calls across NAT, and the cap on ICE gathering in milliseconds.'),
  /**
   * The signalling connection. Every `keepaliveSeconds` the app pings the SIP server (OPTIONS);
   * a connection that stops answering is dropped within two intervals and the app reconnects,
   * to the next server when several are configured. Shorter finds a dead server sooner, at the
   * cost of a small request per agent per interval.
   */
  signalling: z
    .strictObject({ keepaliveSeconds: z.number().int().min(5).max(300).default(30) })
    .default({ keepaliveSeconds: 30 })
    .describe('How often the app pings the SIP server to find a dead connection.'),
  /**
   * The pre-Ready health check. `mediaTestUri`: a number that answers and returns audio (an echo
   * or test extension) for measuring the round trip through the media relay; null skips that
   * check. `requiredBeforeReady`: the first 대기 of a shift waits for a passing check.
   */
  healthCheck: z
    .strictObject({
      mediaTestUri: sipUriSchema.nullable().default(null),
      requiredBeforeReady: z.boolean().default(false),
    })
    .default({ mediaTestUri: null, requiredBeforeReady: false })
    .describe(
      'The pre-Ready health check: the media test number, and whether a pass is required before the first 대기.',
    ),
  /**
   * The SIP servers (SIP over WebSocket) every agent of this machine registers with, in failover
   * order, and the DTMF method the PBX expects. Set here, they are managed: the agent's settings
   * show them and cannot change them.
   */
  sip: z
    .strictObject({
      wsServers: z.array(wsServerSchema).min(1).max(5),
      dtmfMode: dtmfModeSchema.optional(),
    })
    .optional()
    .describe(
      'The SIP-over-WebSocket servers (failover order) and DTMF method every agent uses; pinned: agents cannot change them.',
    ),
  /** User settings IT pins: each one given here is shown as managed and cannot be changed. */
  settings: z
    .strictObject({
      language: languagePreferenceSchema.optional(),
      micProcessing: z.boolean().optional(),
      startAtLogin: z.boolean().optional(),
    })
    .default({})
    .describe(
      'User settings IT pins (language, microphone processing, start at login); each one given is read-only for agents.',
    ),
  /**
   * Updates. `enabled: false` is IT's kill switch: the app never looks for an update.
   * `channel`: the feed's channel (latest, beta, alpha). `feedUrl`: IT's own update server
   * (electron-updater "generic" feed); null uses the feed built into the installer.
   * An update is never installed during a call or while notes wait to reach the CRM.
   */
  updates: z
    .strictObject({
      enabled: z.boolean().default(true),
      channel: z.enum(['latest', 'beta', 'alpha']).default('latest'),
      feedUrl: z
        .url({ protocol: /^https?$/ })
        .nullable()
        .default(null),
      checkIntervalHours: z.number().int().min(1).max(168).default(6),
    })
    .default({ enabled: true, channel: 'latest', feedUrl: null, checkIntervalHours: 6 })
    .describe(
      "Updates: enabled false is the kill switch; channel; IT's own feed URL; check interval. Never installed during a call or with unsynced notes.",
    ),
  /** Features IT can switch off for the machine. */
  features: z
    .strictObject({
      /** Answer, hang up, mute and hold from anywhere on the desktop (Electron global shortcuts). */
      globalHotkeys: z.boolean().default(true),
      /** USB headset call buttons (WebHID). */
      headsetButtons: z.boolean().default(true),
      /** A desktop notification for a call ringing while the window is not in front. */
      desktopNotifications: z.boolean().default(true),
    })
    .default({ globalHotkeys: true, headsetButtons: true, desktopNotifications: true })
    .describe(
      'Features IT switches off for the machine: global hotkeys, headset buttons, desktop notifications.',
    ),
  /**
   * The customer data on this desktop. `purgeOnSignOut`: signing out deletes the cached
   * customers, their history and synced notes (unsynced notes are kept until they reach the CRM).
   */
  dataAtRest: z
    .strictObject({ purgeOnSignOut: z.boolean().default(false) })
    .default({ purgeOnSignOut: false })
    .describe('Customer data on the desktop: purge the cache when the agent signs out.'),
  /**
   * Team leads monitoring agents' calls (issue #8). A lead's request carries a grant signed by the
   * centre's CRM server; this machine verifies it against `publicKeys` (several during a key
   * rotation; none: every grant is refused). `indicator`: the agent sees that they are monitored
   * (transparency by policy, on by default). `mode`: 'endpoint' (the agent's app mixes the
   * lead in) or 'pbx-feature-code' (the lead dials a PBX feature code before the extension;
   * `featureCodes` are then required).
   */
  monitoring: z
    .strictObject({
      publicKeys: z
        .array(
          z.strictObject({
            kid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
            /** base64 of the raw 32-byte Ed25519 public key (44 characters ending in '='). */
            key: z.string().regex(RAW_ED25519_KEY_BASE64, 'not a base64 raw 32-byte Ed25519 key'),
          }),
        )
        .max(4)
        .default([])
        .refine((keys) => new Set(keys.map((k) => k.kid)).size === keys.length, {
          message: 'two keys with the same kid',
        }),
      indicator: z.boolean().default(true),
      mode: z.enum(['endpoint', 'pbx-feature-code']).default('endpoint'),
      featureCodes: z
        .strictObject({
          listen: z.string().regex(/^[0-9*#]{1,8}$/),
          whisper: z.string().regex(/^[0-9*#]{1,8}$/),
          barge: z.string().regex(/^[0-9*#]{1,8}$/),
        })
        .nullable()
        .default(null),
    })
    .refine((m) => m.mode !== 'pbx-feature-code' || m.featureCodes !== null, {
      message: "mode 'pbx-feature-code' needs featureCodes",
      path: ['featureCodes'],
    })
    .default({ publicKeys: [], indicator: true, mode: 'endpoint', featureCodes: null })
    .describe(
      "Team-lead monitoring: the CRM's Ed25519 grant keys (raw, base64; up to 4 for rotation), whether the agent sees they are monitored, endpoint mixing or PBX feature codes.",
    ),
  /** The centre's CRM. Without it the panel works from the local cache only and writes queue. */
  crm: z
    .strictObject({
      baseUrl: z.url({ protocol: /^https?$/ }),
      syncIntervalSeconds: z.number().int().min(1).max(3600).default(15),
      /**
       * The queue or campaign this desktop works: the CRM's dispositions for it (and those for
       * every queue) are offered at wrap-up, and one is mandatory when there are any.
       */
      queue: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}$/)
        .nullable()
        .default(null),
      /**
       * What the desktop caches: every customer, or only those contacted in the last `days`
       * (the CRM's feed is asked for those, and customers whose last contact falls out of the
       * window are purged). A desktop should not hold more personal data than the work needs.
       */
      cache: z
        .strictObject({
          scope: z.enum(['all', 'recent']).default('recent'),
          days: z.number().int().min(1).max(3650).default(90),
        })
        .default({ scope: 'recent', days: 90 }),
    })
    .optional(),
});
export type MachinePolicy = z.infer<typeof machinePolicySchema>;

export const DEFAULT_POLICY: MachinePolicy = machinePolicySchema.parse({ version: 1 });

export class PolicyError extends Error {
  readonly reason: string;
  constructor(
    readonly file: string,
    /** Every problem, "path: message" each. */
    readonly problems: string[],
  ) {
    const reason = problems.join('; ');
    super(`invalid machine policy ${file}: ${reason}`);
    this.name = 'PolicyError';
    this.reason = reason;
  }
}

/** Reads the policy file; none at `file` (or no file named) means the defaults. */
export function loadMachinePolicy(file: string | null): MachinePolicy {
  if (!file || !fs.existsSync(file)) return DEFAULT_POLICY;
  return parseMachinePolicy(file, fs.readFileSync(file, 'utf8'));
}

/** Validates the text of the policy file `file`; throws {@link PolicyError} with every problem. */
export function parseMachinePolicy(file: string, text: string): MachinePolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(file, [`(file): not JSON (${(error as Error).message.slice(0, 120)})`]);
  }
  const parsed = machinePolicySchema.safeParse(raw);
  if (!parsed.success) {
    // Every problem at once: IT fixes the file in one go, not one error per restart.
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new PolicyError(file, problems);
  }
  return parsed.data;
}
