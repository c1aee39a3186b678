import type { Migration } from './index';

/**
 * Migration 11: the pre-Ready health check's results, kept for IT (issue #6, item 6). One row per
 * run; the items (server, registration, microphone, media relay) as JSON, validated by the
 * contract before they are stored. Immutable once shipped.
 */
export const healthChecks: Migration = {
  version: 11,
  name: 'health-checks',
  up(db) {
    db.exec(`
      CREATE TABLE health_checks (
        id          INTEGER PRIMARY KEY,
        started_at  INTEGER NOT NULL CHECK (started_at >= 0),
        finished_at INTEGER NOT NULL CHECK (finished_at >= started_at),
        passed      INTEGER NOT NULL CHECK (passed IN (0, 1)),
        items       TEXT    NOT NULL CHECK (json_valid(items))
      ) STRICT;
    `);
  },
};
