import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { getSetting, setSetting } from '../db/repositories/settings';
import type { TeamRole } from '../../preload/contract';
import type { CrmClient } from './crmClient';
import { crmIdentitySchema, type CrmIdentity } from './crmContract';

/** The settings key of the cached GET /v1/me answer. */
export const CRM_IDENTITY_SETTING = 'crmIdentity';
/** How often a running sync asks again (a lead's role or team changes rarely, but must apply). */
export const IDENTITY_REFRESH_MS = 5 * 60_000;

const storedSchema = crmIdentitySchema.extend({ fetchedAt: z.number().int().min(0) });
export type StoredCrmIdentity = z.infer<typeof storedSchema>;

/**
 * Who the CRM says the token's user is (role, team), as last fetched; null when never fetched,
 * forgotten (token changed, signed out) or unreadable. Only the CRM grants a role: there is no
 * local switch, and a missing answer means "no team known".
 */
export function cachedCrmIdentity(db: Database): StoredCrmIdentity | null {
  const parsed = storedSchema.safeParse(getSetting<unknown>(db, CRM_IDENTITY_SETTING));
  return parsed.success ? parsed.data : null;
}

/** The user's role and team (what 'team:getRole' answers and 'team:role' pushes), or null. */
export function cachedTeamRole(db: Database): TeamRole | null {
  const identity = cachedCrmIdentity(db);
  if (!identity) return null;
  return {
    role: identity.role,
    team: identity.team,
    leadId: identity.role === 'lead' ? identity.agentId : null,
  };
}

export function forgetCrmIdentity(db: Database): void {
  setSetting(db, CRM_IDENTITY_SETTING, null);
}

/**
 * Notes the role now, before something that may fetch, store or forget the identity; then
 * `changed()` gives the new role if the role, team or lead id differs, else undefined. Whoever
 * changes the identity uses it to tell the rest of main and the window ('team:role').
 */
export function markTeamRole(db: Database): { changed(): { role: TeamRole | null } | undefined } {
  const before = JSON.stringify(cachedTeamRole(db));
  return {
    changed() {
      const role = cachedTeamRole(db);
      return JSON.stringify(role) === before ? undefined : { role };
    },
  };
}

/**
 * Asks the CRM who the token's user is and caches the answer. A refusal of the request (4xx,
 * an older CRM without /v1/me) forgets what was cached, so a lead whose role was taken away
 * does not keep it; a network problem keeps the last answer. Throws CrmError like the client.
 */
export async function refreshCrmIdentity(
  db: Database,
  client: CrmClient,
  now: () => number = Date.now,
): Promise<CrmIdentity> {
  const identity = await client.request({
    method: 'GET',
    path: '/v1/me',
    response: crmIdentitySchema,
  });
  setSetting(db, CRM_IDENTITY_SETTING, {
    agentId: identity.agentId,
    sipUri: identity.sipUri,
    displayName: identity.displayName,
    role: identity.role,
    team: identity.team,
    fetchedAt: now(),
  } satisfies StoredCrmIdentity);
  return identity;
}
