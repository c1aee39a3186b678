import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';
import { closeCall, listCalls, openCall } from '../../../../main/db/repositories/callLog';

describe('migration 0013: transferred calls', () => {
  it('rebuilds call_log on a version-12 database keeping every row, column and index, and accepts transferred', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0013-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 12))).toHaveLength(12);
    db.exec(`
      INSERT INTO accounts (id, display_name, sip_uri, ws_servers, created_at, updated_at)
        VALUES (1, '상담원', 'sip:1001@pbx', '["wss://pbx"]', 1, 1);
      INSERT INTO call_log (call_id, direction, remote_uri, remote_display_name, started_at,
                            answered_at, ended_at, end_reason, account_id, abusive, wrap_up_due)
        VALUES ('old-1', 'inbound', 'sip:01012345678@pbx', '고객', 10, 11, 20, 'local_hangup', 1, 1, 1),
               ('old-2', 'outbound', 'sip:2001@pbx', NULL, 30, NULL, NULL, NULL, NULL, 0, 0);
    `);
    const indexesBefore = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'call_log' AND sql IS NOT NULL ORDER BY name",
      )
      .pluck()
      .all();
    const rowsBefore = db.prepare('SELECT rowid, * FROM call_log ORDER BY call_id').all();
    expect(() =>
      db
        .prepare(
          "UPDATE call_log SET ended_at = 40, end_reason = 'transferred' WHERE call_id = 'old-2'",
        )
        .run(),
    ).toThrow(/CHECK/);

    expect(migrate(db, migrations.slice(0, 13))).toEqual([13]);
    expect(db.prepare('SELECT rowid, * FROM call_log ORDER BY call_id').all()).toEqual(rowsBefore);
    expect(
      db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'call_log' AND sql IS NOT NULL ORDER BY name",
        )
        .pluck()
        .all(),
    ).toEqual(indexesBefore);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // The repository closes a call as transferred; the old constraints still hold.
    expect(closeCall(db, 'old-2', 40, 'transferred')).toBe(true);
    expect(listCalls(db, 10).find((c) => c.callId === 'old-2')).toMatchObject({
      endReason: 'transferred',
      endedAt: 40,
    });
    openCall(db, {
      callId: 'new-1',
      direction: 'inbound',
      remote: { uri: 'sip:2002@pbx', displayName: null },
      startedAt: 50,
    });
    expect(() =>
      db
        .prepare(
          "UPDATE call_log SET end_reason = 'hung_up', ended_at = 60 WHERE call_id = 'new-1'",
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("UPDATE call_log SET end_reason = 'transferred' WHERE call_id = 'new-1'").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("UPDATE call_log SET abusive = 2 WHERE call_id = 'old-1'").run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
