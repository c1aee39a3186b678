import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';

describe('migration 0006: callbacks', () => {
  it('adds callbacks and their attempts, with hours given as a pair or not at all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0006-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(migrate(db, migrations.slice(0, 6))).toEqual([6]);
    const insert = db.prepare(
      `INSERT INTO callbacks (id, number, reason, due_by, customer_hours_from, customer_hours_to, created_at)
       VALUES (?, '010-1234-5678', '', 10, ?, ?, 1)`,
    );
    insert.run('cb1', '18:00', '21:00');
    insert.run('cb2', null, null);
    expect(() => insert.run('cb3', '18:00', null)).toThrow(/CHECK/);
    expect(() => insert.run('cb4', '6pm', '21:00')).toThrow(/CHECK/);
    db.prepare(
      "INSERT INTO callback_attempts (callback_id, at, outcome) VALUES ('cb1', 2, 'busy')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO callback_attempts (callback_id, at, outcome) VALUES ('nope', 2, 'busy')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
