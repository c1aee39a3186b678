import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';

describe('migration 0008: wrap-up', () => {
  it('marks no existing call as due, and keeps one disposition per call', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0008-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 7))).toHaveLength(7);
    db.prepare(
      `INSERT INTO call_log (call_id, direction, remote_uri, started_at, answered_at, ended_at, end_reason)
       VALUES ('old', 'inbound', 'sip:2001@x', 1, 2, 3, 'remote_hangup')`,
    ).run();
    expect(migrate(db, migrations.slice(0, 8))).toEqual([8]);
    expect(db.prepare("SELECT wrap_up_due FROM call_log WHERE call_id = 'old'").pluck().get()).toBe(
      0,
    );
    const insert = db.prepare(
      "INSERT INTO call_dispositions (call_id, code, at) VALUES ('old', ?, 4)",
    );
    insert.run('resolved');
    expect(() => insert.run('other')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare('UPDATE call_log SET wrap_up_due = 2').run()).toThrow(/CHECK/);
    db.close();
  });
});
