import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';

describe('migration 0011: health check results', () => {
  it('adds the table to a version-10 database and refuses rows that make no sense', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0011-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 10))).toHaveLength(10);
    expect(migrate(db, migrations.slice(0, 11))).toHaveLength(1);
    const insert = db.prepare(
      'INSERT INTO health_checks (started_at, finished_at, passed, items) VALUES (?, ?, ?, ?)',
    );
    insert.run(1, 2, 1, '[]');
    expect(() => insert.run(5, 2, 1, '[]')).toThrow(/CHECK/);
    expect(() => insert.run(1, 2, 2, '[]')).toThrow(/CHECK/);
    expect(() => insert.run(1, 2, 0, 'not json')).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM health_checks').pluck().get()).toBe(1);
    db.close();
  });
});
