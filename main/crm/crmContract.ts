import { z } from 'zod';
import { customerProfileSchema } from '../../preload/contract';

/*
 * The CRM API as the desktop uses it; `openapi.yaml` next to this file is the same contract for
 * the CRM team, and a test checks the reference CRM against both. What the desktop sends is
 * z.strictObject; what it receives is z.object: a newer CRM may add fields, and that must not
 * stop an older desktop syncing. Every string and list is bounded, since a broken CRM must not
 * be able to fill the cache with megabytes through a name.
 */

const idSchema = z.string().min(1).max(128);
const epochMsSchema = z.number().int().min(0).max(8.64e15);
const codeSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
const labelSchema = z.object({ ko: z.string().min(1).max(128), en: z.string().min(1).max(128) });

// ---- Read side: the change feed that fills the local cache --------------------------------------

export const crmCustomerSchema = z.object({
  id: idSchema,
  /** The CRM's revision of this record; the cache keeps the highest it has seen. */
  version: z.number().int().min(0),
  name: z.string().max(256),
  phones: z
    .array(z.object({ number: z.string().min(1).max(64), label: z.string().max(64).nullable() }))
    .max(20),
  preferredLanguage: z.enum(['ko', 'en']).nullable(),
  profile: customerProfileSchema,
  /** Last call, visit or chat (epoch ms); retention keeps customers contacted recently. */
  lastContactAt: epochMsSchema.nullable(),
  updatedAt: epochMsSchema,
});
export type CrmCustomer = z.infer<typeof crmCustomerSchema>;

export const crmInteractionSchema = z.object({
  id: idSchema,
  customerId: idSchema,
  callId: idSchema.nullable(),
  kind: z.string().regex(/^[a-z_]{1,32}$/),
  at: epochMsSchema,
  summary: z.string().max(4096),
});
export type CrmInteraction = z.infer<typeof crmInteractionSchema>;

export const crmNoticeSchema = z.object({
  id: idSchema,
  title: z.string().min(1).max(256),
  body: z.string().max(20_000),
  mandatory: z.boolean(),
  publishedAt: epochMsSchema,
});

/** The intent taxonomy agents tag notes with (e.g. billing.refund). */
export const crmIntentSchema = z.object({
  code: codeSchema,
  label: labelSchema,
  /** Groups the select (e.g. billing); null at the top level. */
  group: codeSchema.nullable(),
});

/** Call outcomes; one is mandatory at wrap-up. `queues` empty means every queue and campaign. */
export const crmDispositionSchema = z.object({
  code: codeSchema,
  label: labelSchema,
  queues: z.array(codeSchema).max(100),
});

/**
 * Outbound scripts per customer type, with {{field}} substitution, objection cards, and the
 * cross-sell prompt offered at the end of inbound calls.
 */
export const crmScriptSchema = z.object({
  id: idSchema,
  kind: z.enum(['outbound', 'cross_sell']),
  /** null: for every customer type. */
  customerType: z.string().max(32).nullable(),
  title: z.string().min(1).max(256),
  body: z.string().max(8_000),
  objections: z
    .array(
      z.object({ id: idSchema, label: z.string().min(1).max(128), answer: z.string().max(2_000) }),
    )
    .max(30),
});

/** One entry of the change feed: the record as it is now, or `data: null` when it was deleted. */
const change = <E extends string, S extends z.ZodType>(entity: E, data: S) =>
  z.object({ entity: z.literal(entity), id: idSchema, data: data.nullable() });

export const crmChangeSchema = z.discriminatedUnion('entity', [
  change('customer', crmCustomerSchema),
  change('interaction', crmInteractionSchema),
  change('notice', crmNoticeSchema),
  change('intent', crmIntentSchema),
  change('disposition', crmDispositionSchema),
  change('script', crmScriptSchema),
]);
export type CrmChange = z.infer<typeof crmChangeSchema>;

/** GET /v1/customers/{id}/interactions: a customer's history, newest first, in pages. */
export const interactionPageSchema = z.object({
  interactions: z.array(crmInteractionSchema).max(100),
  nextCursor: z.string().max(256).nullable(),
});

/** Changes never leave more than this per page, so applying one page is a short transaction. */
export const MAX_CHANGES_PER_PAGE = 1000;

/** GET /v1/changes?cursor=&limit=&scope=&days=: the changes after `cursor`, oldest first. */
export const changePageSchema = z.object({
  changes: z.array(crmChangeSchema).max(MAX_CHANGES_PER_PAGE),
  nextCursor: z.string().min(1).max(256),
  hasMore: z.boolean(),
});
export type ChangePage = z.infer<typeof changePageSchema>;

// ---- Write side ----------------------------------------------------------------------------------

export const noteWriteSchema = z.strictObject({
  id: z.string().uuid(),
  customerId: z.string().min(1).max(128).nullable(),
  callId: z.string().min(1).max(128),
  intentCode: z.string().max(64).nullable(),
  body: z.string().max(20_000),
  createdAt: z.number().int().min(0),
});
export type NoteWrite = z.infer<typeof noteWriteSchema>;

export const noteSchema = z.object({
  id: z.string().uuid(),
  version: z.number().int().min(0),
});

/** PUT /v1/notes/{id} with If-Match: the version the edit was based on. */
export const noteUpdateSchema = z.strictObject({
  id: z.string().uuid(),
  intentCode: z.string().max(64).nullable(),
  body: z.string().max(20_000),
});

