import type { Migration } from './index';

/**
 * Migration 8: 후처리 (after-call work) with a mandatory disposition (issue #5, item 8). An
 * answered call whose queue has dispositions is due for one (`wrap_up_due`) until the agent picks
 * it; the agent cannot go Ready while any call is due. Immutable once shipped.
 */
export const wrapUp: Migration = {
  version: 8,
  name: 'wrap-up',
  up(db) {
    db.exec(`
      ALTER TABLE call_log ADD COLUMN wrap_up_due INTEGER NOT NULL DEFAULT 0
        CHECK (wrap_up_due IN (0, 1));
      -- "Is a disposition still missing?", asked whenever the agent asks for Ready.
      CREATE INDEX call_log_wrap_up_due ON call_log (started_at) WHERE wrap_up_due = 1;

      CREATE TABLE call_dispositions (
        call_id     TEXT    PRIMARY KEY NOT NULL CHECK (length(call_id) BETWEEN 1 AND 128),
        code        TEXT    NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
        customer_id TEXT    CHECK (length(customer_id) BETWEEN 1 AND 128),
        at          INTEGER NOT NULL CHECK (at >= 0)
      ) STRICT;
    `);
  },
};
