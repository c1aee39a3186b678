import { z } from 'zod';

/*
 * The bodies of the CRM API the desktop writes so far (notes, team-lead alerts); the full contract
 * with its OpenAPI document grows here with issue #5. Responses are parsed with z.object, not
 * z.strictObject: a newer CRM may add fields, and that must not stop an older desktop syncing.
 */

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
