import type { Migration } from './index';

/**
 * Migration 5: the centre's notices board (issue #5, item 11): policy and product changes from
 * the CRM, some mandatory. An agent who has not acknowledged a mandatory notice may not go
 * Ready, so nobody answers customers with outdated information. Immutable once shipped.
 */
export const centerNotices: Migration = {
  version: 5,
  name: 'center-notices',
  up(db) {
    db.exec(`
      CREATE TABLE center_notices (
        id              TEXT    PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
        title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 256),
        body            TEXT    NOT NULL CHECK (length(body) <= 20000),
        mandatory       INTEGER NOT NULL CHECK (mandatory IN (0, 1)),
        published_at    INTEGER NOT NULL CHECK (published_at >= 0),
        acknowledged_at INTEGER CHECK (acknowledged_at >= 0)
      ) STRICT;
      -- "Is there a mandatory notice I have not acknowledged?", asked whenever the agent goes Ready.
      CREATE INDEX center_notices_unacknowledged ON center_notices (mandatory)
        WHERE acknowledged_at IS NULL;
    `);
  },
};
