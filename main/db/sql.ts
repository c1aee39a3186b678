/** A value better-sqlite3 can bind to a `?` parameter. */
export type SqlValue = string | number | bigint | Buffer | null;

/** What may be interpolated into {@link sql}: a value, a list of values, or another fragment. */
export type SqlInterpolation = SqlValue | readonly SqlValue[] | SqlQuery;

/**
 * SQL text with its parameters, built by {@link sql}. Run it with
 * `db.prepare(q.text).all(...q.params)`. Only the `sql` tag creates these, so user data can never
 * pass for SQL text.
 */
export class SqlQuery {
  readonly text: string;
  readonly params: readonly SqlValue[];

  /** @internal use the {@link sql} tag. */
  constructor(text: string, params: readonly SqlValue[]) {
    this.text = text;
    this.params = Object.freeze([...params]);
    Object.freeze(this);
  }
}

/**
 * Tagged template for the rare dynamic query: every interpolated value becomes a `?` parameter,
 * an array becomes `?, ?, ?` (for `IN (…)`), and a nested `sql` fragment is spliced in with its
 * own parameters. There is deliberately no way to interpolate raw text: table and column names
 * must be written in the template, chosen by code (`cond ? sql\`a\` : sql\`b\``).
 *
 * @example
 * const q = sql`SELECT * FROM notes WHERE customer_id = ${id} AND sync_state IN (${states})`;
 * db.prepare(q.text).all(...q.params);
 */
export function sql(
  strings: TemplateStringsArray,
  ...values: readonly SqlInterpolation[]
): SqlQuery {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  values.forEach((value, index) => {
    if (value instanceof SqlQuery) {
      text += value.text;
      params.push(...value.params);
    } else if (Array.isArray(value)) {
      const list = value as readonly SqlValue[];
      if (list.length === 0) throw new TypeError('sql: an empty list cannot be interpolated');
      list.forEach(assertValue);
      text += list.map(() => '?').join(', ');
      params.push(...list);
    } else {
      assertValue(value);
      text += '?';
      params.push(value as SqlValue);
    }
    text += strings[index + 1] ?? '';
  });
  return new SqlQuery(text, params);
}

/** Joins fragments with `separator` (itself SQL text written by code, e.g. `' AND '`). */
sql.join = function join(
  fragments: readonly SqlQuery[],
  separator: SqlQuery = new SqlQuery(', ', []),
): SqlQuery {
  let text = '';
  const params: SqlValue[] = [];
  fragments.forEach((fragment, index) => {
    if (index > 0) {
      text += separator.text;
      params.push(...separator.params);
    }
    text += fragment.text;
    params.push(...fragment.params);
  });
  return new SqlQuery(text, params);
};

function assertValue(value: unknown): asserts value is SqlValue {
  const ok =
    value === null ||
    typeof value === 'string' ||
    typeof value === 'bigint' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    Buffer.isBuffer(value);
  if (!ok)
    throw new TypeError(
      `sql: cannot bind a value of type ${value === undefined ? 'undefined' : typeof value}`,
    );
}
