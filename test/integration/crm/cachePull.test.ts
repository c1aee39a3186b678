import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PULL_PAGE_SIZE, pullCrmChanges } from '../../../main/crm/cachePull';
import { CrmError, createCrmClient, type CrmClient } from '../../../main/crm/crmClient';
import type { CrmCustomer } from '../../../main/crm/crmContract';
import { listCatalog } from '../../../main/db/repositories/crmCache';
import { customerHistory, customersByNumber } from '../../../main/db/repositories/customers';
import { lookupKey } from '../../../main/crm/phoneLookup';
import { startReferenceCrm, type ReferenceCrm } from '../../crmReference/referenceCrm';
import {
  syntheticCustomer,
  syntheticCustomers,
  syntheticMobile,
} from '../../crmReference/syntheticCustomers';
import { machinePolicySchema } from '../../../main/policy/machinePolicy';
import type { SyncStatus } from '../../../preload/contract';
import { APP_URL, SHIPPED_NOTICES, createIpcTestbed } from '../ipc/ipcTestbed';

const TOKEN = 'test-token-0123456789';
const DAY = 24 * 60 * 60 * 1000;
type Bed = ReturnType<typeof createIpcTestbed>;

const ALL = { scope: 'all', days: 90 } as const;

function seedCustomers(crm: ReferenceCrm, count: number, now = Date.now()) {
  const interactions: ReturnType<typeof syntheticCustomer>['interactions'] = [];
  const customers: CrmCustomer[] = [];
  for (const { customer, interactions: history } of syntheticCustomers({ customers: count, now })) {
    customers.push(customer);
    interactions.push(...history);
  }
  crm.seed({ customers, interactions });
  return { customers, interactions };
}

const pop = (bed: Bed, number: string) => customersByNumber(bed.db, lookupKey(number)!);

/** Everything the cache holds, to prove a failed pull changed nothing. */
const snapshot = (bed: Bed) =>
  JSON.stringify([
    bed.db.prepare('SELECT * FROM customers ORDER BY id').all(),
    bed.db.prepare('SELECT * FROM customer_phones ORDER BY customer_id, normalized').all(),
    bed.db.prepare('SELECT * FROM interactions ORDER BY id').all(),
    bed.db.prepare('SELECT * FROM crm_catalog ORDER BY kind, code').all(),
    bed.db.prepare("SELECT value FROM settings WHERE key = 'crmCursor'").all(),
  ]);

