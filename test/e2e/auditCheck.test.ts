import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../main/db/repositories/audit';
import { openProfileStore } from '../harness/profileStore';
import { launchApp, type AppHandle } from '../harness';
import { ui } from './support';

/** Five audit entries, then entry 3 changed behind the app's back (its triggers dropped). */
function seedAndTamper(profileDir: string, tamperId: number | null): void {
  const store = openProfileStore(profileDir);
  for (let i = 1; i <= 5; i++) {
    appendAudit(store.db, {
      at: Date.UTC(2026, 10, 23, 9, i),
      actor: 'agent',
      action: `test.step${i}`,
      subject: `call-${i}`,
      detail: { i },
    });
  }
  if (tamperId !== null) {
    for (const name of ['audit_log_no_update', 'audit_log_no_delete']) {
      store.db.exec(`drop trigger ${name}`);
    }
    store.db.prepare('update audit_log set detail = \'{"i":42}\' where id = ?').run(tamperId);
  }
  store.close();
}

// Acceptance (issue 4, item 5): the team lead's screen re-computes the audit hash chain and
// names the first broken link, like `npm run audit:verify`.
describe("the team lead's audit log check (settings)", () => {
  let app: AppHandle | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const verify = async (handle: AppHandle) => {
    const words = ui('ko').audit;
    // No account in these profiles: the app opens on settings (the first-run screen).
    await handle.page.getByRole('button', { name: words['verify'] }).click();
    const result = handle.page.getByLabel(words['result']!);
    await result.waitFor({ timeout: 10_000 });
    return { text: (await result.textContent()) ?? '', role: await result.getAttribute('role') };
  };

  it('reports an intact log with its number of entries', async () => {
    app = await launchApp({ language: 'ko', prepareProfile: (dir) => seedAndTamper(dir, null) });
    const { text, role } = await verify(app);
    expect(role).toBe('status');
    expect(text).toMatch(/^정상: 5건/);
  });

  it('names the entry changed behind its back', async () => {
    app = await launchApp({ language: 'ko', prepareProfile: (dir) => seedAndTamper(dir, 3) });
    const { text, role } = await verify(app);
    expect(role).toBe('alert');
    expect(text).toContain('3번 기록에서 손상 발견');
    expect(text).toContain('test.step3');
  });
});
