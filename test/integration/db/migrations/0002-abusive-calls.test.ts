import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { initial } from '../../../../main/db/migrations/0001-initial';
import { abusiveCalls } from '../../../../main/db/migrations/0002-abusive-calls';

describe('migration 0002: abusive calls', () => {
  it('adds call_log.abusive (default 0, only 0 or 1) to a database with calls, keeping them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0002-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, [initial])).toEqual([1]);
    db.prepare(
      "INSERT INTO call_log (call_id, direction, remote_uri, started_at) VALUES ('old', 'inbound', 'sip:2001@x', 1)",
    ).run();
    expect(migrate(db, [initial, abusiveCalls])).toEqual([2]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT abusive FROM call_log WHERE call_id = 'old'").get()).toEqual({
      abusive: 0,
    });
    db.prepare("UPDATE call_log SET abusive = 1 WHERE call_id = 'old'").run();
    expect(() => db.prepare("UPDATE call_log SET abusive = 2 WHERE call_id = 'old'").run()).toThrow(
      /CHECK/,
    );
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'call_log'")
      .pluck()
      .all();
    expect(indexes).toContain('call_log_abusive');
    db.close();
  });
});