/** The body of a 409 to a note edit: the CRM's current version, to show next to ours. */
export const noteConflictSchema = z.object({
  note: z.object({
    id: z.string().uuid(),
    version: z.number().int().min(0),
    body: z.string().max(20_000),
    intentCode: z.string().max(64).nullable().optional(),
  }),
});
export const noteResponseSchema = z.object({ note: noteSchema });

export const teamLeadAlertSchema = z.strictObject({
  callId: z.string().min(1).max(128),
  reason: z.enum(['abuse', 'sexual_harassment']),
  warnings: z.number().int().min(0),
  at: z.number().int().min(0),
  recoveryUntil: z.number().int().min(0),
});
export const alertResponseSchema = z.object({ alert: z.object({ id: z.string().min(1) }) });

/** GET /v1/ping: reachable and the token accepted (when there is nothing to send). */
export const pingResponseSchema = z.object({ ok: z.literal(true) });

/** POST /v1/notices/{id}/ack: the agent read a centre notice. */
export const noticeAckSchema = z.strictObject({
  noticeId: z.string().min(1).max(128),
  at: z.number().int().min(0),
});
export const noticeAckResponseSchema = z.object({ ok: z.literal(true) });

/** POST /v1/dispositions: the outcome the agent chose at wrap-up (후처리). */
export const dispositionWriteSchema = z.strictObject({
  callId: z.string().min(1).max(128),
  customerId: z.string().min(1).max(128).nullable(),
  code: codeSchema,
  at: epochMsSchema,
});

/** POST /v1/callbacks: a callback or re-contact task the agent scheduled. */
export const callbackWriteSchema = z.strictObject({
  id: z.string().uuid(),
  customerId: z.string().min(1).max(128).nullable(),
  number: z.string().min(1).max(64),
  reason: z.string().max(500),
  dueBy: epochMsSchema,
  scheduledAt: epochMsSchema.nullable(),
});

/** POST /v1/callbacks/{id}/attempts: one try and its outcome. */
export const callbackAttemptWriteSchema = z.strictObject({
  callbackId: z.string().uuid(),
  at: epochMsSchema,
  outcome: z.enum(['no_answer', 'phone_off', 'busy', 'reached']),
  nextAttemptAt: epochMsSchema.nullable(),
});

/** The answer to writes that create nothing the desktop needs to remember. */
export const okResponseSchema = z.object({ ok: z.literal(true) });

/** POST /v1/customers: a caller the agent registered on the call (신규 고객). */
export const newCustomerWriteSchema = z.strictObject({
  id: z.string().uuid(),
  name: z.string().min(1).max(256),
  phone: z.string().min(1).max(64),
});

// ---- Team leads: who the token's user is, and monitoring grants (issue #8) ---------------------

/** GET /v1/me: the user the token belongs to; their role and team are the CRM's to grant. */
export const crmIdentitySchema = z.object({
  agentId: idSchema,
  sipUri: z.string().min(1).max(256),
  displayName: z.string().min(1).max(80),
  role: z.enum(['agent', 'lead']),
  team: z.string().min(1).max(64),
});
export type CrmIdentity = z.infer<typeof crmIdentitySchema>;

/** POST /v1/monitoring/grants: a lead asks for a short-lived grant to monitor one agent. */
export const monitoringGrantRequestSchema = z.strictObject({
  agent: z.string().min(1).max(256),
  mode: z.enum(['listen', 'whisper', 'barge']),
});
export const monitoringGrantResponseSchema = z.object({
  grant: z.string().min(1).max(4096),
});

// ---- Team board (issue #8 item 2): agents publish presence, leads follow their team ---------

const presenceStateSchema = z.enum(['ready', 'notReady', 'wrapUp', 'recovery']);

/**
 * POST /v1/presence: the agent's state as the team board shows it. Latest wins (by `at`); no
 * customer data and no phone numbers, only the agent's own state, times and a count.
 */
export const presenceWriteSchema = z.strictObject({
  state: presenceStateSchema,
  reason: z.string().min(1).max(32).nullable(),
  since: epochMsSchema,
  recoveryUntil: epochMsSchema.nullable(),
  call: z.strictObject({ startedAt: epochMsSchema }).nullable(),
  overdueCallbacks: z.number().int().min(0).max(100_000),
  /** When the desktop took this picture: the CRM keeps the newest per agent. */
  at: epochMsSchema,
});
export type PresenceWrite = z.infer<typeof presenceWriteSchema>;

/** One agent of the lead's team, as the CRM last heard (state null: no report yet). */
export const teamBoardAgentSchema = z.object({
  agentId: idSchema,
  displayName: z.string().min(1).max(80),
  sipUri: z.string().min(1).max(256),
  state: presenceStateSchema.nullable(),
  reason: z.string().min(1).max(32).nullable(),
  since: epochMsSchema.nullable(),
  recoveryUntil: epochMsSchema.nullable(),
  callStartedAt: epochMsSchema.nullable(),
  overdueCallbacks: z.number().int().min(0).max(100_000),
  /** The desktop's `at` of the presence this row comes from. */
  updatedAt: epochMsSchema.nullable(),
});
export type TeamBoardAgent = z.infer<typeof teamBoardAgentSchema>;

/** GET /v1/team/board: the lead's own team now, and the event id the stream goes on from. */
export const teamBoardSnapshotSchema = z.object({
  team: z.string().min(1).max(64),
  agents: z.array(teamBoardAgentSchema).max(500),
  lastEventId: z.string().max(64),
});
