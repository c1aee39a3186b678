import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';

describe('migration 0009: note conflicts', () => {
  it("keeps the CRM's version next to a note, and goes with the note", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0009-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 9))).toHaveLength(9);
    db.prepare(
      "INSERT INTO notes (id, body, created_at, updated_at, sync_state) VALUES ('n1', '내 메모', 1, 1, 'conflict')",
    ).run();
    const insert = db.prepare(
      'INSERT INTO note_conflicts (note_id, crm_version, crm_body, detected_at) VALUES (?, 2, ?, 3)',
    );
    insert.run('n1', 'CRM 메모');
    expect(() => insert.run('missing', 'x')).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM notes WHERE id = 'n1'").run();
    expect(db.prepare('SELECT count(*) FROM note_conflicts').pluck().get()).toBe(0);
    db.close();
  });
});
