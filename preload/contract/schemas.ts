import { z } from 'zod';
import { ACCELERATOR_MAX_LENGTH, HOTKEY_ACTIONS, parseAccelerator } from './hotkeys';

/**
 * Shared value schemas. Every string has an upper bound: a hostile or buggy sender must not be
 * able to push megabytes into SQLite or the logs through a field meant for a name.
 */

export const languageSchema = z.enum(['ko', 'en']);
export type Language = z.infer<typeof languageSchema>;

export const languagePreferenceSchema = z.enum(['system', 'ko', 'en']);
export type LanguagePreference = z.infer<typeof languagePreferenceSchema>;

export const settingsSchema = z.strictObject({
  language: languagePreferenceSchema,
  micProcessing: z.boolean(),
  /** The app starts when the user logs in to the OS (the policy may pin it). */
  startAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * An audio device the agent chose: the browser's device id, and its label so the choice can be
 * found again when the id changes (the OS re-enumerated, the headset moved to another USB port).
 */
export const audioDeviceChoiceSchema = z
  .strictObject({ id: z.string().min(1).max(256), label: z.string().max(256) })
  .nullable();
export type AudioDeviceChoice = z.infer<typeof audioDeviceChoiceSchema>;

/** Microphone, call audio (speaker/headset) and ringer, each null for the system default. */
export const audioDevicesSchema = z.strictObject({
  microphone: audioDeviceChoiceSchema,
  speaker: audioDeviceChoiceSchema,
  ringer: audioDeviceChoiceSchema,
});
export type AudioDevices = z.infer<typeof audioDevicesSchema>;

/** sip:user@host[:port] or sips:…; no spaces, no markup. */
export const sipUriSchema = z
  .string()
  .max(256)
  .regex(/^sips?:[A-Za-z0-9._~%!$&'()*+,;=-]+@[A-Za-z0-9.-]+(?::\d{1,5})?$/, 'not a SIP URI');

/** SIP over WebSocket server address. */
export const wsServerSchema = z
  .string()
  .max(512)
  .regex(
    /^wss?:\/\/[A-Za-z0-9.[\]:-]+(?::\d{1,5})?(?:\/[^\s<>"']*)?$/,
    'not a ws:// or wss:// URL',
  );

/** RFC 4733 telephone events in RTP (default), or SIP INFO for PBXes that read only signalling. */
export const dtmfModeSchema = z.enum(['rfc4733', 'info']);
export type DtmfMode = z.infer<typeof dtmfModeSchema>;

export const accountSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(80),
  sipUri: sipUriSchema,
  wsServers: z.array(wsServerSchema).min(1).max(5),
  dtmfMode: dtmfModeSchema.default('rfc4733'),
});
export type Account = z.infer<typeof accountSchema>;

/** Whether the machine policy file could be used (see policy:get). */
export const policyStatusSchema = z.strictObject({
  valid: z.boolean(),
  file: z.string().max(1024).nullable(),
  problems: z.array(z.string().max(1000)).max(50),
});
export type PolicyStatus = z.infer<typeof policyStatusSchema>;

/** Settings the machine policy pins, with the value it pins them to. */
export const pinnedSettingsSchema = z.strictObject({
  language: languagePreferenceSchema.optional(),
  micProcessing: z.boolean().optional(),
  startAtLogin: z.boolean().optional(),
  wsServers: z.array(wsServerSchema).min(1).max(5).optional(),
  dtmfMode: dtmfModeSchema.optional(),
});
export type PinnedSettings = z.infer<typeof pinnedSettingsSchema>;

export const sipCredentialsSchema = accountSchema.extend({ password: z.string().max(256) });
export type SipCredentials = z.infer<typeof sipCredentialsSchema>;

export const callIdSchema = z.string().min(1).max(128);

/**
 * The user's role and team as the CRM last said (GET /v1/me, fetched by the sync). `leadId` is
 * the user's CRM id when they are a lead, else null. Never a local switch.
 */
export const teamRoleSchema = z.strictObject({
  role: z.enum(['agent', 'lead']),
  team: z.string().min(1).max(64),
  leadId: z.string().min(1).max(128).nullable(),
});
export type TeamRole = z.infer<typeof teamRoleSchema>;

/** Team-lead monitoring (issue #8): listen only, whisper to the agent, or join the call. */
export const monitorModeSchema = z.enum(['listen', 'whisper', 'barge']);
export type MonitorMode = z.infer<typeof monitorModeSchema>;

/** Why an agent's app refused a monitoring grant (audited as `monitoring.refused`). */
export const monitorRefusalSchema = z.enum([
  'malformed',
  'bad_signature',
  'unknown_key',
  'expired',
  'not_yet_valid',
  'replayed',
  'wrong_agent',
  'out_of_team',
  'too_long_lived',
  'mode_mismatch',
]);
export type MonitorRefusal = z.infer<typeof monitorRefusalSchema>;
export const callDirectionSchema = z.enum(['inbound', 'outbound']);
export type CallDirection = z.infer<typeof callDirectionSchema>;

export const callEndReasonSchema = z.enum([
  'local_hangup',
  'remote_hangup',
  /** The agent handed the call on (호전환); their leg ended with it. */
  'transferred',
  'rejected',
  'busy',
  'no_answer',
  'canceled',
  'unavailable',
  'not_found',
  'failed',
]);
export type CallEndReason = z.infer<typeof callEndReasonSchema>;

/** Epoch milliseconds. */
export const timestampSchema = z.number().int().min(0).max(8.64e15);

/** The remote party as the SIP layer saw it: URI plus an untrusted display name. */
export const remotePartySchema = z.strictObject({
  uri: z.string().max(512),
  displayName: z.string().max(256).nullable(),
});
export type RemoteParty = z.infer<typeof remotePartySchema>;

export const callLogEntrySchema = z.strictObject({
  callId: callIdSchema,
  direction: callDirectionSchema,
  remote: remotePartySchema,
  startedAt: timestampSchema,
  answeredAt: timestampSchema.nullable(),
  endedAt: timestampSchema.nullable(),
  endReason: callEndReasonSchema.nullable(),
});
export type CallLogEntry = z.infer<typeof callLogEntrySchema>;

export const noticeSchema = z.strictObject({
  code: z.enum(['DB_RECOVERED']),
  detail: z.string().max(1024),
});
export type StartupNotice = z.infer<typeof noticeSchema>;

/** SHA-256 of a file, lowercase hex. */
export const sha256Schema = z.string().regex(/^[a-f0-9]{64}$/);

/** Why the recording notice could not be played on a call (the microphone then stays closed). */
export const noticeFailureSchema = z.enum([
  'unavailable',
  'invalid',
  'decode_failed',
  'call_ended',
]);
export type NoticeFailure = z.infer<typeof noticeFailureSchema>;

/** A SIP extension header name, e.g. X-Recording-Notice (RFC 3261 token characters). */
export const sipHeaderNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9!%'*+.^_`|~-]+$/);

/**
 * The agent-protection steps of the Korean call-center manuals: first warning, second warning,
 * termination message then hang-up; sexual harassment ends the call at once (no warning needed).
 */
export const protectionStepSchema = z.enum(['warning1', 'warning2', 'terminate', 'harassment']);
export type ProtectionStep = z.infer<typeof protectionStepSchema>;

export const protectionStateSchema = z.strictObject({
  /** Warnings the policy requires before `terminate` is allowed (harassment needs none). */
  warningsBeforeTermination: z.number().int().min(0).max(2),
  /** Length of the forced rest after an abusive call, minutes. */
  recoveryMinutes: z.number().int().min(1).max(120),
  /** Whether the agent may end the rest early (policy). */
  canLeaveRecoveryEarly: z.boolean(),
  /** End of the current rest (epoch ms), or null when not resting. */
  recoveryUntil: timestampSchema.nullable(),
  /** Abusive calls ended by this agent (team-lead alerts raised), for the agent's stats. */
  abusiveCalls: z.number().int().min(0),
});
export type ProtectionState = z.infer<typeof protectionStateSchema>;

/**
 * The agent's availability. `notReady` (이석) with a reason is where a shift starts; `ready`
 * (대기) is the only state in which inbound calls are offered; `recovery` is the forced rest after
 * an abusive call (set by main, left only when it is over or the policy allows).
 */
/** 대기 / 이석 / 후처리 (after an answered call, until its disposition is chosen) / 휴식 (protection). */
export const agentStateSchema = z.enum(['ready', 'notReady', 'wrapUp', 'recovery']);
export type AgentState = z.infer<typeof agentStateSchema>;

/** 이석 사유, as Korean centres name them. */
export const notReadyReasonSchema = z.enum([
  'login',
  'break',
  'meal',
  'training',
  'meeting',
  'coaching',
  'admin',
  'other',
]);
export type NotReadyReason = z.infer<typeof notReadyReasonSchema>;

/**
 * Why main refused Ready: a recording notice failed its checksum, the agent must rest, or a
 * mandatory centre notice is not acknowledged.
 */
export const readyBlockerSchema = z.enum([
  'notice_invalid',
  'recovery',
  'center_notice',
  /** An answered call still lacks its disposition (상담 결과). */
  'wrap_up',
  /** Mandatory after-call work (policy) still has time to run: no early exit. */
  'acw_time',
  /** The policy asks for a passing health check this shift before the first Ready. */
  'health_check',
]);
export type ReadyBlocker = z.infer<typeof readyBlockerSchema>;

/**
 * The pre-Ready health check (issue #6): the agent runs it at shift start, main keeps every
 * result for IT. One item per check; `server` once per configured WebSocket server.
 */
export const healthCheckNameSchema = z.enum(['server', 'registration', 'microphone', 'mediaRelay']);
export type HealthCheckName = z.infer<typeof healthCheckNameSchema>;

/** Why a check came out as it did; the UI words each one in the agent's language. */
export const healthCheckCodeSchema = z.enum([
  'ok',
  /** The server's WebSocket did not open (refused, unreachable, timed out). */
  'server_unreachable',
  'not_registered',
  /** The server answered REGISTER with a refusal (e.g. 401/403: wrong password). */
  'registration_refused',
  /** No microphone at all (none plugged in, or the OS exposes none). */
  'mic_missing',
  /** The OS or browser denied access to the microphone. */
  'mic_denied',
  /** Another program holds the microphone, or the device failed to start. */
  'mic_unavailable',
  /** The microphone opened but delivered only silence. */
  'mic_silent',
  /** IT configured no test number for the media relay: nothing to measure. */
  'relay_not_configured',
  /** The test call to the media relay failed or timed out. */
  'relay_call_failed',
  /** The test call connected but no audio came back. */
  'relay_no_audio',
  /** Audio flows, but the round trip to the relay is long enough to hurt calls. */
  'relay_slow',
]);
export type HealthCheckCode = z.infer<typeof healthCheckCodeSchema>;

export const healthCheckItemSchema = z.strictObject({
  check: healthCheckNameSchema,
  status: z.enum(['ok', 'warning', 'failed', 'skipped']),
  code: healthCheckCodeSchema,
  /** What was checked: the server's ws:// URL, the media test URI; null for the rest. */
  target: z.string().max(512).nullable(),
  /** Time to connect (server), round-trip time (media relay), in ms; else null. */
  ms: z.number().int().min(0).max(600_000).nullable(),
  /** The microphone's level in dBFS (microphone only), else null. */
  levelDb: z.number().min(-200).max(0).nullable(),
});
export type HealthCheckItem = z.infer<typeof healthCheckItemSchema>;

export const healthCheckRunSchema = z.strictObject({
  startedAt: timestampSchema,
  finishedAt: timestampSchema,
  items: z.array(healthCheckItemSchema).min(1).max(12),
});
export type HealthCheckRun = z.infer<typeof healthCheckRunSchema>;

export const healthCheckResultSchema = healthCheckRunSchema.extend({
  id: z.number().int().positive(),
  /** No item failed (warnings and skipped checks pass). */
  passed: z.boolean(),
});
export type HealthCheckResult = z.infer<typeof healthCheckResultSchema>;

export const agentStatusSchema = z.strictObject({
  state: agentStateSchema,
  /** Set in notReady. */
  reason: notReadyReasonSchema.nullable(),
  /** When the state began (epoch ms). */
  since: timestampSchema,
  /** Why the last request for Ready was refused, until the next change. */
  readyBlockedBy: readyBlockerSchema.nullable(),
  /** In mandatory after-call work: when it ends and the agent is Ready again (epoch ms). */
  wrapUpUntil: timestampSchema.nullable(),
});
export type AgentStatus = z.infer<typeof agentStatusSchema>;

/** A note as the agent writes it on a call: intent from the CRM's taxonomy plus free text. */
export const noteDraftSchema = z.strictObject({
  callId: callIdSchema,
  customerId: z.string().min(1).max(128).nullable(),
  intentCode: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .nullable(),
  body: z.string().max(20_000),
});
export type NoteDraftInput = z.infer<typeof noteDraftSchema>;

/** Where personal data was found in a note (offsets into the body; never the value itself). */
export const personalDataFindingSchema = z.strictObject({
  kind: z.enum(['rrn', 'card', 'account', 'phone', 'email']),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});

/** The CRM sync as the agent sees it (the sync banner). */
export const syncStatusSchema = z.strictObject({
  /** disabled: no CRM configured by policy; offline: unreachable or token refused. */
  state: z.enum(['disabled', 'online', 'offline', 'syncing']),
  /** Writes waiting to reach the CRM. */
  pending: z.number().int().min(0),
  /** Notes the CRM changed too: the agent must choose a version. */
  conflicts: z.number().int().min(0),
  /**
   * Why the last attempt failed, for the banner (no personal data). crm_invalid: the CRM answered
   * with something that breaks the contract; the cache was left as it was.
   */
  problem: z.enum(['unreachable', 'unauthorized', 'no_token', 'crm_invalid']).nullable(),
  /** When the local cache last caught up with the CRM's change feed; null: never. */
  cacheUpdatedAt: timestampSchema.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/**
 * The CRM's card fields as the cache keeps them. Every field is optional and unknown fields are
 * kept out: the card shows what the CRM knows, never fails on what it does not.
 */
export const customerProfileSchema = z.object({
  segment: z.string().max(32).optional(),
  customerType: z.string().max(32).optional(),
  signupChannel: z.string().max(32).optional(),
  ageBand: z.string().max(16).optional(),
  /** Customer since (ISO date): tenure. */
  since: z.string().max(32).optional(),
  products: z
    .array(z.strictObject({ code: z.string().max(64), name: z.string().max(128) }))
    .max(50)
    .optional(),
  recentChanges: z
    .array(z.strictObject({ at: z.string().max(32), what: z.string().max(256) }))
    .max(20)
    .optional(),
  flags: z.strictObject({ vip: z.boolean(), abusive: z.boolean() }).partial().optional(),
  callingHours: z
    .strictObject({ from: z.string().max(5), to: z.string().max(5) })
    .nullable()
    .optional(),
});
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

export const customerCardSchema = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().max(256),
  phones: z
    .array(z.strictObject({ number: z.string().max(64), label: z.string().max(64).nullable() }))
    .max(20),
  preferredLanguage: languageSchema.nullable(),
  profile: customerProfileSchema,
});
export type CustomerCard = z.infer<typeof customerCardSchema>;

export const interactionSchema = z.strictObject({
  id: z.string().min(1).max(128),
  kind: z.string().max(32),
  at: timestampSchema,
  summary: z.string().max(4096),
});
export type Interaction = z.infer<typeof interactionSchema>;

/** A notice of the centre (policy or product change); mandatory ones must be acknowledged. */
export const centerNoticeSchema = z.strictObject({
  id: z.string().min(1).max(128),
  title: z.string().max(256),
  body: z.string().max(20_000),
  mandatory: z.boolean(),
  publishedAt: timestampSchema,
  acknowledgedAt: timestampSchema.nullable(),
});
export type CenterNotice = z.infer<typeof centerNoticeSchema>;

const hhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** A callback or re-contact task, as the agent's list shows it. */
export const callbackSchema = z.strictObject({
  id: z.string().uuid(),
  customerId: z.string().min(1).max(128).nullable(),
  number: z.string().min(1).max(64),
  reason: z.string().max(500),
  dueBy: timestampSchema,
  /** The next try (inside both windows), or null when none fits before the deadline. */
  scheduledAt: timestampSchema.nullable(),
  customerHours: z.strictObject({ from: hhmmSchema, to: hhmmSchema }).nullable(),
  status: z.enum(['open', 'done']),
  attempts: z.number().int().min(0),
});
export type Callback = z.infer<typeof callbackSchema>;

export const callbackRefusalSchema = z.enum([
  'in_past',
  'after_deadline',
  'outside_customer_hours',
  'outside_center_window',
]);
export const attemptOutcomeSchema = z.enum(['no_answer', 'phone_off', 'busy', 'reached']);

/** A call outcome from the CRM (상담 결과), labelled in both UI languages. */
export const dispositionSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  label: z.strictObject({ ko: z.string().max(128), en: z.string().max(128) }),
});
export type Disposition = z.infer<typeof dispositionSchema>;

/** An answered call still waiting for its disposition (후처리). */
export const wrapUpCallSchema = z.strictObject({
  callId: callIdSchema,
  direction: z.enum(['inbound', 'outbound']),
  remote: remotePartySchema,
  endedAt: timestampSchema,
});
export type WrapUpCall = z.infer<typeof wrapUpCallSchema>;

export const wrapUpStateSchema = z.strictObject({
  due: z.array(wrapUpCallSchema).max(50),
  dispositions: z.array(dispositionSchema).max(200),
});

/** One entry of the CRM's intent taxonomy (상담 유형), for tagging a note. */
export const intentSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  label: z.strictObject({ ko: z.string().max(128), en: z.string().max(128) }),
  group: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .nullable(),
});
export type Intent = z.infer<typeof intentSchema>;

