import type { Migration } from './index';

/**
 * Migration 10: how the account sends DTMF (issue #6, item 1). RFC 4733 telephone events in the
 * RTP stream by default; SIP INFO for PBXes that only read DTMF from signalling. Existing
 * accounts keep working as before (RFC 4733). Immutable once shipped.
 */
export const accountDtmf: Migration = {
  version: 10,
  name: 'account-dtmf',
  up(db) {
    db.exec(`
      ALTER TABLE accounts ADD COLUMN dtmf_mode TEXT NOT NULL DEFAULT 'rfc4733'
        CHECK (dtmf_mode IN ('rfc4733', 'info'));
    `);
  },
};
