import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/db/connection';
import { migrate } from '../../../../main/db/migrate';
import { migrations } from '../../../../main/db/migrations';
import { SORI_DESK_APPLICATION_ID, initial } from '../../../../main/db/migrations/0001-initial';

let dir: string;
let db: Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-db-0001-'));
  db = openDatabase(path.join(dir, 'test.sqlite'));
  expect(migrate(db, [initial])).toEqual([1]);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const columns = (table: string) =>
  (
    db.pragma(`table_xinfo(${table})`) as Array<{
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }>
  ).map((c) => `${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''}${c.pk ? ' PK' : ''}`);
const names = (type: string) =>
  db
    .prepare<[string], string>(
      `SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .pluck()
    .all(type);

const TABLES = [
  'accounts',
  'audit_log',
  'call_log',
  'customer_phones',
  'customers',
  'interactions',
  'notes',
  'outbox',
  'settings',
];

describe('migration 0001-initial', () => {
  it('is the first migration and records version 1 and the application id', () => {
    expect(migrations[0]).toBe(initial);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(SORI_DESK_APPLICATION_ID);
  });

  it('creates every table as STRICT', () => {
    expect(names('table')).toEqual(TABLES);
    const list = db.pragma('table_list') as Array<{ name: string; schema: string; strict: number }>;
    for (const table of TABLES) {
      expect(list.find((t) => t.schema === 'main' && t.name === table)?.strict, table).toBe(1);
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('creates the expected columns', () => {
    expect(columns('settings')).toEqual([
      'key TEXT NOT NULL PK',
      'value TEXT NOT NULL',
      'updated_at INTEGER NOT NULL',
    ]);
    expect(columns('accounts')).toEqual([
      'id INTEGER PK',
      'display_name TEXT NOT NULL',
      'sip_uri TEXT NOT NULL',
      'ws_servers TEXT NOT NULL',
      'password_ref TEXT',
      'created_at INTEGER NOT NULL',
      'updated_at INTEGER NOT NULL',
    ]);
    expect(columns('call_log')).toEqual([
      'call_id TEXT NOT NULL PK',
      'direction TEXT NOT NULL',
      'remote_uri TEXT NOT NULL',
      'remote_display_name TEXT',
      'started_at INTEGER NOT NULL',
      'answered_at INTEGER',
      'ended_at INTEGER',
      'end_reason TEXT',
      'account_id INTEGER',
    ]);
    expect(columns('audit_log')).toEqual([
      'id INTEGER PK',
      'at INTEGER NOT NULL',
      'actor TEXT NOT NULL',
      'action TEXT NOT NULL',
      'subject TEXT',
      'detail TEXT NOT NULL',
      'prev_hash TEXT NOT NULL',
      'hash TEXT NOT NULL',
    ]);
    expect(columns('customers')).toEqual([
      'id TEXT NOT NULL PK',
      'display_name TEXT NOT NULL',
      'updated_at INTEGER NOT NULL',
      'crm_version INTEGER NOT NULL',
    ]);
    expect(columns('customer_phones')).toEqual([
      'customer_id TEXT NOT NULL PK',
      'number TEXT NOT NULL',
      'normalized TEXT NOT NULL PK',
      'label TEXT',
    ]);
    expect(columns('interactions')).toEqual([
      'id TEXT NOT NULL PK',
      'customer_id TEXT NOT NULL',
      'call_id TEXT',
      'kind TEXT NOT NULL',
      'at INTEGER NOT NULL',
      'summary TEXT NOT NULL',
    ]);
    expect(columns('notes')).toEqual([
      'id TEXT NOT NULL PK',
      'customer_id TEXT',
      'call_id TEXT',
      'body TEXT NOT NULL',
      'created_at INTEGER NOT NULL',
      'updated_at INTEGER NOT NULL',
      'sync_state TEXT NOT NULL',
    ]);
    expect(columns('outbox')).toEqual([
      'id INTEGER PK',
      'kind TEXT NOT NULL',
      'payload TEXT NOT NULL',
      'created_at INTEGER NOT NULL',
      'attempts INTEGER NOT NULL',
      'next_attempt_at INTEGER NOT NULL',
      'last_error TEXT',
    ]);
  });

  it('creates the foreign keys', () => {
    const fks = (table: string) =>
      (
        db.pragma(`foreign_key_list(${table})`) as Array<{
          table: string;
          from: string;
          on_delete: string;
        }>
      ).map((fk) => `${fk.from} -> ${fk.table} ON DELETE ${fk.on_delete}`);
    expect(fks('call_log')).toEqual(['account_id -> accounts ON DELETE SET NULL']);
    expect(fks('customer_phones')).toEqual(['customer_id -> customers ON DELETE CASCADE']);
    expect(fks('interactions')).toEqual(['customer_id -> customers ON DELETE CASCADE']);
    expect(fks('notes')).toEqual(['customer_id -> customers ON DELETE SET NULL']);
  });

  it('creates the indexes the list and screen-pop queries use', () => {
    expect(names('index')).toEqual([
      'call_log_account_id',
      'call_log_remote_uri',
      'call_log_started_at',
      'customer_phones_normalized',
      'interactions_call_id',
      'interactions_customer_at',
      'notes_call_id',
      'notes_customer_updated',
      'notes_unsynced',
      'outbox_due',
    ]);
    const plan = (query: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join('\n');
    expect(plan("SELECT customer_id FROM customer_phones WHERE normalized = '+8210'")).toMatch(
      /customer_phones_normalized/,
    );
    expect(plan('SELECT * FROM call_log ORDER BY started_at DESC, rowid DESC LIMIT 50')).toMatch(
      /call_log_started_at/,
    );
    expect(
      plan("SELECT * FROM interactions WHERE customer_id = 'c' ORDER BY at DESC LIMIT 20"),
    ).toMatch(/interactions_customer_at/);
    expect(
      plan('SELECT * FROM outbox WHERE next_attempt_at <= 5 ORDER BY next_attempt_at, id LIMIT 1'),
    ).toMatch(/outbox_due/);
  });

  it('creates the append-only triggers on audit_log', () => {
    expect(names('trigger')).toEqual(['audit_log_no_delete', 'audit_log_no_update']);
  });

  it('rejects rows that break a CHECK constraint', () => {
    const insertCall = db.prepare(
      `INSERT INTO call_log (call_id, direction, remote_uri, started_at, ended_at, end_reason)
       VALUES (?, ?, 'sip:a@b', 1, ?, ?)`,
    );
    expect(() => insertCall.run('c1', 'sideways', null, null)).toThrow(/CHECK constraint failed/);
    expect(() => insertCall.run('c2', 'inbound', 5, 'exploded')).toThrow(/CHECK constraint failed/);
    // An end time without a reason, or a reason without an end time.
    expect(() => insertCall.run('c3', 'inbound', 5, null)).toThrow(/CHECK constraint failed/);
    expect(() => insertCall.run('c4', 'inbound', null, 'busy')).toThrow(/CHECK constraint failed/);
    expect(insertCall.run('c5', 'outbound', 5, 'busy').changes).toBe(1);

    expect(() => db.prepare(`INSERT INTO settings VALUES ('k', 'not json', 1)`).run()).toThrow(
      /CHECK constraint failed/,
    );
    expect(() =>
      db.prepare(`INSERT INTO accounts VALUES (1, 'A', 'sip:a@b', '"wss://x"', NULL, 1, 1)`).run(),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO notes (id, body, created_at, updated_at, sync_state) VALUES ('n', 'b', 1, 1, 'lost')`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });

  it('is STRICT about column types', () => {
    expect(() => db.prepare(`INSERT INTO settings VALUES ('k', '1', 'yesterday')`).run()).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
  });

  it('enforces foreign keys', () => {
    expect(() =>
      db
        .prepare(`INSERT INTO interactions VALUES ('i1', 'no-such-customer', NULL, 'call', 1, 's')`)
        .run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('refuses UPDATE, DELETE and REPLACE on audit_log', () => {
    const hash = 'a'.repeat(64);
    db.prepare(
      `INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (1, 'agent', 'x', NULL, '{}', ?, ?)`,
    ).run('0'.repeat(64), hash);

    expect(() => db.prepare(`UPDATE audit_log SET action = 'y'`).run()).toThrow(
      'audit_log is append-only',
    );
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow('audit_log is append-only');
    // REPLACE deletes the conflicting row; recursive_triggers (set by openDatabase) makes the
    // DELETE trigger see it.
    expect(() =>
      db
        .prepare(
          `INSERT OR REPLACE INTO audit_log (id, at, actor, action, subject, detail, prev_hash, hash)
           VALUES (1, 2, 'agent', 'forged', NULL, '{}', ?, ?)`,
        )
        .run('0'.repeat(64), 'b'.repeat(64)),
    ).toThrow('audit_log is append-only');
    expect(db.prepare('SELECT action FROM audit_log').pluck().all()).toEqual(['x']);
  });
});
