import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';

describe('migration 0007: crm cache', () => {
  it('adds last contact to customers and the CRM reference lists, valid JSON by kind only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0007-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 6))).toEqual([1, 2, 3, 4, 5, 6]);
    db.prepare(
      "INSERT INTO customers (id, display_name, updated_at, crm_version) VALUES ('c1', '김민서', 1, 1)",
    ).run();
    expect(migrate(db, migrations.slice(0, 7))).toEqual([7]);
    expect(db.prepare("SELECT last_contact_at FROM customers WHERE id = 'c1'").pluck().get()).toBe(
      null,
    );
    const insert = db.prepare('INSERT INTO crm_catalog (kind, code, data) VALUES (?, ?, ?)');
    insert.run('intent', 'billing.inquiry', '{"code":"billing.inquiry"}');
    expect(() => insert.run('weather', 'x', '{}')).toThrow(/CHECK/);
    expect(() => insert.run('script', 'x', 'not json')).toThrow(/CHECK/);
    expect(() =>
      db.prepare("UPDATE customers SET last_contact_at = -1 WHERE id = 'c1'").run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
