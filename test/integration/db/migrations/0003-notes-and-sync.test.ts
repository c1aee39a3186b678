import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { initial } from '../../../../main/db/migrations/0001-initial';
import { abusiveCalls } from '../../../../main/db/migrations/0002-abusive-calls';
import { notesAndSync } from '../../../../main/db/migrations/0003-notes-and-sync';

describe('migration 0003: notes and sync', () => {
  it('keys existing outbox rows, adds drafts and note intents, and keeps existing notes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0003-'));
    const db = openDatabase(path.join(dir, 'test.sqlite'));
    expect(migrate(db, [initial, abusiveCalls])).toEqual([1, 2]);
    for (let i = 0; i < 3; i++) {
      db.prepare(
        "INSERT INTO outbox (kind, payload, created_at, next_attempt_at) VALUES ('team_lead_alert', '{}', 1, 1)",
      ).run();
    }
    db.prepare(
      "INSERT INTO notes (id, body, created_at, updated_at) VALUES ('n1', 'old note', 1, 1)",
    ).run();

    expect(migrate(db, [initial, abusiveCalls, notesAndSync])).toEqual([3]);
    const keys = db.prepare('SELECT idempotency_key FROM outbox ORDER BY id').pluck().all();
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(keys).size).toBe(3);
    expect(() =>
      db
        .prepare(
          'INSERT INTO outbox (kind, payload, created_at, next_attempt_at, idempotency_key) VALUES (?, ?, 1, 1, ?)',
        )
        .run('x', '{}', keys[0]),
    ).toThrow(/UNIQUE/);

    expect(db.prepare("SELECT body, intent_code FROM notes WHERE id = 'n1'").get()).toEqual({
      body: 'old note',
      intent_code: null,
    });
    db.prepare(
      "INSERT INTO note_drafts (call_id, body, updated_at) VALUES ('c1', '초안', 2)",
    ).run();
    expect(() =>
      db
        .prepare('INSERT INTO note_drafts (call_id, body, updated_at) VALUES (?, ?, 2)')
        .run('c2', 'x'.repeat(20001)),
    ).toThrow(/CHECK/);
    db.close();
  });
});
