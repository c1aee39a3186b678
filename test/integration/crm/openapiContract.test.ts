import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  callbackAttemptWriteSchema,
  callbackWriteSchema,
  changePageSchema,
  crmIdentitySchema,
  dispositionWriteSchema,
  monitoringGrantRequestSchema,
  monitoringGrantResponseSchema,
  noteWriteSchema,
} from '../../../main/crm/crmContract';
import { seedDemoCrm } from '../../crmReference/demoData';
import { startReferenceCrm, type ReferenceCrm } from '../../crmReference/referenceCrm';
import { syntheticCustomer, syntheticMobile } from '../../crmReference/syntheticCustomers';

const TOKEN = 'contract-token-0123456789';
const DOC = parse(
  fs.readFileSync(path.resolve(__dirname, '../../../main/crm/openapi.yaml'), 'utf8'),
) as { paths: Record<string, Record<string, unknown>> };

// Every route the reference CRM serves (see referenceCrm.ts), as the document must describe it.
const SERVED = [
  'get /v1/ping',
  'get /v1/changes',
  'get /v1/customers',
  'post /v1/customers',
  'get /v1/customers/{id}',
  'get /v1/customers/{id}/interactions',
  'post /v1/notes',
  'put /v1/notes/{id}',
  'post /v1/dispositions',
  'post /v1/callbacks',
  'post /v1/callbacks/{id}/attempts',
  'post /v1/notices/{id}/ack',
  'post /v1/alerts',
  'get /v1/me',
  'post /v1/monitoring/grants',
  'post /v1/presence',
  'get /v1/team/board',
  'get /v1/team/events',
];
const LEAD = {
  agentId: 'lead-7',
  sipUri: 'sip:2001@127.0.0.1',
  displayName: '김팀장',
  role: 'lead' as const,
  team: 'team-a',
};
const MEMBER = {
  ...LEAD,
  agentId: 'agent-1001',
  sipUri: 'sip:1001@127.0.0.1',
  role: 'agent' as const,
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addSchema(DOC as object, 'crm');
/** Validates `data` against a component schema of the document; returns ajv's errors or null. */
const check = (name: string, data: unknown) => {
  const validate = ajv.getSchema(`crm#/components/schemas/${name}`)!;
  return validate(data) ? null : validate.errors;
};

describe('the reference CRM keeps the documented contract (main/crm/openapi.yaml)', () => {
  let crm: ReferenceCrm;
  const call = async (method: string, route: string, body?: unknown, headers = {}) => {
    const res = await fetch(`${crm.url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined
          ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }
          : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-openapi-'));
    crm = await startReferenceCrm({
      dbFile: path.join(dir, 'crm.sqlite'),
      token: TOKEN,
      user: LEAD,
      directory: [MEMBER],
    });
    seedDemoCrm(crm, { customers: 300 });
  });
  afterAll(() => crm?.close());

  it('documents every route the reference CRM serves', () => {
    const documented = Object.entries(DOC.paths).flatMap(([route, item]) =>
      Object.keys(item).map((method) => `${method} ${route}`),
    );
    expect(documented.sort()).toEqual([...SERVED].sort());
  });

  it('the change feed: every page matches the document and the zod contract the desktop parses', async () => {
    let cursor = '';
    let entries = 0;
    for (let pages = 0; pages < 100; pages++) {
      const { status, json } = await call('GET', `/v1/changes?cursor=${cursor}&limit=200`);
      expect(status).toBe(200);
      expect(check('ChangePage', json)).toBeNull();
      const page = changePageSchema.parse(json);
      entries += page.changes.length;
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    // 300 customers, their interactions, a notice, 5 intents, 3 dispositions, 2 scripts.
    expect(entries).toBeGreaterThan(300 + 11);
  });

  it('the reads: customers by phone and id, interactions in pages, ping', async () => {
    expect(check('Customer', syntheticCustomer(1).customer)).toBeNull();
    const byPhone = await call('GET', `/v1/customers?phone=${syntheticMobile(7)}`);
    expect(byPhone.status).toBe(200);
    const customers = (byPhone.json as { customers: unknown[] }).customers;
    expect(customers).toHaveLength(1);
    customers.forEach((c) => expect(check('Customer', c)).toBeNull());
    const one = await call('GET', '/v1/customers/C00000007');
    expect(check('Customer', (one.json as { customer: unknown }).customer)).toBeNull();
    expect((await call('GET', '/v1/customers/nobody')).status).toBe(404);
    const history = await call('GET', '/v1/customers/C00000007/interactions?limit=2');
    const page = history.json as { interactions: unknown[]; nextCursor: string | null };
    page.interactions.forEach((i) => expect(check('Interaction', i)).toBeNull());
    expect(await call('GET', '/v1/ping')).toEqual({ status: 200, json: { ok: true } });
  });

  it('the writes: bodies the desktop sends match both contracts, answers match the document', async () => {
    const note = {
      id: crypto.randomUUID(),
      customerId: 'C00000007',
      callId: 'call-1',
      intentCode: 'billing.inquiry',
      body: '요금 문의',
      createdAt: 1,
    };
    expect(check('NoteWrite', noteWriteSchema.parse(note))).toBeNull();
    const created = await call('POST', '/v1/notes', note);
    expect(created.status).toBe(201);
    expect(check('NoteResponse', created.json)).toBeNull();

    const edit = { id: note.id, intentCode: null, body: '요금 문의: 재확인' };
    expect(check('NoteUpdate', edit)).toBeNull();
    const stale = await call('PUT', `/v1/notes/${note.id}`, edit, { 'if-match': '"7"' });
    expect(stale.status).toBe(409);
    expect(check('NoteConflict', stale.json)).toBeNull();
    const applied = await call('PUT', `/v1/notes/${note.id}`, edit, { 'if-match': '"1"' });
    expect(applied.status).toBe(200);
    expect(check('NoteResponse', applied.json)).toBeNull();

    const disposition = { callId: 'call-1', customerId: null, code: 'resolved', at: 2 };
    expect(check('DispositionWrite', dispositionWriteSchema.parse(disposition))).toBeNull();
    expect(await call('POST', '/v1/dispositions', disposition)).toEqual({
      status: 201,
      json: { ok: true },
    });
    const callback = {
      id: crypto.randomUUID(),
      customerId: null,
      number: '010-1234-5678',
      reason: '재녹취',
      dueBy: 3,
      scheduledAt: null,
    };
    expect(check('CallbackWrite', callbackWriteSchema.parse(callback))).toBeNull();
    expect((await call('POST', '/v1/callbacks', callback)).status).toBe(201);
    const attempt = { callbackId: callback.id, at: 4, outcome: 'busy', nextAttemptAt: 5 };
    expect(check('CallbackAttemptWrite', callbackAttemptWriteSchema.parse(attempt))).toBeNull();
    expect((await call('POST', `/v1/callbacks/${callback.id}/attempts`, attempt)).status).toBe(201);
    const ack = await call('POST', '/v1/notices/notice-2026-12-rates/ack', {
      noticeId: 'notice-2026-12-rates',
      at: 6,
    });
    expect(ack).toEqual({ status: 200, json: { ok: true } });
    const alert = { callId: 'call-1', reason: 'abuse', warnings: 2, at: 7, recoveryUntil: 8 };
    expect(check('TeamLeadAlertWrite', alert)).toBeNull();
    expect((await call('POST', '/v1/alerts', alert)).status).toBe(201);
    const newCustomer = { id: crypto.randomUUID(), name: '신규 고객', phone: '010-5555-0101' };
    expect(check('NewCustomerWrite', newCustomer)).toBeNull();
    expect((await call('POST', '/v1/customers', newCustomer)).status).toBe(201);
    expect((await call('GET', '/v1/notes', undefined)).status).toBe(404);
  });

  it('team leads: who the token is, and a monitoring grant, match both contracts', async () => {
    const me = await call('GET', '/v1/me');
    expect(me.status).toBe(200);
    expect(check('Identity', me.json)).toBeNull();
    expect(crmIdentitySchema.parse(me.json)).toEqual(LEAD);
    const request = { agent: MEMBER.sipUri, mode: 'listen' };
    expect(check('MonitoringGrantRequest', monitoringGrantRequestSchema.parse(request))).toBeNull();
    const issued = await call('POST', '/v1/monitoring/grants', request);
    expect(issued.status).toBe(201);
    expect(check('MonitoringGrant', issued.json)).toBeNull();
    expect(monitoringGrantResponseSchema.safeParse(issued.json).success).toBe(true);
    const refused = await call('POST', '/v1/monitoring/grants', {
      agent: 'sip:9@x',
      mode: 'barge',
    });
    expect(refused.status).toBe(403);
    expect(check('Problem', refused.json)).toBeNull();
    expect(check('Identity', { ...LEAD, role: 'admin' })).not.toBeNull();
    expect(check('MonitoringGrantRequest', { agent: MEMBER.sipUri, mode: 'spy' })).not.toBeNull();
  });

  it('is not vacuous: bodies that break the contract fail the document', () => {
    const customer = syntheticCustomer(3).customer;
    expect(check('Customer', { ...customer, phones: '010-1234-5678' })).not.toBeNull();
    expect(check('Customer', { ...customer, preferredLanguage: 'ja' })).not.toBeNull();
    expect(
      check('ChangePage', {
        changes: [{ entity: 'weather', id: 'x', data: null }],
        nextCursor: 's1',
        hasMore: false,
      }),
    ).not.toBeNull();
    expect(
      check('ChangePage', {
        changes: [{ entity: 'interaction', id: 'i', data: { id: 'i', kind: 'Call In!' } }],
        nextCursor: 's1',
        hasMore: false,
      }),
    ).not.toBeNull();
    expect(check('NoteWrite', { id: 'not-a-uuid', body: '' })).not.toBeNull();
    expect(
      check('DispositionWrite', { callId: 'c', customerId: null, code: 'a b', at: 1 }),
    ).not.toBeNull();
  });
});
