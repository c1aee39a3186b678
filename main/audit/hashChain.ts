import { createHash } from 'node:crypto';

/*
 * The audit log's hash chain, on its own so that the standalone evidence verifier (bundled into
 * every evidence package, run on machines without the app) computes it with exactly this code.
 * Node built-ins only.
 */

/** A JSON value as stored in the audit trail. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of an audit row. */
export interface ChainedFields {
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  detail: JsonValue;
}

/** `sha256(prev_hash + canonicalJson({ action, actor, at, detail, subject }))`, hex. */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(fields))
    .digest('hex');
}

/**
 * Deterministic JSON in the manner of RFC 8785: object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as `JSON.stringify` writes them. Object properties whose value
 * is `undefined` are left out (as JSON does); non-finite numbers, `undefined` elsewhere and
 * objects that are not plain (Date, Map, class instances) throw.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError(`canonicalJson: ${value} is not representable`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError('canonicalJson: only plain objects can be represented');
    }
    const record = value as Record<string, unknown>;
    const parts = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`canonicalJson: cannot represent a value of type ${typeof value}`);
}

/** An audit row exactly as stored (and as exported in an evidence package). */
export interface StoredAuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  /** Canonical JSON text. */
  detail: string;
  prev_hash: string;
  hash: string;
}

/**
 * Walks rows in id order from `expectedPrev` (GENESIS_HASH for a whole log, the anchor for an
 * exported segment) and returns the id of the first row whose `prev_hash` does not match its
 * predecessor, whose hash does not match its content, or whose detail is not canonical; null when
 * every link holds. A removed middle row shows up at its successor.
 */
export function firstBrokenLink(
  rows: Iterable<StoredAuditRow>,
  expectedPrev: string,
): number | null {
  let prev = expectedPrev;
  for (const row of rows) {
    let detail: JsonValue;
    try {
      detail = JSON.parse(row.detail) as JsonValue;
    } catch {
      return row.id;
    }
    const fields = {
      at: row.at,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      detail,
    };
    if (
      row.prev_hash !== prev ||
      canonicalJson(detail) !== row.detail ||
      chainHash(row.prev_hash, fields) !== row.hash
    ) {
      return row.id;
    }
    prev = row.hash;
  }
  return null;
}
