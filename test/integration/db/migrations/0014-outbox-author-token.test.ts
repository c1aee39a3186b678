import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';
import { replaceOutbox } from '../../../../main/db/repositories/outbox';

describe('migration 0014: the author token of a queued write', () => {
  it('adds token_ref to a version-13 outbox (null for what was queued), bounded, and presence replacement spares it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0014-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, migrations.slice(0, 13))).toHaveLength(13);
    const insert = (kind: string) =>
      db
        .prepare(
          "INSERT INTO outbox (kind, payload, created_at, next_attempt_at, idempotency_key) VALUES (?, '{}', 1, 1, ?)",
        )
        .run(kind, `key-${kind}-0123456789`);
    insert('note.create');
    expect(migrate(db, migrations.slice(0, 14))).toEqual([14]);
    expect(db.prepare('SELECT token_ref FROM outbox').pluck().all()).toEqual([null]);
    expect(() => db.prepare("UPDATE outbox SET token_ref = ''").run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE outbox SET token_ref = ?').run('r'.repeat(257))).toThrow(
      /CHECK/,
    );

    // A signed-out agent's last presence stays queued when the next agent's replaces theirs.
    replaceOutbox(db, 'agent_presence', { who: 'first' }, 2);
    db.prepare("UPDATE outbox SET token_ref = 'secret-ref-1' WHERE kind = 'agent_presence'").run();
    replaceOutbox(db, 'agent_presence', { who: 'second' }, 3);
    replaceOutbox(db, 'agent_presence', { who: 'second, later' }, 4);
    expect(
      db
        .prepare("SELECT payload, token_ref FROM outbox WHERE kind = 'agent_presence' ORDER BY id")
        .all(),
    ).toEqual([
      { payload: '{"who":"first"}', token_ref: 'secret-ref-1' },
      { payload: '{"who":"second, later"}', token_ref: null },
    ]);
    db.close();
  });
});
