import type { Migration } from './index';

/**
 * Migration 4: the customer card the screen pop shows (issue #5, item 5). The CRM's fields for
 * the card (segment, type, sign-up channel, age band, tenure, products, recent changes, flags,
 * calling hours) arrive as one JSON document, validated by the sync before it is stored; the
 * preferred language gets its own column because the SIP layer needs it per call (the recording
 * notice is played in it). Immutable once shipped.
 */
export const customerProfile: Migration = {
  version: 4,
  name: 'customer-profile',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN profile TEXT NOT NULL DEFAULT '{}'
        CHECK (length(profile) <= 65536 AND json_valid(profile));
      ALTER TABLE customers ADD COLUMN preferred_language TEXT
        CHECK (preferred_language IN ('ko', 'en'));
    `);
  },
};
