import type { Migration } from './index';

/**
 * Migration 13: a call handed on by a transfer (호전환) ends as `transferred`, not as the
 * agent's hang-up: the history and the call counts must tell them apart. SQLite cannot change a
 * CHECK constraint in place, so call_log is rebuilt with the wider one (same columns, same rows,
 * same indexes; no table refers to it). Immutable once shipped.
 */
export const transferredCalls: Migration = {
  version: 13,
  name: 'transferred-calls',
  up(db) {
    db.exec(`
      CREATE TABLE call_log_next (
        call_id             TEXT    PRIMARY KEY NOT NULL CHECK (length(call_id) BETWEEN 1 AND 128),
        direction           TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        remote_uri          TEXT    NOT NULL CHECK (length(remote_uri) <= 512),
        remote_display_name TEXT    CHECK (length(remote_display_name) <= 256),
        started_at          INTEGER NOT NULL CHECK (started_at >= 0),
        answered_at         INTEGER CHECK (answered_at >= 0),
        ended_at            INTEGER CHECK (ended_at >= 0),
        end_reason          TEXT    CHECK (end_reason IN ('local_hangup', 'remote_hangup',
                                                          'transferred', 'rejected', 'busy',
                                                          'no_answer', 'canceled', 'unavailable',
                                                          'not_found', 'failed')),
        account_id          INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
        abusive             INTEGER NOT NULL DEFAULT 0 CHECK (abusive IN (0, 1)),
        wrap_up_due         INTEGER NOT NULL DEFAULT 0 CHECK (wrap_up_due IN (0, 1)),
        -- A call is either still going (no end, no reason) or over (both).
        CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      ) STRICT;
      -- rowid too: the history breaks ties of started_at by it.
      INSERT INTO call_log_next (rowid, call_id, direction, remote_uri, remote_display_name, started_at,
                                 answered_at, ended_at, end_reason, account_id, abusive,
                                 wrap_up_due)
        SELECT rowid, call_id, direction, remote_uri, remote_display_name, started_at, answered_at,
               ended_at, end_reason, account_id, abusive, wrap_up_due
        FROM call_log;
      DROP TABLE call_log;
      ALTER TABLE call_log_next RENAME TO call_log;
      CREATE INDEX call_log_started_at ON call_log (started_at DESC);
      CREATE INDEX call_log_remote_uri ON call_log (remote_uri, started_at DESC);
      CREATE INDEX call_log_account_id ON call_log (account_id) WHERE account_id IS NOT NULL;
      CREATE INDEX call_log_abusive ON call_log (abusive, started_at) WHERE abusive = 1;
      CREATE INDEX call_log_wrap_up_due ON call_log (started_at) WHERE wrap_up_due = 1;
    `);
  },
};
