import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../main/appRoot';
import { verifyProfile } from '../../../main/audit/verifyCommand';
import { appendAudit } from '../../../main/db/repositories/audit';
import { openStore } from '../../../main/db/store';

function profileWithAudit(entries: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-audit-'));
  const store = openStore(dir);
  for (let i = 1; i <= entries; i++) {
    appendAudit(store.db, {
      at: 1_700_000_000_000 + i,
      actor: 'agent',
      action: `test.step${i}`,
      subject: `call-${i}`,
      detail: { i },
    });
  }
  store.close();
  return dir;
}

/** Changes a row behind the app's back: the append-only triggers must be dropped to do it. */
function tamper(dir: string, id: number): void {
  const store = openStore(dir);
  const triggers = store.db
    .prepare("select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'")
    .all() as Array<{ name: string }>;
  expect(() => store.db.prepare("update audit_log set action = 'x' where id = ?").run(id)).toThrow(
    /append-only/,
  );
  expect(() => store.db.prepare('delete from audit_log where id = ?').run(id)).toThrow(
    /append-only/,
  );
  for (const { name } of triggers) store.db.exec(`drop trigger "${name}"`);
  store.db.prepare('update audit_log set detail = \'{"i":999}\' where id = ?').run(id);
  store.close();
}

describe('audit:verify (real SQLite file)', () => {
  it('reports an intact chain', () => {
    const dir = profileWithAudit(5);
    expect(verifyProfile(dir)).toMatchObject({
      code: 0,
      message: expect.stringContaining('5 entries'),
    });
  });

  it('finds a row altered with the triggers dropped, at the right place', () => {
    const dir = profileWithAudit(6);
    tamper(dir, 4);
    const result = verifyProfile(dir);
    expect(result.code).toBe(1);
    expect(result.message).toContain('BROKEN at entry 4');
    expect(result.message).toContain('test.step4');
  });

  it('says so when there is no database', () => {
    expect(verifyProfile(path.join(os.tmpdir(), 'no-such-profile-4711')).code).toBe(2);
  });

  it.skipIf(!fs.existsSync(path.join(findAppRoot(), 'out/main/auditVerify.js')))(
    'runs as the built command',
    () => {
      const dir = profileWithAudit(3);
      tamper(dir, 2);
      const run = spawnSync(
        process.execPath,
        [path.join(findAppRoot(), 'out/main/auditVerify.js'), dir],
        { encoding: 'utf8' },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('BROKEN at entry 2');
    },
  );
});
