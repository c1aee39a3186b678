import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';

describe('migration 0010: DTMF mode per account', () => {
  it('keeps an existing account on RFC 4733 and accepts only the two known modes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0010-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 9))).toHaveLength(9);
    db.prepare(
      `INSERT INTO accounts (id, display_name, sip_uri, ws_servers, created_at, updated_at)
       VALUES (1, '상담사', 'sip:1001@example.test', '["wss://sip.example.test"]', 1, 1)`,
    ).run();
    expect(migrate(db, migrations.slice(0, 10))).toHaveLength(1);
    expect(db.prepare('SELECT dtmf_mode FROM accounts WHERE id = 1').pluck().get()).toBe('rfc4733');
    db.prepare("UPDATE accounts SET dtmf_mode = 'info' WHERE id = 1").run();
    expect(() => db.prepare("UPDATE accounts SET dtmf_mode = 'inband' WHERE id = 1").run()).toThrow(
      /CHECK/,
    );
    db.close();
  });
});
