import type { Migration } from './index';

/**
 * `PRAGMA application_id` of every Sori Desk database ('Sori' in ASCII), so the file identifies
 * itself and the store can refuse somebody else's SQLite file instead of migrating it.
 */
export const SORI_DESK_APPLICATION_ID = 0x536f7269;

/*
 * Conventions for every table:
 * - STRICT, so a TEXT column never silently holds a number and vice versa.
 * - Times are INTEGER epoch milliseconds. No ordering CHECKs between them (answered_at >=
 *   started_at…): wall clocks step backwards, and refusing the row would lose data.
 * - JSON lives in TEXT columns guarded by json_valid().
 * - Every text column has an upper bound matching the contract's schemas, so a buggy or hostile
 *   caller cannot store megabytes through a field meant for a name.
 *
 * Customer phone numbers live in their own table (customer_phones), not in a JSON array on
 * customers: screen-pop is "which customer has this number?", asked on every incoming call, and
 * only a real column can carry an index for that lookup. `normalized` is the digits-and-plus form
 * the application derives (e.g. E.164); `number` keeps what the CRM sent for display.
 */
const SCHEMA = /* sql */ `
CREATE TABLE settings (
  key        TEXT    PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
  value      TEXT    NOT NULL CHECK (length(value) <= 65536 AND json_valid(value)),
  updated_at INTEGER NOT NULL CHECK (updated_at >= 0)
) STRICT;

CREATE TABLE accounts (
  id           INTEGER PRIMARY KEY,
  display_name TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
  sip_uri      TEXT    NOT NULL CHECK (length(sip_uri) BETWEEN 1 AND 256),
  ws_servers   TEXT    NOT NULL CHECK (length(ws_servers) <= 4096 AND json_valid(ws_servers)
                                       AND json_type(ws_servers) = 'array'),
  -- A reference into the OS-backed secret store. The password itself never touches SQLite.
  password_ref TEXT    CHECK (length(password_ref) BETWEEN 1 AND 256),
  created_at   INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at   INTEGER NOT NULL CHECK (updated_at >= 0)
) STRICT;

CREATE TABLE call_log (
  call_id             TEXT    PRIMARY KEY NOT NULL CHECK (length(call_id) BETWEEN 1 AND 128),
  direction           TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  remote_uri          TEXT    NOT NULL CHECK (length(remote_uri) <= 512),
  remote_display_name TEXT    CHECK (length(remote_display_name) <= 256),
  started_at          INTEGER NOT NULL CHECK (started_at >= 0),
  answered_at         INTEGER CHECK (answered_at >= 0),
  ended_at            INTEGER CHECK (ended_at >= 0),
  end_reason          TEXT    CHECK (end_reason IN ('local_hangup', 'remote_hangup', 'rejected', 'busy',
                                                    'no_answer', 'canceled', 'unavailable', 'not_found',
                                                    'failed')),
  account_id          INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
  -- A call is either still going (no end, no reason) or over (both).
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
) STRICT;
-- The call history list, newest first (rowid breaks ties and is part of every index).
CREATE INDEX call_log_started_at ON call_log (started_at DESC);
-- "Recent calls with this party" next to the screen-pop.
CREATE INDEX call_log_remote_uri ON call_log (remote_uri, started_at DESC);
CREATE INDEX call_log_account_id ON call_log (account_id) WHERE account_id IS NOT NULL;

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        INTEGER NOT NULL CHECK (at >= 0),
  actor     TEXT    NOT NULL CHECK (length(actor) BETWEEN 1 AND 128),
  action    TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 128),
  subject   TEXT    CHECK (length(subject) <= 256),
  detail    TEXT    NOT NULL CHECK (length(detail) <= 65536 AND json_valid(detail)),
  -- SHA-256 hex of the previous row's hash (64 zeros for the first row) and of this row.
  prev_hash TEXT    NOT NULL CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
  hash      TEXT    NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*')
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TABLE customers (
  id           TEXT    PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
  display_name TEXT    NOT NULL CHECK (length(display_name) <= 256),
  updated_at   INTEGER NOT NULL CHECK (updated_at >= 0),
  -- The CRM's revision counter for this record; a pulled copy replaces ours only if newer.
  crm_version  INTEGER NOT NULL CHECK (crm_version >= 0)
) STRICT;

CREATE TABLE customer_phones (
  customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  number      TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 64),
  normalized  TEXT NOT NULL CHECK (length(normalized) BETWEEN 1 AND 32
                                   AND normalized NOT GLOB '*[^0-9+]*'),
  label       TEXT CHECK (length(label) <= 64),
  PRIMARY KEY (customer_id, normalized)
) STRICT, WITHOUT ROWID;
-- Screen-pop: incoming number -> customer.
CREATE INDEX customer_phones_normalized ON customer_phones (normalized);

CREATE TABLE interactions (
  id          TEXT    PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
  customer_id TEXT    NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  -- Not a foreign key: the CRM reports calls other agents and devices made, which are not in
  -- this call_log, and the local log may be pruned.
  call_id     TEXT    CHECK (length(call_id) BETWEEN 1 AND 128),
  kind        TEXT    NOT NULL CHECK (length(kind) BETWEEN 1 AND 32 AND kind NOT GLOB '*[^a-z_]*'),
  at          INTEGER NOT NULL CHECK (at >= 0),
  summary     TEXT    NOT NULL CHECK (length(summary) <= 4096)
) STRICT;
-- The customer's history in the screen-pop, newest first.
CREATE INDEX interactions_customer_at ON interactions (customer_id, at DESC);
CREATE INDEX interactions_call_id ON interactions (call_id) WHERE call_id IS NOT NULL;

CREATE TABLE notes (
  -- Generated on this machine (a UUID) so a note can be written offline and pushed later.
  id          TEXT    PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
  -- SET NULL, not CASCADE: a customer removed by a CRM pull must not take an agent's note with it.
  customer_id TEXT    REFERENCES customers (id) ON DELETE SET NULL,
  -- Not a foreign key, for the same reasons as interactions.call_id.
  call_id     TEXT    CHECK (length(call_id) BETWEEN 1 AND 128),
  body        TEXT    NOT NULL CHECK (length(body) <= 20000),
  created_at  INTEGER NOT NULL CHECK (created_at >= 0),
  updated_at  INTEGER NOT NULL CHECK (updated_at >= 0),
  -- pending: changed locally, not yet accepted by the CRM; synced: the CRM has this version;
  -- conflict: the CRM changed it too; rejected: the CRM refused it for good.
  sync_state  TEXT    NOT NULL DEFAULT 'pending'
                      CHECK (sync_state IN ('pending', 'synced', 'conflict', 'rejected'))
) STRICT;
CREATE INDEX notes_customer_updated ON notes (customer_id, updated_at DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX notes_call_id ON notes (call_id) WHERE call_id IS NOT NULL;
-- The sync engine's "what still needs attention" scan stays small however many notes are synced.
CREATE INDEX notes_unsynced ON notes (sync_state) WHERE sync_state <> 'synced';

CREATE TABLE outbox (
  -- AUTOINCREMENT: ids are never reused, so id order is creation order even after deletions.
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT    NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  payload         TEXT    NOT NULL CHECK (length(payload) <= 1048576 AND json_valid(payload)),
  created_at      INTEGER NOT NULL CHECK (created_at >= 0),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL CHECK (next_attempt_at >= 0),
  last_error      TEXT    CHECK (length(last_error) <= 2048)
) STRICT;
-- The sync engine's "next due item" query: WHERE next_attempt_at <= now ORDER BY next_attempt_at, id.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id);
`;

/** Migration 1: the first schema. Immutable: it has shipped. */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SCHEMA);
    db.pragma(`application_id = ${SORI_DESK_APPLICATION_ID}`);
  },
};
