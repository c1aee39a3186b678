import type { Migration } from './index';

/**
 * Migration 3: what intent notes and the CRM sync need (issue #5).
 * - notes get the CRM's intent code and the CRM's revision of the note (for conflict detection).
 * - note_drafts: the note being typed on a call, saved as the agent types, one per call, so a
 *   crash or kill -9 loses nothing; it becomes a note (and an outbox write) when submitted.
 * - outbox rows get an idempotency key (sent as Idempotency-Key, so a write whose response was
 *   lost is never applied twice) and the entity they change, so writes to the same entity are
 *   sent strictly in order while unrelated ones are not held up. Older rows get a fresh key.
 * Immutable once shipped.
 */
export const notesAndSync: Migration = {
  version: 3,
  name: 'notes-and-sync',
  up(db) {
    db.exec(`
      ALTER TABLE notes ADD COLUMN intent_code TEXT CHECK (length(intent_code) BETWEEN 1 AND 64);
      ALTER TABLE notes ADD COLUMN crm_version INTEGER CHECK (crm_version >= 0);

      CREATE TABLE note_drafts (
        call_id     TEXT    PRIMARY KEY NOT NULL CHECK (length(call_id) BETWEEN 1 AND 128),
        customer_id TEXT    CHECK (length(customer_id) BETWEEN 1 AND 128),
        intent_code TEXT    CHECK (length(intent_code) BETWEEN 1 AND 64),
        body        TEXT    NOT NULL CHECK (length(body) <= 20000),
        updated_at  INTEGER NOT NULL CHECK (updated_at >= 0)
      ) STRICT;

      ALTER TABLE outbox ADD COLUMN idempotency_key TEXT
        CHECK (length(idempotency_key) BETWEEN 16 AND 64);
      ALTER TABLE outbox ADD COLUMN entity TEXT CHECK (length(entity) BETWEEN 1 AND 160);
      UPDATE outbox SET idempotency_key = lower(hex(randomblob(16))) WHERE idempotency_key IS NULL;
      CREATE UNIQUE INDEX outbox_idempotency_key ON outbox (idempotency_key);
      CREATE INDEX outbox_entity ON outbox (entity, id) WHERE entity IS NOT NULL;
    `);
  },
};
