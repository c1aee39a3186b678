import type { Migration } from './index';

/**
 * Migration 7: what the CRM change feed fills besides customers and interactions (issue #5,
 * item 3). `last_contact_at` lets retention purge customers nobody has talked to for longer
 * than the policy allows; the intent taxonomy, dispositions and scripts are small reference
 * lists kept as validated JSON by kind and code. Immutable once shipped.
 */
export const crmCache: Migration = {
  version: 7,
  name: 'crm-cache',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN last_contact_at INTEGER CHECK (last_contact_at >= 0);
      -- Retention: "customers not contacted since …", scanned after every pull.
      CREATE INDEX customers_last_contact ON customers (last_contact_at);

      CREATE TABLE crm_catalog (
        kind TEXT NOT NULL CHECK (kind IN ('intent', 'disposition', 'script')),
        code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 128),
        data TEXT NOT NULL CHECK (length(data) <= 65536 AND json_valid(data)),
        PRIMARY KEY (kind, code)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