/** An outbound script or a cross-sell prompt from the CRM, with its objection cards. */
export const callScriptSchema = z.strictObject({
  id: z.string().min(1).max(128),
  kind: z.enum(['outbound', 'cross_sell']),
  customerType: z.string().max(32).nullable(),
  title: z.string().max(256),
  body: z.string().max(8_000),
  objections: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(128),
        label: z.string().max(128),
        answer: z.string().max(2_000),
      }),
    )
    .max(30),
});
export type CallScript = z.infer<typeof callScriptSchema>;

/** A note changed here and in the CRM: both versions, for the agent to choose. */
export const noteConflictSchema = z.strictObject({
  noteId: z.string().uuid(),
  callId: callIdSchema.nullable(),
  mine: z.strictObject({ body: z.string().max(20_000), intentCode: z.string().max(64).nullable() }),
  theirs: z.strictObject({
    body: z.string().max(20_000),
    intentCode: z.string().max(64).nullable(),
    version: z.number().int().min(0),
  }),
  detectedAt: timestampSchema,
});
export type NoteConflict = z.infer<typeof noteConflictSchema>;

export const hotkeyActionSchema = z.enum(HOTKEY_ACTIONS);

/**
 * A hotkey in Electron's accelerator syntax, read by the grammar the renderer explains to the
 * agent (contract/hotkeys.ts) and normalised ("ctrl+alt+a" becomes "Control+Alt+A").
 */
