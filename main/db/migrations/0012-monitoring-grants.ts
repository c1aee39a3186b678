import type { Migration } from './index';

/**
 * Migration 12: the monitoring grants this agent's app has honoured (issue #8). A grant is good
 * for one use: its id (jti) is kept here until well after it expired, so the same grant sent
 * again is refused as replayed, also after a restart. Rows hold who and what, never the grant
 * text. Immutable once shipped.
 */
export const monitoringGrants: Migration = {
  version: 12,
  name: 'monitoring-grants',
  up(db) {
    db.exec(`
      CREATE TABLE monitoring_grants (
        jti        TEXT    PRIMARY KEY CHECK (length(jti) BETWEEN 16 AND 128),
        lead_id    TEXT    NOT NULL CHECK (length(lead_id) BETWEEN 1 AND 128),
        agent      TEXT    NOT NULL CHECK (length(agent) BETWEEN 1 AND 256),
        mode       TEXT    NOT NULL CHECK (mode IN ('listen', 'whisper', 'barge')),
        expires_at INTEGER NOT NULL CHECK (expires_at >= 0),
        used_at    INTEGER NOT NULL CHECK (used_at >= 0)
      ) STRICT, WITHOUT ROWID;
      -- The opportunistic clean-up deletes by expiry.
      CREATE INDEX monitoring_grants_expiry ON monitoring_grants (expires_at);
    `);
  },
};
