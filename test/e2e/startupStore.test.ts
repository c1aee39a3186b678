import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../main/appRoot';
import { DATABASE_FILE_NAME } from '../../main/db/store';
import { freshProfileDir, launchApp, seedProfile, type AppHandle } from '../harness';
import { ui } from './support';

const sha256 = (file: string) =>
  crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('the database at start-up', () => {
  let app: AppHandle | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('a corrupt database is moved aside (not deleted) and the agent is told where', async () => {
    const garbage = crypto.randomBytes(64 * 1024);
    let dbFile = '';
    app = await launchApp({
      language: 'ko',
      prepareProfile(dir) {
        dbFile = path.join(dir, DATABASE_FILE_NAME);
        for (const suffix of ['-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
        fs.writeFileSync(dbFile, garbage);
      },
    });
    const alert = app.page.getByRole('alert').filter({ hasText: '.corrupt-' });
    await alert.waitFor({ timeout: 15_000 });
    const text = (await alert.textContent()) ?? '';
    const movedTo = /(\/[^\s(]+\.corrupt-[0-9TZ.-]+)/.exec(text)?.[1];
    expect(movedTo, text).toBeDefined();
    expect(text).toContain(ui('ko').notices['DB_RECOVERED']!.slice(0, 8));
    expect(fs.readFileSync(movedTo!).equals(garbage)).toBe(true);
    // The new database works: the first-run account form is shown and settings can be saved.
    await app.page.getByRole('form', { name: ui('ko').account['formLabel'] }).waitFor();
    expect(
      (app.readDb().prepare('pragma user_version').get() as { user_version: number }).user_version,
    ).toBeGreaterThan(0);
  });

  it('a database from a newer version is refused with a Korean message and left untouched', () => {
    const profileDir = freshProfileDir('too-new');
    seedProfile(profileDir, {});
    const dbFile = path.join(profileDir, DATABASE_FILE_NAME);
    const db = new Database(dbFile);
    db.pragma('user_version = 999');
    db.close();
    const before = sha256(dbFile);
    const dbFiles = () =>
      fs
        .readdirSync(profileDir)
        .filter((f) => f.startsWith(DATABASE_FILE_NAME))
        .sort();
    const listing = dbFiles();

    const shell = path.join(findAppRoot(), 'out/main/chromiumShell.js');
    const run = spawnSync(process.execPath, [shell, '--profile', profileDir, '--headless'], {
      env: { ...process.env, LANG: 'ko_KR.UTF-8', LC_ALL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('더 새로운 버전');
    expect(run.stderr).toContain('999');
    expect(sha256(dbFile)).toBe(before);
    // No -wal/-shm appeared, nothing was moved aside.
    expect(dbFiles()).toEqual(listing);
  });

  it('an invalid IT policy file stops the app with a Korean message, before anything starts', () => {
    const profileDir = freshProfileDir('bad-policy');
    const policy = path.join(profileDir, 'policy.json');
    fs.writeFileSync(
      policy,
      JSON.stringify({ version: 1, recordingNotice: { mode: 'sometimes' } }),
    );
    const shell = path.join(findAppRoot(), 'out/main/chromiumShell.js');
    const run = spawnSync(process.execPath, [shell, '--profile', profileDir, '--headless'], {
      env: { ...process.env, LANG: 'ko_KR.UTF-8', LC_ALL: '', SORI_POLICY_FILE: policy },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('IT 정책 파일이 올바르지 않아');
    expect(run.stderr).toContain('recordingNotice.mode');
    expect(fs.existsSync(path.join(profileDir, DATABASE_FILE_NAME))).toBe(false);
  });
});