describe('CRM change feed into the local cache (real SQLite, real HTTP on 127.0.0.1)', () => {
  let bed: Bed | undefined;
  let crm: ReferenceCrm | undefined;
  afterEach(async () => {
    bed?.close();
    await crm?.close();
  });

  async function setUp() {
    bed = createIpcTestbed();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-pull-'));
    crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token: TOKEN });
    const client = createCrmClient({ baseUrl: crm.url, token: () => TOKEN, timeoutMs: 5_000 });
    return { bed, crm, client };
  }

  it('fills the cache page by page: the right card and history for a number, intents, dispositions, scripts and notices', async () => {
    const { bed, crm, client } = await setUp();
    const { interactions } = seedCustomers(crm, 1500);
    crm.seed({
      notices: [
        { id: 'n1', title: '요금제 개편', body: '12월부터…', mandatory: true, publishedAt: 1 },
      ],
      intents: [
        { code: 'billing.inquiry', label: { ko: '요금 문의', en: 'Billing' }, group: null },
      ],
      dispositions: [{ code: 'resolved', label: { ko: '처리 완료', en: 'Resolved' }, queues: [] }],
      scripts: [
        {
          id: 'retention',
          kind: 'outbound',
          customerType: '개인',
          title: '재약정 안내',
          body: '{{name}} 고객님, 약정이 곧 만료됩니다.',
          objections: [
            { id: 'think', label: '생각해 볼게요', answer: '혜택은 이번 달까지입니다.' },
          ],
        },
      ],
    });

    const result = await pullCrmChanges({ db: bed.db, client, scope: ALL });
    const total = 1500 + interactions.length + 4;
    expect(result).toMatchObject({ upserted: total, deleted: 0, more: false });
    expect(result.pages).toBe(Math.ceil(total / PULL_PAGE_SIZE));

    const expected = syntheticCustomer(1234, { now: Date.now() });
    const [card, ...others] = pop(bed, syntheticMobile(1234).replaceAll('-', ''));
    expect(others).toEqual([]);
    expect(card).toMatchObject({
      id: 'C00001234',
      name: expected.customer.name,
      preferredLanguage: expected.customer.preferredLanguage,
      profile: {
        segment: expected.customer.profile.segment,
        since: expected.customer.profile.since,
      },
    });
    const history = customerHistory(bed.db, 'C00001234');
    expect(history.map((h) => h.id)).toEqual(
      [...expected.interactions]
        .sort((a, b) => b.at - a.at)
        .slice(0, 20)
        .map((i) => i.id),
    );
    expect(listCatalog(bed.db, 'intent')).toEqual([
      { code: 'billing.inquiry', label: { ko: '요금 문의', en: 'Billing' }, group: null },
    ]);
    expect(listCatalog(bed.db, 'disposition')).toHaveLength(1);
    expect(listCatalog(bed.db, 'script')).toHaveLength(1);
    const notices = await bed.dispatch('centerNotices:list', {}, { url: APP_URL });
    expect(notices).toMatchObject({ ok: true, value: [{ id: 'n1', mandatory: true }] });
  });

  it('then takes only what changed: an edit, a deletion, and never an older version over a newer one', async () => {
    const { bed, crm, client } = await setUp();
    const { customers } = seedCustomers(crm, 50);
    await pullCrmChanges({ db: bed.db, client, scope: ALL });

    const renamed = { ...customers[7]!, version: 3, name: '홍길동' };
    crm.seed({ customers: [renamed] });
    crm.deleteCustomer(customers[8]!.id);
    const next = await pullCrmChanges({ db: bed.db, client, scope: ALL });
    expect(next).toMatchObject({ pages: 1, upserted: 1, deleted: 1 });
    expect(pop(bed, customers[7]!.phones[0]!.number)[0]?.name).toBe('홍길동');
    expect(pop(bed, customers[8]!.phones[0]!.number)).toEqual([]);

    // A stale copy (version 2 after 3, e.g. from a CRM replica behind) is ignored.
    crm.seed({ customers: [{ ...customers[7]!, version: 2, name: '옛 이름' }] });
    const stale = await pullCrmChanges({ db: bed.db, client, scope: ALL });
    expect(stale).toMatchObject({ upserted: 0 });
    expect(pop(bed, customers[7]!.phones[0]!.number)[0]?.name).toBe('홍길동');
  });

  it.each(['malformedJson', 'schemaViolation'] as const)(
    'a %s answer leaves the cache exactly as it was and fails as malformed',
    async (mode) => {
      const { bed, crm, client } = await setUp();
      const { customers } = seedCustomers(crm, 20);
      await pullCrmChanges({ db: bed.db, client, scope: ALL });
      crm.seed({ customers: [{ ...customers[0]!, version: 9, name: '바뀐 이름' }] });
      const before = snapshot(bed);

      crm.setFault({ mode, path: '/v1/changes', count: 1 });
      const error = await pullCrmChanges({ db: bed.db, client, scope: ALL }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CrmError);
      expect((error as CrmError).kind).toBe('malformed');
      expect(snapshot(bed)).toBe(before);

      // The CRM recovers: the change arrives.
      await pullCrmChanges({ db: bed.db, client, scope: ALL });
      expect(pop(bed, customers[0]!.phones[0]!.number)[0]?.name).toBe('바뀐 이름');
    },
  );

  it('one record that breaks the contract stops the pull at the page before it; nothing of its page is applied', async () => {
    const { bed, crm, client } = await setUp();
    seedCustomers(crm, PULL_PAGE_SIZE);
    const broken = { ...syntheticCustomer(9999).customer, phones: '010-0000-0000' };
    crm.seed({ customers: [broken as unknown as CrmCustomer] });
    seedCustomers(crm, 3); // re-seeds 0..2 at the end of the feed, on the broken one's page

    const error = await pullCrmChanges({ db: bed.db, client, scope: ALL }).catch((e: unknown) => e);
    expect((error as CrmError).kind).toBe('malformed');
    // Customers 0..2 moved to the end of the feed, onto the broken page: not applied either.
    expect(bed.db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(PULL_PAGE_SIZE - 3);
    expect(
      bed.db.prepare("SELECT count(*) FROM customers WHERE id = 'C00000001'").pluck().get(),
    ).toBe(0);
    expect(
      bed.db.prepare("SELECT count(*) FROM customers WHERE id = 'C00009999'").pluck().get(),
    ).toBe(0);
  });

  it('keeps to the policy scope: only customers contacted in the last N days, and purges those whose last contact fell out of it (not those with an open callback)', async () => {
    const { bed, crm, client } = await setUp();
    const now = Date.now();
    const base = syntheticCustomer(1, { now }).customer;
    const customer = (id: string, lastContactAt: number | null, phone: string): CrmCustomer => ({
      ...base,
      id,
      lastContactAt,
      phones: [{ number: phone, label: null }],
    });
    crm.seed({
      customers: [
        customer('recent', now - 3 * DAY, '010-1111-0001'),
        customer('old', now - 200 * DAY, '010-1111-0002'),
        customer('never', null, '010-1111-0003'),
      ],
    });
    await pullCrmChanges({ db: bed.db, client, scope: { scope: 'recent', days: 30 } });
    const ids = () => bed.db.prepare('SELECT id FROM customers ORDER BY id').pluck().all();
    expect(ids()).toEqual(['recent']);

    // Cached earlier under a wider scope, now stale: purged, unless a callback is still open.
    const insert = bed.db.prepare(
      `INSERT INTO customers (id, display_name, updated_at, crm_version, last_contact_at) VALUES (?, '고객', 1, 1, ?)`,
    );
    insert.run('stale', now - 100 * DAY);
    insert.run('stale-with-callback', now - 100 * DAY);
    bed.db
      .prepare(
        `INSERT INTO callbacks (id, customer_id, number, reason, due_by, created_at)
         VALUES ('cb', 'stale-with-callback', '010-1111-0009', '재녹취', ?, 1)`,
      )
      .run(now + DAY);
    const result = await pullCrmChanges({
      db: bed.db,
      client,
      scope: { scope: 'recent', days: 30 },
    });
    expect(result.purged).toBe(1);
    expect(ids()).toEqual(['recent', 'stale-with-callback']);
    const audit = bed.db
      .prepare("SELECT detail FROM audit_log WHERE action = 'crm_cache.purged'")
      .pluck()
      .all();
    expect(audit).toEqual([JSON.stringify({ customers: 1, days: 30 })]);
  });

  it('lets a screen pop run between two pages of a long pull', async () => {
    const { bed, crm, client } = await setUp();
    seedCustomers(crm, 4 * PULL_PAGE_SIZE, Date.now());
    let pagesReceived = 0;
    const counting: CrmClient = {
      request: async (request) => {
        const answer = await client.request(request);
        pagesReceived++;
        return answer;
      },
    };
    const popsDuringPull: number[] = [];
    let done = false;
    const pull = pullCrmChanges({ db: bed.db, client: counting, scope: ALL }).finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (pop(bed, syntheticMobile(3)).length > 0) popsDuringPull.push(pagesReceived);
    }
    const result = await pull;
    expect(result.pages).toBeGreaterThan(3);
    // Pops succeeded while pages were still arriving, not only after the pull finished.
    expect(popsDuringPull.some((pages) => pages < result.pages)).toBe(true);
  });

  it('the sync loop pulls by itself, and when the CRM answers nonsense says so and keeps the cache', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-pull-'));
    crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token: TOKEN });
    seedCustomers(crm, 10);
    crm.setFault({ mode: 'schemaViolation', path: '/v1/changes' });
    const policy = machinePolicySchema.parse({
      version: 1,
      crm: { baseUrl: crm.url, syncIntervalSeconds: 1, cache: { scope: 'all' } },
    });
    bed = createIpcTestbed(SHIPPED_NOTICES, policy);
    const status = async () =>
      ((await bed!.dispatch('sync:getStatus', {}, { url: APP_URL })) as { value: SyncStatus })
        .value;
    await bed.dispatch('sync:setToken', { token: TOKEN }, { url: APP_URL });
    await expect.poll(status, { timeout: 10_000 }).toMatchObject({
      state: 'offline',
      problem: 'crm_invalid',
      cacheUpdatedAt: null,
    });
    expect(bed.db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(0);

    crm.setFault({ mode: 'none' });
    await expect.poll(async () => (await status()).state, { timeout: 10_000 }).toBe('online');
    expect((await status()).cacheUpdatedAt).toEqual(expect.any(Number));
    expect(bed.db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(10);
  });

  it("refreshes a popped customer's history from the CRM when it can, and answers from the cache when it cannot", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-refresh-'));
    crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token: TOKEN });
    const now = Date.now();
    const { customer, interactions } = syntheticCustomer(5, { now, interactionsPerCustomer: 10 });
    crm.seed({ customers: [{ ...customer, lastContactAt: now }], interactions });
    const policy = machinePolicySchema.parse({
      version: 1,
      crm: { baseUrl: crm.url, syncIntervalSeconds: 3600, cache: { scope: 'all' } },
    });
    bed = createIpcTestbed(SHIPPED_NOTICES, policy);
    await bed.dispatch('sync:setToken', { token: TOKEN }, { url: APP_URL });
    await expect
      .poll(
        async () =>
          ((await bed!.dispatch('sync:getStatus', {}, { url: APP_URL })) as { value: SyncStatus })
            .value.state,
        { timeout: 10_000 },
      )
      .toBe('online');
    // As for a customer who came into the cache's scope late: the card without its history.
    bed.db.prepare('DELETE FROM interactions').run();

    const refresh = async () =>
      (await bed!.dispatch(
        'crm:refreshHistory',
        { customerId: customer.id },
        { url: APP_URL },
      )) as {
        ok: boolean;
        value: Array<{ id: string }>;
      };
    const expected = [...interactions]
      .sort((a, b) => b.at - a.at)
      .slice(0, 20)
      .map((i) => i.id);
    expect(expected.length).toBeGreaterThan(0);
    // Same-time entries may come in either order: compare what, not how.
    expect((await refresh()).value.map((i) => i.id).sort()).toEqual([...expected].sort());

    // Broken answers and an unreachable CRM: the cache as it is, never an error.
    bed.db.prepare('DELETE FROM interactions').run();
    crm.setFault({ mode: 'schemaViolation', path: `/v1/customers/${customer.id}/interactions` });
    expect(await refresh()).toEqual({ ok: true, value: [] });
    crm.setFault({ mode: 'none' });
    await crm.stop();
    expect(await refresh()).toEqual({ ok: true, value: [] });
  });
});
