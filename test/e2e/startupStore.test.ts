import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../main/appRoot';
import { DATABASE_KEY_REF } from '../../main/db/databaseKey';
import { submitNote } from '../../main/db/repositories/notes';
import { DATABASE_FILE_NAME, openStore } from '../../main/db/store';
import {
  freshProfileDir,
  launchApp,
  openProfileDatabase,
  seedProfile,
  type AppHandle,
} from '../harness';
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
    // The app's file is encrypted: the profile's key opens it (as a newer version would).
    const db = openProfileDatabase(profileDir);
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

  it('a plaintext database of an earlier version is encrypted on first start, keeping its rows', async () => {
    let dbFile = '';
    app = await launchApp({
      language: 'ko',
      prepareProfile(dir) {
        // As versions before encryption left it: plaintext, with a note and its queued write.
        dbFile = path.join(dir, DATABASE_FILE_NAME);
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
        const old = openStore(dir);
        submitNote(
          old.db,
          {
            callId: 'old-call',
            customerId: null,
            intentCode: null,
            body: 'PLAINTEXT-ERA-NOTE',
            updatedAt: 1,
          },
          1,
        );
        old.close();
        expect(fs.readFileSync(dbFile).includes('SQLite format 3')).toBe(true);
      },
    });
    await app.page.getByRole('form', { name: ui('ko').account['formLabel'] }).waitFor();
    const db = app.readDb();
    expect(db.prepare('SELECT body FROM notes').pluck().all()).toEqual(['PLAINTEXT-ERA-NOTE']);
    expect(db.prepare("SELECT count(*) FROM outbox WHERE kind = 'note.create'").pluck().get()).toBe(
      1,
    );
    expect(
      db.prepare("SELECT count(*) FROM audit_log WHERE action = 'store.encrypted'").pluck().get(),
    ).toBe(1);
    const bytes = fs.readFileSync(dbFile);
    expect(bytes.includes('SQLite format 3')).toBe(false);
    expect(bytes.includes('PLAINTEXT-ERA-NOTE')).toBe(false);
  });

  it('an encrypted database whose key is gone is refused in Korean, and kept as it is', () => {
    const profileDir = freshProfileDir('key-lost');
    seedProfile(profileDir, {});
    const dbFile = path.join(profileDir, DATABASE_FILE_NAME);
    // The secret store lost the key (an OS keychain reset, a profile copied without it).
    fs.rmSync(path.join(profileDir, 'secrets', `${DATABASE_KEY_REF}.secret`));
    const before = sha256(dbFile);
    const dbFiles = () =>
      fs
        .readdirSync(profileDir)
        .filter((f) => f.startsWith(DATABASE_FILE_NAME))
        .sort();
    expect(dbFiles()).toEqual([DATABASE_FILE_NAME]);

    const shell = path.join(findAppRoot(), 'out/main/chromiumShell.js');
    const run = spawnSync(process.execPath, [shell, '--profile', profileDir, '--headless'], {
      env: { ...process.env, LANG: 'ko_KR.UTF-8', LC_ALL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('보안 저장소에 그 키가 없습니다');
    expect(run.stderr).toContain('삭제하지 않음');
    expect(sha256(dbFile)).toBe(before);
    // Not moved aside, no fresh database in its place, no -wal/-shm, no new key.
    expect(dbFiles()).toEqual([DATABASE_FILE_NAME]);
    expect(fs.existsSync(path.join(profileDir, 'secrets', `${DATABASE_KEY_REF}.secret`))).toBe(
      false,
    );
  });
});
