import type { Migration } from './index';

/**
 * Migration 2: calls ended under the agent-protection flow are marked abusive (evidence, stats,
 * and so a later sync can tell the CRM). Immutable once shipped.
 */
export const abusiveCalls: Migration = {
  version: 2,
  name: 'abusive-calls',
  up(db) {
    db.exec(`
      ALTER TABLE call_log ADD COLUMN abusive INTEGER NOT NULL DEFAULT 0 CHECK (abusive IN (0, 1));
      CREATE INDEX call_log_abusive ON call_log (abusive, started_at) WHERE abusive = 1;
    `);
  },
};
