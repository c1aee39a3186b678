import type { Migration } from './index';

/**
 * Migration 9: a note edited here and in the CRM at the same time (issue #5, item 3). The CRM's
 * version is kept next to ours until the agent picks one; the write that met the conflict stays
 * parked in the outbox meanwhile. Immutable once shipped.
 */
export const noteConflicts: Migration = {
  version: 9,
  name: 'note-conflicts',
  up(db) {
    db.exec(`
      CREATE TABLE note_conflicts (
        note_id         TEXT    PRIMARY KEY NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
        crm_version     INTEGER NOT NULL CHECK (crm_version >= 0),
        crm_body        TEXT    NOT NULL CHECK (length(crm_body) <= 20000),
        crm_intent_code TEXT    CHECK (length(crm_intent_code) <= 64),
        detected_at     INTEGER NOT NULL CHECK (detected_at >= 0)
      ) STRICT;
    `);
  },
};
