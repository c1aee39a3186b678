import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_KEY_REF } from '../../main/db/databaseKey';
import { submitNote } from '../../main/db/repositories/notes';
import { DATABASE_FILE_NAME } from '../../main/db/store';
import { launchApp, openProfileDatabase, openProfileStore, type AppHandle } from '../harness';
import { ui } from './support';

/** The nested sign-out texts (the support catalog type knows only flat account texts). */
const signOutTexts = (
  JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../renderer/i18n/locales/ko.json'), 'utf8'),
  ) as { account: { signOut: Record<string, string> } }
).account.signOut;

const CUSTOMER = '김서명 SIGNOUT-CUSTOMER';

/** A cached customer with history, and a note the CRM has not received yet. */
function seedCache(profileDir: string): void {
  const store = openProfileStore(profileDir);
  store.db
    .prepare(
      `INSERT INTO customers (id, display_name, updated_at, crm_version, profile, preferred_language)
       VALUES ('c1', ?, 1, 1, '{}', 'ko')`,
    )
    .run(CUSTOMER);
  store.db
    .prepare(
      "INSERT INTO interactions (id, customer_id, kind, at, summary) VALUES ('i1', 'c1', 'call', 1, '요금 문의')",
    )
    .run();
  submitNote(
    store.db,
    {
      callId: 'call-1',
      customerId: 'c1',
      intentCode: null,
      body: '보내지 않은 메모',
      updatedAt: 1,
    },
    1,
  );
  store.close();
}

// Acceptance (issue 7, item 6): 로그아웃 in settings forgets the account; with the policy's
// purgeOnSignOut the customer data leaves this PC, while the agent's unsent writes stay.
describe('로그아웃 (settings)', () => {
  let app: AppHandle | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('signs out, purges the cache as the policy requires, keeps the unsent note, shows the first-run form', async () => {
    const words = ui('ko');
    app = await launchApp({
      language: 'ko',
      account: {
        user: '1001',
        password: 'pw-1001',
        domain: '127.0.0.1',
        wsServers: ['ws://127.0.0.1:9'],
      },
      policy: { version: 1, dataAtRest: { purgeOnSignOut: true } },
      prepareProfile: seedCache,
    });
    const { page } = app;
    await page.getByRole('button', { name: words.settings['open'], exact: true }).click();
    await page.getByRole('button', { name: signOutTexts['button'], exact: true }).click();
    const confirm = page.getByRole('group', { name: signOutTexts['confirm'] });
    await confirm.getByRole('button', { name: signOutTexts['confirmButton'], exact: true }).click();

    await page
      .getByRole('status')
      .filter({ hasText: signOutTexts['donePurged']! })
      .waitFor({ timeout: 10_000 });
    // The first-run form, empty: nothing of the signed-out agent is shown.
    const form = page.getByRole('form', { name: words.account['formLabel'] });
    await form.waitFor();
    expect(await form.getByLabel(words.account['sipUri']!, { exact: true }).inputValue()).toBe('');
    expect(
      await page.getByRole('button', { name: words.settings['back'], exact: true }).count(),
    ).toBe(0);

    const db = openProfileDatabase(app.profileDir, { readonly: true });
    try {
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      expect(count('SELECT count(*) FROM accounts')).toBe(0);
      expect(count('SELECT count(*) FROM customers')).toBe(0);
      expect(count('SELECT count(*) FROM interactions')).toBe(0);
      expect(db.prepare('SELECT body FROM notes').pluck().all()).toEqual(['보내지 않은 메모']);
      expect(count("SELECT count(*) FROM outbox WHERE kind = 'note.create'")).toBe(1);
      expect(count("SELECT count(*) FROM audit_log WHERE action = 'account.signedOut'")).toBe(1);
    } finally {
      db.close();
    }
    // The SIP password is gone from the secret store; only the database key is left there.
    expect(fs.readdirSync(path.join(app.profileDir, 'secrets'))).toEqual([
      `${DATABASE_KEY_REF}.secret`,
    ]);
    expect(fs.readFileSync(path.join(app.profileDir, DATABASE_FILE_NAME)).includes(CUSTOMER)).toBe(
      false,
    );
  });
});