export const acceleratorSchema = z
  .string()
  .max(ACCELERATOR_MAX_LENGTH)
  .transform((text, context) => {
    const parsed = parseAccelerator(text);
    if (parsed.ok) return parsed.accelerator;
    context.addIssue({ code: 'custom', message: `not a usable hotkey: ${parsed.problem}` });
    return z.NEVER;
  });

/** The key of each call control (받기, 끊기, 음소거, 보류). */
export const hotkeyBindingsSchema = z.strictObject({
  answer: acceleratorSchema,
  hangUp: acceleratorSchema,
  mute: acceleratorSchema,
  hold: acceleratorSchema,
});

/** One agent on the team lead's board (issue #8 item 2), as the centre server last heard. */
export const teamBoardRowSchema = z.strictObject({
  agentId: z.string().min(1).max(128),
  displayName: z.string().min(1).max(80),
  sipUri: z.string().min(1).max(256),
  /** null: the agent's app has not reported yet. */
  state: agentStateSchema.nullable(),
  reason: z.string().min(1).max(32).nullable(),
  since: timestampSchema.nullable(),
  /** End of the rest after an abusive call (epoch ms), or null. */
  recoveryUntil: timestampSchema.nullable(),
  /** When the agent's current call began, or null when not on a call. */
  callStartedAt: timestampSchema.nullable(),
  overdueCallbacks: z.number().int().min(0).max(100_000),
  /** When the agent's app took this picture (its own clock); the board marks old rows late. */
  updatedAt: timestampSchema.nullable(),
});
export type TeamBoardRow = z.infer<typeof teamBoardRowSchema>;

/** The lead's team board: small (one team), pushed whole on every change. */
export const teamBoardSchema = z.strictObject({
  /** The lead's team; null when this user is not a lead or no CRM is configured. */
  team: z.string().min(1).max(64).nullable(),
  /** Whether the live feed from the centre server is up (rows may be late when it is not). */
  live: z.boolean(),
  rows: z.array(teamBoardRowSchema).max(500),
});
export type TeamBoard = z.infer<typeof teamBoardSchema>;
