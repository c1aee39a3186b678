import type { Database } from 'better-sqlite3';
import { initial } from './0001-initial';
import { abusiveCalls } from './0002-abusive-calls';
import { notesAndSync } from './0003-notes-and-sync';
import { customerProfile } from './0004-customer-profile';
import { centerNotices } from './0005-center-notices';
import { callbacks } from './0006-callbacks';
import { crmCache } from './0007-crm-cache';
import { wrapUp } from './0008-wrap-up';
import { noteConflicts } from './0009-note-conflicts';
import { accountDtmf } from './0010-account-dtmf';
import { healthChecks } from './0011-health-checks';
import { monitoringGrants } from './0012-monitoring-grants';
import { transferredCalls } from './0013-transferred-calls';
import { outboxAuthorToken } from './0014-outbox-author-token';

/**
 * One schema step. Once a migration has shipped it is immutable: fix mistakes with a new
 * migration, never by editing an old one, because installed databases have already run it.
 */
export interface Migration {
  /** 1, 2, 3, … without gaps; stored in `PRAGMA user_version` once applied. */
  version: number;
  /** kebab-case, matching the file name `NNNN-<name>.ts`. */
  name: string;
  /**
   * Applies the step. Runs inside a BEGIN IMMEDIATE transaction opened by `migrate`, so it must
   * not begin or commit transactions itself, and must not rely on `PRAGMA foreign_keys` changes
   * (they are ignored inside a transaction).
   */
  up(db: Database): void;
}

/** Every migration this build knows, in order. Append only. */
export const migrations: readonly Migration[] = [
  initial,
  abusiveCalls,
  notesAndSync,
  customerProfile,
  centerNotices,
  callbacks,
  crmCache,
  wrapUp,
  noteConflicts,
  accountDtmf,
  healthChecks,
  monitoringGrants,
  transferredCalls,
  outboxAuthorToken,
];

/** The schema version a fully migrated database has with this build. */
export const LATEST_SCHEMA_VERSION: number = migrations.at(-1)?.version ?? 0;
