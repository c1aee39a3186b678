import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';

describe('migration 0005: centre notices', () => {
  it('adds the notices board with its checks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0005-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 4))).toEqual([1, 2, 3, 4]);
    expect(migrate(db, migrations.slice(0, 5))).toEqual([5]);
    db.prepare(
      "INSERT INTO center_notices (id, title, body, mandatory, published_at) VALUES ('n1', '공지', '', 1, 1)",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO center_notices (id, title, body, mandatory, published_at) VALUES ('n2', '공지', '', 2, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
