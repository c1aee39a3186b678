import type { Migration } from './index';

/**
 * Migration 14: a write queued by an agent who has since signed out keeps that agent's CRM token
 * (`token_ref`, a reference into the secret store), so it reaches the CRM under its author's
 * name even when the next agent on this desktop is signed in by then. NULL: the signed-in
 * agent's token, as before. Immutable once shipped.
 */
export const outboxAuthorToken: Migration = {
  version: 14,
  name: 'outbox-author-token',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN token_ref TEXT
        CHECK (token_ref IS NULL OR length(token_ref) BETWEEN 1 AND 256);
      -- "Does any queued write still need this signed-out agent's token?"
      CREATE INDEX outbox_token_ref ON outbox (token_ref) WHERE token_ref IS NOT NULL;
    `);
  },
};
