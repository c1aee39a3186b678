/**
 * `npm run audit:verify -- PROFILE_DIR_OR_DB_FILE`: checks the audit log's hash chain of a profile
 * without changing it, and names the first broken link. Exit 0 intact, 1 broken, 2 unusable input.
 * The database is encrypted: the key comes from the profile's development secret store (Chromium
 * shell profiles); an Electron profile's key is sealed by the OS, and the command says to run the
 * check in the app (설정 → 감사 기록 검증) instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openProfileDatabase } from '../db/profileDatabase';
import { verifyAuditChain } from '../db/repositories/audit';
import { DATABASE_FILE_NAME } from '../db/store';

export function verifyProfile(target: string): { code: 0 | 1 | 2; message: string } {
  const file =
    fs.existsSync(target) && fs.statSync(target).isDirectory()
      ? path.join(target, DATABASE_FILE_NAME)
      : target;
  if (!fs.existsSync(file)) return { code: 2, message: `no Sori Desk database at ${file}` };
  let db: Database;
  try {
    db = openProfileDatabase(file, { readonly: true });
  } catch (error) {
    return { code: 2, message: `cannot open ${file}: ${(error as Error).message}` };
  }
  try {
    const { n } = db.prepare('select count(*) as n from audit_log').get() as { n: number };
    const result = verifyAuditChain(db);
    if (result.ok)
      return { code: 0, message: `audit log intact: ${n} entries, chain verified (${file})` };
    const row = db
      .prepare('select id, at, action from audit_log where id = ?')
      .get(result.brokenAt) as { id: number; at: number; action: string } | undefined;
    return {
      code: 1,
      message:
        `audit log BROKEN at entry ${result.brokenAt}` +
        (row ? ` (${new Date(row.at).toISOString()}, ${row.action})` : '') +
        `: it or its predecessor was changed or removed after it was written (${file})`,
    };
  } catch (error) {
    return {
      code: 2,
      message: `cannot read the audit log in ${file}: ${(error as Error).message}`,
    };
  } finally {
    db.close();
  }
}

if (require.main === module) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write(
      'usage: npm run audit:verify -- <profile directory or sori-desk.sqlite>\n',
    );
    process.exit(2);
  }
  const { code, message } = verifyProfile(target);
  (code === 0 ? process.stdout : process.stderr).write(message + '\n');
  process.exit(code);
}
