import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';
import {
  isGrantUsed,
  pruneUsedGrants,
  recordGrantUse,
} from '../../../../main/db/repositories/monitoringGrants';

describe('migration 0012: used monitoring grants', () => {
  it('adds the table to a version-11 database, one row per jti, and refuses rows that make no sense', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0012-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 11))).toHaveLength(11);
    expect(migrate(db, migrations.slice(0, 12))).toHaveLength(1);
    const insert = db.prepare(
      'INSERT INTO monitoring_grants (jti, lead_id, agent, mode, expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const jti = 'j'.repeat(24);
    insert.run(jti, 'lead-7', 'sip:1001@pbx', 'listen', 10, 5);
    expect(() => insert.run(jti, 'lead-7', 'sip:1001@pbx', 'listen', 10, 5)).toThrow(
      /UNIQUE|PRIMARY/,
    );
    expect(() => insert.run('short', 'lead-7', 'sip:1001@pbx', 'listen', 10, 5)).toThrow(/CHECK/);
    expect(() => insert.run('k'.repeat(24), '', 'sip:1001@pbx', 'listen', 10, 5)).toThrow(/CHECK/);
    expect(() => insert.run('k'.repeat(24), 'l', 'sip:1001@pbx', 'spy', 10, 5)).toThrow(/CHECK/);
    expect(() => insert.run('k'.repeat(24), 'l', 'sip:1001@pbx', 'barge', -1, 5)).toThrow(/CHECK/);
    expect(() => insert.run('k'.repeat(24), 'l', 'sip:1001@pbx', 'barge', 'ten', 5)).toThrow(
      /cannot store TEXT value in INTEGER column|datatype/,
    );

    // The repository: used once, pruned only after expiry.
    recordGrantUse(db, {
      jti: 'm'.repeat(24),
      leadId: 'lead-7',
      agent: 'sip:1001@pbx',
      mode: 'whisper',
      expiresAt: 1_000,
      usedAt: 900,
    });
    expect(isGrantUsed(db, 'm'.repeat(24))).toBe(true);
    expect(isGrantUsed(db, 'n'.repeat(24))).toBe(false);
    expect(pruneUsedGrants(db, 1_000)).toBe(1); // the first row (expires_at 10)
    expect(isGrantUsed(db, 'm'.repeat(24))).toBe(true);
    expect(pruneUsedGrants(db, 1_001)).toBe(1);
    expect(isGrantUsed(db, 'm'.repeat(24))).toBe(false);
    db.close();
  });
});
