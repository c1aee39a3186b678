import { afterEach, describe, expect, it } from 'vitest';
import { APP_URL, createIpcTestbed } from '../ipc/ipcTestbed';

const sender = { url: APP_URL };
type Bed = ReturnType<typeof createIpcTestbed>;

function seed(bed: Bed): void {
  const customer = bed.db.prepare(
    `INSERT INTO customers (id, display_name, updated_at, crm_version, profile, preferred_language)
     VALUES (?, ?, ?, 1, ?, ?)`,
  );
  const phone = bed.db.prepare(
    'INSERT INTO customer_phones (customer_id, number, normalized, label) VALUES (?, ?, ?, ?)',
  );
  customer.run(
    'cust-kim',
    '김민준',
    200,
    JSON.stringify({ segment: 'vip', flags: { vip: true, abusive: false }, since: '2019-03-02' }),
    'ko',
  );
  phone.run('cust-kim', '010-1234-5678', '+821012345678', 'mobile');
  phone.run('cust-kim', '02-312-3456', '+8223123456', 'home');
  // A family line shared with another customer, and a profile this version cannot read.
  customer.run('cust-lee', '이서연', 100, JSON.stringify({ products: 'not a list' }), 'en');
  phone.run('cust-lee', '02-312-3456', '+8223123456', 'home');
  const interaction = bed.db.prepare(
    "INSERT INTO interactions (id, customer_id, kind, at, summary) VALUES (?, 'cust-kim', 'call_in', ?, ?)",
  );
  for (let i = 1; i <= 25; i++) interaction.run(`i-${i}`, i * 1000, `문의 ${i}`);
}

describe('screen pop from the local cache (real SQLite)', () => {
  let bed: Bed | undefined;
  afterEach(() => bed?.close());

  const lookup = async (number: string) => {
    const result = await bed!.dispatch('crm:lookup', { number }, sender);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    return (
      result as {
        value: { matches: Array<Record<string, unknown>>; history: Array<{ id: string }> };
      }
    ).value;
  };

  it('finds the caller however the number is written, with the last 20 interactions newest first', async () => {
    bed = createIpcTestbed();
    seed(bed);
    for (const number of ['010-1234-5678', 'sip:01012345678@pbx.example.com', '+82 10 1234 5678']) {
      const { matches, history } = await lookup(number);
      expect(matches.map((m) => m['name'])).toEqual(['김민준']);
      expect(history).toHaveLength(20);
      expect(history[0]!.id).toBe('i-25');
      expect(history.at(-1)!.id).toBe('i-6');
    }
    const [card] = (await lookup('010-1234-5678')).matches;
    expect(card).toMatchObject({
      id: 'cust-kim',
      preferredLanguage: 'ko',
      profile: { segment: 'vip', flags: { vip: true, abusive: false } },
      phones: [
        { number: '010-1234-5678', label: 'mobile' },
        { number: '02-312-3456', label: 'home' },
      ],
    });
  });

  it('offers every customer on a shared line, and an unreadable profile as an empty card', async () => {
    bed = createIpcTestbed();
    seed(bed);
    const { matches } = await lookup('02-312-3456');
    expect(matches.map((m) => m['id'])).toEqual(['cust-kim', 'cust-lee']);
    expect(matches[1]!['profile']).toEqual({});
    const other = await bed.dispatch('crm:history', { customerId: 'cust-lee' }, sender);
    expect(other).toEqual({ ok: true, value: [] });
  });

  it('finds nobody for an unknown or withheld number', async () => {
    bed = createIpcTestbed();
    seed(bed);
    expect(await lookup('010-9999-0000')).toEqual({ matches: [], history: [] });
    expect(await lookup('sip:anonymous@anonymous.invalid')).toEqual({ matches: [], history: [] });
  });

  it('prefers the CRM id an IVR sent, then the asserted number, then From; a unique pop counts as a contact', async () => {
    bed = createIpcTestbed();
    seed(bed);
    const pop = async (request: Record<string, string>) =>
      (
        (await bed!.dispatch('crm:lookup', request, sender)) as {
          value: { matches: Array<{ id: string }> };
        }
      ).value.matches.map((m) => m.id);
    // The IVR's id wins over a number that would pop someone else…
    expect(await pop({ number: '02-312-3456', customerId: 'cust-lee' })).toEqual(['cust-lee']);
    // …an id the cache does not hold falls back to the numbers, the asserted one first.
    expect(
      await pop({
        number: '02-312-3456',
        assertedNumber: '<tel:+821012345678>',
        customerId: 'nobody',
      }),
    ).toEqual(['cust-kim']);
    expect(await pop({ number: '010-1234-5678', assertedNumber: 'tel:+821099990000' })).toEqual([
      'cust-kim',
    ]);
    const lastContact = bed.db
      .prepare("SELECT last_contact_at FROM customers WHERE id = 'cust-kim'")
      .pluck()
      .get() as number;
    expect(Date.now() - lastContact).toBeLessThan(60_000);
    // A header value that is not an id is refused by the contract, not looked up.
    const hostile = await bed.dispatch(
      'crm:lookup',
      { number: '2001', customerId: "x' OR 1=1 --" },
      sender,
    );
    expect(hostile).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('registers an unknown caller (신규 고객): in the cache at once, queued for the CRM', async () => {
    bed = createIpcTestbed();
    const created = await bed.dispatch(
      'crm:createCustomer',
      { name: '박신규', number: 'sip:01055550101@pbx.example', preferredLanguage: 'en' },
      sender,
    );
    expect(created).toMatchObject({
      ok: true,
      value: { name: '박신규', preferredLanguage: 'en', phones: [{ number: '01055550101' }] },
    });
    const id = (created as { value: { id: string } }).value.id;
    expect((await lookup('010-5555-0101')).matches.map((m) => m['id'])).toEqual([id]);
    const queued = bed.db.prepare('SELECT kind, entity, payload FROM outbox').all() as Array<{
      kind: string;
      entity: string;
      payload: string;
    }>;
    expect(queued.map((q) => [q.kind, q.entity])).toEqual([['customer.create', `customer:${id}`]]);
    expect(JSON.parse(queued[0]!.payload)).toEqual({ id, name: '박신규', phone: '01055550101' });
    expect(
      await bed.dispatch(
        'crm:createCustomer',
        { name: '이름', number: 'sip:anonymous@anonymous.invalid', preferredLanguage: null },
        sender,
      ),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});
