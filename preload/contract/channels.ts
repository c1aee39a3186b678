import { z } from 'zod';
import {
  pinnedSettingsSchema,
  policyStatusSchema,
  accountSchema,
  attemptOutcomeSchema,
  callbackRefusalSchema,
  callbackSchema,
  centerNoticeSchema,
  customerCardSchema,
  interactionSchema,
  syncStatusSchema,
  noteDraftSchema,
  personalDataFindingSchema,
  agentStatusSchema,
  notReadyReasonSchema,
  callDirectionSchema,
  callEndReasonSchema,
  callIdSchema,
  callLogEntrySchema,
  languagePreferenceSchema,
  languageSchema,
  noticeSchema,
  remotePartySchema,
  settingsSchema,
  sha256Schema,
  protectionStepSchema,
  protectionStateSchema,
  sipHeaderNameSchema,
  noticeFailureSchema,
  sipCredentialsSchema,
  timestampSchema,
  wrapUpStateSchema,
  intentSchema,
  callScriptSchema,
  noteConflictSchema,
  audioDevicesSchema,
  healthCheckRunSchema,
  healthCheckResultSchema,
  hotkeyBindingsSchema,
  monitorModeSchema,
  sipUriSchema,
  teamBoardSchema,
  teamRoleSchema,
} from './schemas';

const none = z.strictObject({});

/**
 * Every request/response channel between the renderer and main, as `domain:verb`.
 * Requests are one object (never positional arguments) and strict: unknown keys are refused.
 * The preload API method for `domain:verb` is `api.domain.verb(request)`.
 */
