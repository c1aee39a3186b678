import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';

describe('migration 0004: customer profile', () => {
  it('gives cached customers an empty profile and guards the new columns', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0004-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 3))).toEqual([1, 2, 3]);
    db.prepare(
      "INSERT INTO customers (id, display_name, updated_at, crm_version) VALUES ('c1', '김민준', 1, 1)",
    ).run();
    expect(migrate(db, migrations.slice(0, 4))).toEqual([4]);
    expect(db.prepare('SELECT profile, preferred_language FROM customers').get()).toEqual({
      profile: '{}',
      preferred_language: null,
    });
    expect(() => db.prepare("UPDATE customers SET profile = 'not json'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE customers SET preferred_language = 'jp'").run()).toThrow(
      /CHECK/,
    );
    db.close();
  });
});
