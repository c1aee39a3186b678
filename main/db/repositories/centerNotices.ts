import type { Database } from 'better-sqlite3';
import type { CenterNotice } from '../../../preload/contract';
import { perConnection } from '../connection';
import { enqueueOutbox } from './outbox';

interface NoticeRow {
  id: string;
  title: string;
  body: string;
  mandatory: 0 | 1;
  published_at: number;
  acknowledged_at: number | null;
}

const statements = perConnection((db: Database) => ({
  list: db.prepare<[], NoticeRow>(
    'SELECT id, title, body, mandatory, published_at, acknowledged_at FROM center_notices ORDER BY published_at DESC LIMIT 100',
  ),
  acknowledge: db.prepare<{ id: string; at: number }>(
    'UPDATE center_notices SET acknowledged_at = @at WHERE id = @id AND acknowledged_at IS NULL',
  ),
  unacknowledgedMandatory: db
    .prepare<[], number>(
      'SELECT count(*) FROM center_notices WHERE mandatory = 1 AND acknowledged_at IS NULL',
    )
    .pluck(),
}));

export function listCenterNotices(db: Database): CenterNotice[] {
  return statements(db)
    .list.all()
    .map((row) => ({
      id: row.id,
      title: row.title,
      body: row.body,
      mandatory: row.mandatory === 1,
      publishedAt: row.published_at,
      acknowledgedAt: row.acknowledged_at,
    }));
}

/** Marks it read and queues the acknowledgement for the CRM, in the caller's transaction. */
export function acknowledgeCenterNotice(db: Database, id: string, at: number): boolean {
  if (statements(db).acknowledge.run({ id, at }).changes === 0) return false;
  enqueueOutbox(db, 'notice.ack', { noticeId: id, at }, at, `notice:${id}`);
  return true;
}

export function hasUnacknowledgedMandatoryNotice(db: Database): boolean {
  return statements(db).unacknowledgedMandatory.get()! > 0;
}