export const channels = {
  /** Which shell hosts the app, its version, and the language the UI should use. */
  'app:getInfo': {
    request: none,
    response: z.strictObject({
      version: z.string(),
      shell: z.enum(['electron', 'chromium']),
      language: languageSchema,
    }),
  },
  /** Things the user must be told once at start-up (e.g. a corrupt database was moved aside). */
  'app:getNotices': {
    request: none,
    response: z.array(noticeSchema),
  },

  /** The renderer answers `app:willQuit` with this once it has unregistered and stopped media. */
  'app:readyToQuit': {
    request: none,
    response: none,
  },

  'settings:get': {
    request: none,
    response: settingsSchema,
  },
  'settings:setLanguage': {
    request: z.strictObject({ language: languagePreferenceSchema }),
    response: z.strictObject({ language: languageSchema }),
  },
  /**
   * Echo cancellation, noise suppression and gain control on the microphone. On by default;
   * off only for headsets with their own processing (and in audio tests, whose steady test tones
   * these filters treat as noise).
   */
  'settings:setMicProcessing': {
    request: z.strictObject({ enabled: z.boolean() }),
    response: settingsSchema,
  },
  /** Start the app at OS login. SETTING_MANAGED when the machine policy pins another value. */
  'settings:setStartAtLogin': {
    request: z.strictObject({ enabled: z.boolean() }),
    response: settingsSchema,
  },

  /**
   * The audio devices chosen on this machine (a profile is per machine): microphone, call audio
   * and ringer. Null entries mean the system default.
   */
  'audioDevices:get': {
    request: none,
    response: audioDevicesSchema,
  },
  'audioDevices:set': {
    request: audioDevicesSchema,
    response: audioDevicesSchema,
  },

  /** The agent's SIP account without its password; null before first set-up. */
  'account:get': {
    request: none,
    response: accountSchema.extend({ hasPassword: z.boolean() }).nullable(),
  },
  /** Save the account. `password` omitted keeps the stored one. */
  'account:save': {
    request: accountSchema.extend({ password: z.string().min(1).max(256).optional() }).strict(),
    response: accountSchema.extend({ hasPassword: z.boolean() }),
  },
  /** What JsSIP needs to register, password included. Only the app's own window may ask. */
  'account:getCredentials': {
    request: none,
    response: sipCredentialsSchema,
  },
  /**
   * Sign out: the SIP account, its password and the CRM token are forgotten (the first-run form
   * follows). `purge` (forced by the policy's `dataAtRest.purgeOnSignOut`) also deletes the
   * cached customers, their history, synced notes and delivered callbacks; writes the CRM does not
   * have yet are always kept. Audited, with counts.
   */
  'account:signOut': {
    request: z.strictObject({ purge: z.boolean() }),
    response: z.strictObject({
      purged: z.boolean(),
      removed: z.strictObject({
        customers: z.number().int().min(0),
        interactions: z.number().int().min(0),
        notes: z.number().int().min(0),
        callbacks: z.number().int().min(0),
      }),
      kept: z.strictObject({
        notes: z.number().int().min(0),
        drafts: z.number().int().min(0),
        callbacks: z.number().int().min(0),
        outbox: z.number().int().min(0),
      }),
    }),
  },

  'callLog:open': {
    request: z.strictObject({
      callId: callIdSchema,
      direction: callDirectionSchema,
      remote: remotePartySchema,
      startedAt: timestampSchema,
    }),
    response: z.strictObject({ callId: callIdSchema }),
  },
  'callLog:markAnswered': {
    request: z.strictObject({ callId: callIdSchema, answeredAt: timestampSchema }),
    response: z.strictObject({ callId: callIdSchema }),
  },
  'callLog:close': {
    request: z.strictObject({
      callId: callIdSchema,
      endedAt: timestampSchema,
      endReason: callEndReasonSchema,
    }),
    response: z.strictObject({ callId: callIdSchema }),
  },
  'callLog:list': {
    request: z.strictObject({ limit: z.number().int().min(1).max(500) }),
    response: z.array(callLogEntrySchema),
  },

  /**
   * The recording notice audio for a language, verified against its manifest checksum by main.
   * Fails with NOTICE_INVALID when the file is missing or its checksum does not match.
   */
  'notice:load': {
    request: z.strictObject({ language: languageSchema }),
    response: z.strictObject({
      language: languageSchema,
      sha256: sha256Schema,
      /** The WAV file, base64. */
      audio: z.string().max(8_000_000),
    }),
  },
  /**
   * Proof for one call: the notice played from start to end, or why it could not play. Main turns
   * this into an audit row; the renderer cannot write audit rows any other way.
   */
  'notice:report': {
    request: z.discriminatedUnion('outcome', [
      z.strictObject({
        outcome: z.literal('played'),
        callId: callIdSchema,
        language: languageSchema,
        sha256: sha256Schema,
        startedAt: timestampSchema,
        endedAt: timestampSchema,
      }),
      z.strictObject({
        /** The PBX played the notice; this call carried its proof header, so the app did not. */
        outcome: z.literal('pbx_played'),
        callId: callIdSchema,
        language: languageSchema,
        header: sipHeaderNameSchema,
        at: timestampSchema,
      }),
      z.strictObject({
        outcome: z.literal('failed'),
        callId: callIdSchema,
        language: languageSchema,
        failure: noticeFailureSchema,
        at: timestampSchema,
      }),
    ]),
    response: none,
  },

  /** A protection message (warning, termination) for a language, checksum-verified like the notice. */
  'protection:loadMessage': {
    request: z.strictObject({ language: languageSchema, step: protectionStepSchema }),
    response: z.strictObject({
      language: languageSchema,
      step: protectionStepSchema,
      sha256: sha256Schema,
      audio: z.string().max(8_000_000),
    }),
  },
  /** Policy and the agent's recovery state. */
  'protection:getState': {
    request: none,
    response: protectionStateSchema,
  },
  /**
   * A protection message has played to the customer on a call. Main checks the step is allowed
   * (order, policy), audits it, and for `terminate`/`harassment` marks the call abusive, queues
   * the team-lead alert and starts the agent's recovery, all in one transaction. Refused with
   * STEP_NOT_ALLOWED when out of order.
   */
  'protection:recordStep': {
    request: z.strictObject({
      callId: callIdSchema,
      step: protectionStepSchema,
      language: languageSchema,
      startedAt: timestampSchema,
      endedAt: timestampSchema,
    }),
    response: protectionStateSchema,
  },
  /** Ends the recovery early, only where the policy allows it (else STEP_NOT_ALLOWED). */
  'protection:endRecovery': {
    request: none,
    response: protectionStateSchema,
  },

  /**
   * Client-side recording (machine policy `recording.enabled`): the renderer's MediaRecorder of
   * both sides, handed to main chunk by chunk and encrypted there at rest. Start, pauses, resumes
   * and stop are audited; RECORDING_DISABLED when the policy does not record.
   */
  'recording:start': {
    request: z.strictObject({
      callId: callIdSchema,
      mimeType: z.string().regex(/^audio\/[a-z0-9.+-]+(;\s*codecs=[a-z0-9.,+-]+)?$/i),
    }),
    response: none,
  },
  /** One chunk, in order from 0; a gap or repeat is refused (OUT_OF_ORDER) rather than stored. */
  'recording:append': {
    request: z.strictObject({
      callId: callIdSchema,
      seq: z.number().int().min(0).max(1_000_000),
      data: z
        .string()
        .min(1)
        .max(4_000_000)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/),
    }),
    response: none,
  },
  /** The agent paused the recording (a card number is being read out) or resumed it. */
  'recording:pause': {
    request: z.strictObject({ callId: callIdSchema, at: timestampSchema }),
    response: none,
  },
  'recording:resume': {
    request: z.strictObject({ callId: callIdSchema, at: timestampSchema }),
    response: none,
  },
  'recording:stop': {
    request: z.strictObject({ callId: callIdSchema }),
    response: z.strictObject({ chunks: z.number().int().min(0), bytes: z.number().int().min(0) }),
  },

  /** The agent's state (대기 / 이석 / 휴식 after an abusive call). */
  'agentState:get': {
    request: none,
    response: agentStatusSchema,
  },
  /**
   * Asks for Ready or Not Ready (with a reason). Main refuses Ready while a recording notice
   * fails its checksum or the agent rests; the refusal is in `readyBlockedBy`, and audited.
   */
  'agentState:set': {
    request: z.discriminatedUnion('state', [
      z.strictObject({ state: z.literal('ready') }),
      z.strictObject({ state: z.literal('notReady'), reason: notReadyReasonSchema }),
    ]),
    response: agentStatusSchema,
  },

  /**
   * Re-computes the audit log's hash chain (the team lead's check; also `npm run audit:verify`)
   * and names the first broken link.
   */
  'audit:verify': {
    request: none,
    response: z.strictObject({
      entries: z.number().int().min(0),
      brokenAt: z
        .strictObject({
          id: z.number().int().min(0),
          at: timestampSchema.nullable(),
          action: z.string().max(128).nullable(),
        })
        .nullable(),
    }),
  },

  /** The note being typed on a call, saved as the agent types (survives a crash). */
  'notes:saveDraft': {
    request: noteDraftSchema,
    response: z.strictObject({ savedAt: timestampSchema }),
  },
  'notes:getDraft': {
    request: z.strictObject({ callId: callIdSchema }),
    response: noteDraftSchema.extend({ updatedAt: timestampSchema }).nullable(),
  },
  /** Notes never submitted (closed or crashed first), newest first: offered again at start-up. */
  'notes:listDrafts': {
    request: z.strictObject({ limit: z.number().int().min(1).max(50) }),
    response: z.array(noteDraftSchema.extend({ updatedAt: timestampSchema })).max(50),
  },
  /**
   * Saves the note (and queues it for the CRM). Refused with the findings when it holds personal
   * data (resident registration, card, account or phone numbers, e-mail), unless the agent
   * overrides with a reason; the override is audited (kinds and reason, never the values).
   */
  'notes:submit': {
    request: noteDraftSchema.extend({
      override: z.strictObject({ reason: z.string().trim().min(5).max(500) }).nullable(),
    }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('saved'), noteId: z.string().uuid() }),
      z.strictObject({
        status: z.literal('blocked'),
        findings: z.array(personalDataFindingSchema).max(200),
      }),
    ]),
  },

  /** Notes the CRM changed too (sync banner: 충돌 N건), each with both versions. */
  'notes:conflicts': {
    request: none,
    response: z.array(noteConflictSchema).max(100),
  },
  /**
   * The agent's choice for one: keep mine (sent as an edit of the CRM's version) or take the
   * CRM's (replaces ours here). Audited.
   */
  'notes:resolveConflict': {
    request: z.strictObject({ noteId: z.string().uuid(), keep: z.enum(['mine', 'theirs']) }),
    response: z.array(noteConflictSchema).max(100),
  },
  /**
   * Exports the evidence of a call (audit segment, notice proof, warnings, notes, recording,
   * checksums and a standalone verifier) into a new folder; the export is audited.
   */
  'evidence:export': {
    request: z.strictObject({ callId: callIdSchema }),
    response: z.strictObject({ folder: z.string().max(4096), files: z.number().int().min(0) }),
  },
  /**
   * Writes a diagnostics file for IT (versions, OS, policy and its source, database counts, the
   * account without password, last health check, sync status, redacted logs; no customer data)
   * and says where it went.
   */
  'diagnostics:export': {
    request: none,
    response: z.strictObject({ file: z.string().max(4096), bytes: z.number().int().min(0) }),
  },

  /** The agent's figures since `since` (their local midnight): calls, handle time, notes to sync. */
  'stats:personal': {
    request: z.strictObject({ since: timestampSchema }),
    response: z.strictObject({
      calls: z.number().int().min(0),
      answered: z.number().int().min(0),
      averageHandleSeconds: z.number().int().min(0).nullable(),
      notesPending: z.number().int().min(0),
      callbacksDue: z.number().int().min(0),
    }),
  },

  /** The CRM sync's state now (then pushed as `sync:status` when it changes). */
  'sync:getStatus': {
    request: none,
    response: syncStatusSchema,
  },
  /** Stores the agent's CRM access token in the OS secret store and syncs at once. */
  'sync:setToken': {
    request: z.strictObject({
      token: z
        .string()
        .min(8)
        .max(4096)
        .regex(/^[\x21-\x7e]+$/),
    }),
    response: syncStatusSchema,
  },

  /**
   * Screen pop from the local cache: the customer an IVR identified (`customerId`, from the SIP
   * header the policy names), else the customers with the carrier-asserted number, else with the
   * From number (SIP URIs or typed numbers, normalised to E.164 with Korea as the default
   * region); and the last 20 interactions of the first match. Works whether or not the CRM is
   * reachable.
   */
  'crm:lookup': {
    request: z.strictObject({
      number: z.string().min(1).max(512),
      assertedNumber: z.string().min(1).max(512).optional(),
      customerId: z
        .string()
        .regex(/^[A-Za-z0-9._:-]{1,128}$/)
        .optional(),
    }),
    response: z.strictObject({
      matches: z.array(customerCardSchema).max(10),
      history: z.array(interactionSchema).max(20),
    }),
  },
  /**
   * 신규 고객: registers the caller of an unknown number in the cache at once (so the card, notes
   * and callbacks can name them) and queues the new customer for the CRM.
   */
  'crm:createCustomer': {
    request: z.strictObject({
      name: z.string().trim().min(1).max(256),
      number: z.string().min(1).max(512),
      preferredLanguage: languageSchema.nullable(),
    }),
    response: customerCardSchema,
  },
  /**
   * The customer's last 20 interactions after asking the CRM for its latest (when reachable);
   * the cached ones when it is not. Never fails for a CRM problem.
   */
  'crm:refreshHistory': {
    request: z.strictObject({ customerId: z.string().min(1).max(128) }),
    response: z.array(interactionSchema).max(20),
  },
  /** The last 20 interactions of a customer (after the agent picked one of several matches). */
  'crm:history': {
    request: z.strictObject({ customerId: z.string().min(1).max(128) }),
    response: z.array(interactionSchema).max(20),
  },

  /** The CRM's intent taxonomy from the cache (상담 유형), for the note's intent select. */
  'crm:intents': {
    request: none,
    response: z.array(intentSchema).max(1000),
  },

  /**
   * The CRM's scripts of one kind for a customer type (those for every type included): outbound
   * scripts while dialling out, the cross-sell prompt at the end of an inbound call.
   */
  'crm:scripts': {
    request: z.strictObject({
      kind: z.enum(['outbound', 'cross_sell']),
      customerType: z.string().max(32).nullable(),
    }),
    response: z.array(callScriptSchema).max(100),
  },

  /** The centre's notices board, newest first. */
  'centerNotices:list': {
    request: none,
    response: z.array(centerNoticeSchema).max(100),
  },
  /** The agent has read it; queued for the CRM. An unacknowledged mandatory notice blocks Ready. */
  'centerNotices:acknowledge': {
    request: z.strictObject({ id: z.string().min(1).max(128) }),
    response: z.array(centerNoticeSchema).max(100),
  },

  /**
   * Schedules a callback. Refused with the reason when `at` is outside the customer's hours or
   * the centre's outbound window, or after the deadline; the refusal proposes the first time that
   * fits (or null: nothing fits before the deadline).
   */
  'callbacks:create': {
    request: z.strictObject({
      customerId: z.string().min(1).max(128).nullable(),
      number: z.string().min(1).max(64),
      reason: z.string().max(500),
      dueBy: timestampSchema,
      at: timestampSchema,
      customerHours: callbackSchema.shape.customerHours,
    }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('created'), callback: callbackSchema }),
      z.strictObject({
        status: z.literal('refused'),
        reason: callbackRefusalSchema,
        suggestion: timestampSchema.nullable(),
      }),
    ]),
  },
  /** Open callbacks by deadline (then the latest done ones). */
  'callbacks:list': {
    request: none,
    response: z.array(callbackSchema).max(500),
  },
  /** An attempt and its outcome; a failed one proposes the next try inside both windows. */
  'callbacks:recordAttempt': {
    request: z.strictObject({ id: z.string().uuid(), outcome: attemptOutcomeSchema }),
    response: callbackSchema,
  },

  /** 후처리: the answered calls still waiting for a disposition, and this queue's dispositions. */
  'wrapUp:get': {
    request: none,
    response: wrapUpStateSchema,
  },
  /**
   * Records a call's disposition (one per call), queues it for the CRM and clears the call from
   * 후처리. Refused for a code that is not one of this queue's dispositions.
   */
  'wrapUp:setDisposition': {
    request: z.strictObject({
      callId: callIdSchema,
      code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
      customerId: z.string().min(1).max(128).nullable(),
    }),
    response: wrapUpStateSchema,
  },

  /** Keeps one run of the pre-Ready health check for IT (audited; the last is shown). */
  'healthCheck:record': {
    request: healthCheckRunSchema,
    response: healthCheckResultSchema,
  },
  /** The last health check run on this machine, or null. */
  'healthCheck:last': {
    request: none,
    response: healthCheckResultSchema.nullable(),
  },

  /** The keys of 받기, 끊기, 음소거 and 보류: the agent's own, else the defaults. */
  'hotkeys:get': {
    request: none,
    response: hotkeyBindingsSchema,
  },
  /**
   * Replaces all four (normalised; a key the grammar in contract/hotkeys.ts refuses is an
   * INVALID_REQUEST). Refused with HOTKEY_CONFLICT when two actions would share one key. Audited;
   * pushed as `hotkeys:changed`.
   */
  'hotkeys:set': {
    request: hotkeyBindingsSchema,
    response: hotkeyBindingsSchema,
  },

  /** What the machine policy (set by IT) asks of the renderer. */
  'policy:get': {
    request: none,
    response: z.strictObject({
      /**
       * Whether IT's policy file could be used. Invalid: calling is disabled (fail closed) and
       * `problems` lists what is wrong, "path: message" each, for the agent to pass on to IT.
       */
      status: policyStatusSchema,
      /** The settings IT pins, with their values: shown as managed by the organisation. */
      pinned: pinnedSettingsSchema,
      /** Features IT switched on or off for this machine. */
      features: z.strictObject({
        globalHotkeys: z.boolean(),
        headsetButtons: z.boolean(),
        desktopNotifications: z.boolean(),
      }),
      recordingNotice: z.strictObject({
        /** When set, calls carrying this SIP header with the value `played` skip the in-app notice. */
        pbxProofHeader: sipHeaderNameSchema.nullable(),
      }),
      /** Whether the app records calls itself (encrypted, with pause for sensitive moments). */
      recording: z.strictObject({ enabled: z.boolean() }),
      /** The SIP header an IVR puts the caller's CRM id in, or null. */
      screenPop: z.strictObject({ customerIdHeader: sipHeaderNameSchema.nullable() }),
      /** Whether incoming calls are answered without a click, and after how long. */
      autoAnswer: z.strictObject({
        mode: z.enum(['off', 'header', 'always']),
        delaySeconds: z.number().int().min(0).max(10),
      }),
      /** STUN servers for calls, and how long ICE gathering may hold back an offer or answer. */
      media: z.strictObject({
        stunServers: z
          .array(
            z
              .string()
              .regex(/^stuns?:/)
              .max(260),
          )
          .max(4),
        iceGatheringCapMs: z.number().int().min(250).max(10_000),
      }),
      /** How often the app pings the SIP server to find a dead connection, in seconds. */
      signalling: z.strictObject({ keepaliveSeconds: z.number().int().min(5).max(300) }),
      /** The health check's test call to the media relay (an echo or test number), or null. */
      healthCheck: z.strictObject({ mediaTestUri: z.string().max(256).nullable() }),
      /**
       * Team-lead monitoring: whether the agent is shown that they are monitored, and whether
       * the app mixes the lead in ('endpoint') or the lead dials a PBX feature code (the codes
       * are prefixed to the agent's extension).
       */
      monitoring: z.strictObject({
        indicator: z.boolean(),
        mode: z.enum(['endpoint', 'pbx-feature-code']),
        featureCodes: z
          .strictObject({
            listen: z.string().max(8),
            whisper: z.string().max(8),
            barge: z.string().max(8),
          })
          .nullable(),
      }),
    }),
  },

  /**
   * Agent's side of team-lead monitoring (issue #8). A lead's monitoring request for a call
   * carries a grant from the CRM; main checks it (signature against the policy's keys, lifetime,
   * this agent, this agent's team, the mode, used once) and answers with a session, or refuses
   * with MONITOR_REFUSED (`message`: one of monitorRefusalSchema). Either way it is audited
   * (`monitoring.started` / `monitoring.mode_changed` / `monitoring.refused`). A mode switch is a
   * new authorize with a new grant for the same lead and call: it keeps the session id.
   * `indicator`: show the agent that they are monitored (machine policy).
   */
  'monitoring:authorize': {
    request: z.strictObject({
      grant: z
        .string()
        .min(1)
        .max(4096)
        .regex(/^[\x21-\x7e]+$/),
      callId: callIdSchema,
      mode: monitorModeSchema,
    }),
    response: z.strictObject({
      sessionId: z.string().uuid(),
      lead: z.strictObject({
        id: z.string().min(1).max(128),
        displayName: z.string().min(1).max(80),
      }),
      mode: monitorModeSchema,
      indicator: z.boolean(),
    }),
  },
  /** The monitoring session ended (audited with its duration). NOT_FOUND for an unknown session. */
  'monitoring:ended': {
    request: z.strictObject({ sessionId: z.string().uuid(), endedAt: timestampSchema }),
    response: none,
  },
  /**
   * Lead's side: asks the CRM for a grant to monitor an agent (the CRM checks that the user is a
   * lead and the agent in their team). Audited as `monitoring.requested`. MONITOR_REFUSED with
   * `message` 'not_permitted' (the CRM said no), 'unauthorized' (no or refused token), 'no_crm'
   * (no CRM in the policy) or 'crm_unavailable' (unreachable, error, bad answer).
   */
  'monitoring:requestGrant': {
    request: z.strictObject({ agentSipUri: sipUriSchema, mode: monitorModeSchema }),
    response: z.strictObject({ grant: z.string().min(1).max(4096) }),
  },
  /**
   * Lead's side in PBX feature-code mode (policy monitoring.mode 'pbx-feature-code'): the code
   * to dial before the agent's extension for `mode` (the PBX does the monitoring). Audited as
   * `monitoring.requested`. MONITOR_REFUSED 'not_pbx_mode' or 'not_permitted' (not a lead).
   */
  'monitoring:featureCode': {
    request: z.strictObject({ agentSipUri: sipUriSchema, mode: monitorModeSchema }),
    response: z.strictObject({ featureCode: z.string().regex(/^[0-9*#]{1,8}$/) }),
  },
  /** The user's role and team as the CRM last said; null when unknown (changes: 'team:role'). */
  'team:getRole': {
    request: none,
    response: teamRoleSchema.nullable(),
  },

  /**
   * The lead's team board as main holds it now (the window's start; changes come as 'team:board').
   * Empty, with team null, for a user who is not a lead or without a CRM.
   */
  'team:getBoard': {
    request: none,
    response: teamBoardSchema,
  },

  /** Renderer diagnostics into main's redacting logger. */
  'log:write': {
    request: z.strictObject({
      level: z.enum(['debug', 'info', 'warn', 'error']),
      scope: z.string().regex(/^[a-z][a-zA-Z0-9.-]{0,31}$/),
      message: z.string().max(2000),
    }),
    response: none,
  },
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;

export const channelNames = Object.keys(channels) as ChannelName[];
