import { describe, expect, it } from 'vitest';
import { SqlQuery, sql } from '../../../../main/db/sql';

describe('sql tag', () => {
  it('turns every interpolated value into a ? parameter', () => {
    const name = "Robert'); DROP TABLE notes;--";
    const q = sql`SELECT * FROM customers WHERE display_name = ${name} AND crm_version > ${3}`;
    expect(q.text).toBe('SELECT * FROM customers WHERE display_name = ? AND crm_version > ?');
    expect(q.params).toEqual([name, 3]);
  });

  it('accepts null, bigint and Buffer values', () => {
    const buf = Buffer.from([1, 2]);
    const q = sql`VALUES (${null}, ${10n}, ${buf})`;
    expect(q.text).toBe('VALUES (?, ?, ?)');
    expect(q.params).toEqual([null, 10n, buf]);
  });

  it('expands a list into comma-separated parameters', () => {
    const q = sql`SELECT id FROM notes WHERE sync_state IN (${['pending', 'conflict']}) LIMIT ${5}`;
    expect(q.text).toBe('SELECT id FROM notes WHERE sync_state IN (?, ?) LIMIT ?');
    expect(q.params).toEqual(['pending', 'conflict', 5]);
  });

  it('refuses an empty list', () => {
    expect(() => sql`SELECT 1 WHERE x IN (${[]})`).toThrow(/empty list/);
  });

  it('splices nested fragments with their parameters in order', () => {
    const byCustomer = sql`customer_id = ${'c1'}`;
    const since = sql`updated_at >= ${100}`;
    const q = sql`SELECT id FROM notes WHERE ${sql.join([byCustomer, since], sql` AND `)} LIMIT ${10}`;
    expect(q.text).toBe('SELECT id FROM notes WHERE customer_id = ? AND updated_at >= ? LIMIT ?');
    expect(q.params).toEqual(['c1', 100, 10]);
  });

  it('joins with a comma by default and handles no fragments', () => {
    expect(sql.join([sql`${1}`, sql`${2}`]).text).toBe('?, ?');
    expect(sql.join([])).toEqual(new SqlQuery('', []));
  });

  it('does not let a look-alike object pass for SQL text', () => {
    const fake = { text: '1; DROP TABLE notes', params: [] } as unknown as string;
    expect(() => sql`SELECT ${fake}`).toThrow(TypeError);
  });

  it('refuses values SQLite cannot bind', () => {
    expect(() => sql`SELECT ${true as unknown as string}`).toThrow(/boolean/);
    expect(() => sql`SELECT ${undefined as unknown as string}`).toThrow(/undefined/);
    expect(() => sql`SELECT ${Number.NaN}`).toThrow(TypeError);
  });

  it('returns a frozen query', () => {
    const q = sql`SELECT ${1}`;
    expect(Object.isFrozen(q)).toBe(true);
    expect(Object.isFrozen(q.params)).toBe(true);
  });

  it('runs in SQLite as written', async () => {
    const { default: Database } = await import('../../../../main/db/driver');
    const db = new Database(':memory:');
    try {
      const q = sql`SELECT ${'a'} || ${'b'} AS v, ${2} * 3 AS n WHERE 1 IN (${[1, 2]})`;
      expect(db.prepare(q.text).get(...q.params)).toEqual({ v: 'ab', n: 6 });
    } finally {
      db.close();
    }
  });
});
