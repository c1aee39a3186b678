import type { Migration } from './index';

/**
 * Migration 6: callbacks and re-contact tasks (issue #5, item 9): who to call back, by when
 * (e.g. a contract re-recording due within four days), inside which of the customer's hours, and
 * every attempt with its outcome. Immutable once shipped.
 */
export const callbacks: Migration = {
  version: 6,
  name: 'callbacks',
  up(db) {
    db.exec(`
      CREATE TABLE callbacks (
        id                  TEXT    PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
        customer_id         TEXT    CHECK (length(customer_id) BETWEEN 1 AND 128),
        number              TEXT    NOT NULL CHECK (length(number) BETWEEN 1 AND 64),
        reason              TEXT    NOT NULL CHECK (length(reason) <= 500),
        due_by              INTEGER NOT NULL CHECK (due_by >= 0),
        -- The next try, always inside the customer's hours and the centre's window.
        scheduled_at        INTEGER CHECK (scheduled_at >= 0),
        customer_hours_from TEXT    CHECK (customer_hours_from GLOB '[0-2][0-9]:[0-5][0-9]'),
        customer_hours_to   TEXT    CHECK (customer_hours_to GLOB '[0-2][0-9]:[0-5][0-9]'),
        status              TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        created_at          INTEGER NOT NULL CHECK (created_at >= 0),
        CHECK ((customer_hours_from IS NULL) = (customer_hours_to IS NULL))
      ) STRICT;
      -- The agent's list: open callbacks by deadline.
      CREATE INDEX callbacks_open_due ON callbacks (due_by) WHERE status = 'open';

      CREATE TABLE callback_attempts (
        id          INTEGER PRIMARY KEY,
        callback_id TEXT    NOT NULL REFERENCES callbacks (id) ON DELETE CASCADE,
        at          INTEGER NOT NULL CHECK (at >= 0),
        outcome     TEXT    NOT NULL CHECK (outcome IN ('no_answer', 'phone_off', 'busy', 'reached'))
      ) STRICT;
      CREATE INDEX callback_attempts_callback ON callback_attempts (callback_id, at);
    `);
  },
};
