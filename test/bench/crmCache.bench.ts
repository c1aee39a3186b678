// The CRM side panel at call-centre scale (issue #5), in one run:
//   - cache build: 1,000,000 synthetic customers and ~5,000,000 interactions applied through the
//     same code the change-feed pull uses (applyChanges, 1,000 changes per transaction);
//   - cache size on disk after a checkpoint;
//   - screen-pop lookup in main (screenPop(): number -> card + last 20 interactions) for 10,000
//     random callers of that cache;
//   - screen pop end to end: a baresip customer rings the app running on that cache; page clock
//     from the INVITE arriving on the SIP WebSocket to the card and history being in the DOM,
//     and to the next animation frame;
//   - drain: 10,000 writes queued while the CRM was down, sent to the reference CRM when it is back.
// Results: bench-results/crm-cache-<timestamp>.json and crm-cache-latest.json. Measures only; the
// behaviour is asserted by the e2e and integration tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createCrmClient } from '../../main/crm/crmClient';
import type { CrmChange } from '../../main/crm/crmContract';
import { createOutboxSender } from '../../main/crm/outboxSender';
import { screenPop } from '../../main/crm/screenPop';
import { applyChanges } from '../../main/db/repositories/crmCache';
import { enqueueOutbox } from '../../main/db/repositories/outbox';
import { DATABASE_FILE_NAME } from '../../main/db/store';
import { startReferenceCrm } from '../crmReference/referenceCrm';
import {
  syntheticCustomer,
  syntheticCustomers,
  syntheticMobile,
} from '../crmReference/syntheticCustomers';
import {
  IN_NETNS,
  NETNS_SKIP_REASON,
  launchAgent,
  startStack,
  testAudio,
  ui,
} from '../e2e/support';
import type { AppHandle } from '../harness';
import { freshProfileDir } from '../harness/launchApp';
import { openProfileStore } from '../harness/profileStore';
import { startBaresipCustomer, type BaresipCustomer, type SipStack } from '../sip/stack';
import { round, summarize, writeBenchResult } from './summary';

const CUSTOMERS = Number(process.env['SORI_BENCH_CUSTOMERS'] ?? 1_000_000);
const LOOKUPS = 10_000;
const POP_CALLS = Number(process.env['SORI_BENCH_POP_CALLS'] ?? 20);
const DRAIN_WRITES = 10_000;
/** The customer the test Kamailio asserts for calls from 2001 (see test/sip/kamailio.cfg). */
const CALLER_INDEX = 777;
const NOW = Date.UTC(2026, 10, 1);

/** p50/p95/p99 of samples in ms. */
function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!, 3);
  return {
    n: samples.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: round(sorted.at(-1)!, 3),
  };
}

const results: Record<string, unknown> = {};

// Page code, as text: this file is compiled for Node, without the DOM's types.
/**
 * Timestamps every INVITE as the page receives it, before JsSIP sees it: a listener added when
 * the socket is created runs before the one JsSIP sets afterwards.
 */
const INVITE_STAMPER = `(() => {
  const Native = window.WebSocket;
  window.__invites = [];
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string' && event.data.startsWith('INVITE ')) {
          window.__invites.push(performance.now());
        }
      });
    }
  };
})();`;
/** Resolves when the card (with the caller's name) and the history are in the DOM, and a frame later. */
const CARD_WATCHER = `({ cardLabel, historyLabel, name }) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no card')), 20000);
    const observer = new MutationObserver(() => {
      const card = document.querySelector('[aria-label="' + cardLabel + '"]');
      const history = document.querySelector('[aria-label="' + historyLabel + '"]');
      if (!card || !card.textContent.includes(name) || !history) return;
      observer.disconnect();
      clearTimeout(timer);
      const rendered = performance.now();
      requestAnimationFrame(() => resolve({ rendered, frame: performance.now() }));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  })`;

describe.skipIf(!IN_NETNS)(`CRM cache at scale ${IN_NETNS ? '' : NETNS_SKIP_REASON}`, () => {
  const profileDir = freshProfileDir('bench-crm');
  let stack: SipStack | undefined;
  let customer: BaresipCustomer | undefined;
  let agent: AppHandle | undefined;
  afterAll(async () => {
    await agent?.close();
    await stack?.stop();
    fs.rmSync(profileDir, { recursive: true, force: true });
  });

  it(`builds a cache of ${CUSTOMERS.toLocaleString('en')} customers through the pull's code`, () => {
    // Encrypted with the profile's key, as the app keeps it (see encryption.bench.ts for the cost).
    const store = openProfileStore(profileDir);
    const started = performance.now();
    let page: CrmChange[] = [];
    let interactions = 0;
    const flush = store.db.transaction((changes: CrmChange[]) => applyChanges(store.db, changes));
    for (const { customer: c, interactions: history } of syntheticCustomers({
      customers: CUSTOMERS,
      now: NOW,
    })) {
      page.push({ entity: 'customer', id: c.id, data: c });
      for (const i of history) page.push({ entity: 'interaction', id: i.id, data: i });
      interactions += history.length;
      if (page.length >= 1000) {
        flush(page);
        page = [];
      }
    }
    flush(page);
    const buildMs = performance.now() - started;
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const dbFile = path.join(profileDir, DATABASE_FILE_NAME);
    const bytes = fs.statSync(dbFile).size;
    results['cacheBuild'] = {
      definition:
        'synthetic customers and their interactions applied with applyChanges (the pull code), 1,000 changes per transaction, on disk (WAL)',
      customers: CUSTOMERS,
      interactions,
      seconds: round(buildMs / 1000, 1),
      changesPerSecond: Math.round((CUSTOMERS + interactions) / (buildMs / 1000)),
    };
    results['cacheSize'] = {
      definition:
        'size of the SQLite file after a TRUNCATE checkpoint (customers, phones, interactions and their indexes)',
      bytes,
      mib: round(bytes / 2 ** 20, 1),
      bytesPerCustomer: Math.round(bytes / CUSTOMERS),
    };
    expect(interactions).toBeGreaterThan(CUSTOMERS);
  });

  it('looks up 10,000 random callers in main', () => {
    // Encrypted with the profile's key, as the app keeps it (see encryption.bench.ts for the cost).
    const store = openProfileStore(profileDir);
    const samples: number[] = [];
    let found = 0;
    for (let i = 0; i < LOOKUPS; i++) {
      const index = crypto.randomInt(CUSTOMERS);
      const started = performance.now();
      const pop = screenPop(store.db, { number: syntheticMobile(index) }, NOW);
      samples.push(performance.now() - started);
      if (pop.matches.some((m) => m.id === syntheticCustomer(index).customer.id)) found++;
    }
    store.close();
    expect(found).toBe(LOOKUPS);
    results['lookupInMain'] = {
      definition:
        'screenPop(): E.164 normalisation, phone index seek, card and last 20 interactions, for a random one of the cached customers (the encrypted store, one connection)',
      ...percentiles(samples),
    };
  });

  it('pops the caller end to end: INVITE on the WebSocket -> card and history rendered', async () => {
    const audio = await testAudio();
    stack = await startStack('bench-crm');
    customer = await startBaresipCustomer(stack, {
      user: '2001',
      sourceWav: audio.customerTone1000,
      autoAnswer: false,
    });
    agent = await launchAgent(stack, '1001', {
      language: 'ko',
      microphoneWav: audio.agentTone440,
      profileDir,
    });
    const words = ui('ko');
    await agent.page.context().addInitScript({ content: INVITE_STAMPER });
    await agent.page.reload();
    await agent.page.getByRole('button', { name: words.agentState['ready'], exact: true }).click();
    await agent.page
      .getByRole('status', { name: words.agentState['current'] })
      .filter({ hasText: words.agentState.state['ready']! })
      .waitFor({ timeout: 30_000 });
    const expectedName = syntheticCustomer(CALLER_INDEX, { now: NOW }).customer.name;
    const toRendered: number[] = [];
    const toFrame: number[] = [];
    for (let call = 0; call < POP_CALLS; call++) {
      const watch = agent.page.evaluate(
        `(${CARD_WATCHER})(${JSON.stringify({
          cardLabel: words.customer['card'],
          historyLabel: words.customer['history'],
          name: expectedName,
        })})`,
      ) as Promise<{ rendered: number; frame: number }>;
      customer.dial(stack.uri('1001'));
      const seen = await watch;
      const invite = (await agent.page.evaluate('window.__invites.at(-1)')) as number;
      toRendered.push(seen.rendered - invite);
      toFrame.push(seen.frame - invite);
      await agent.page.getByRole('button', { name: words.calls['decline'], exact: true }).click();
      await customer.waitForCallClosed();
      await agent.page
        .getByRole('dialog', { name: words.calls['incomingTitle'] })
        .waitFor({ state: 'hidden' });
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    results['screenPop'] = {
      definition: `page clock: the INVITE text frame arriving on the SIP WebSocket -> a MutationObserver sees the customer card (with the caller's name) and the history list in the DOM; "frame": to the next animation frame. The app's cache holds ${CUSTOMERS.toLocaleString('en')} customers; the caller (customer ${CALLER_INDEX}) is found by its P-Asserted-Identity; declined after each pop`,
      renderedMs: percentiles(toRendered),
      frameMs: percentiles(toFrame),
      renderedSummary: summarize(toRendered),
    };
  });

  it('drains 10,000 writes queued during an outage once the CRM is back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-bench-drain-'));
    const token = 'bench-token-0123456789';
    const crm = await startReferenceCrm({ dbFile: path.join(dir, 'crm.sqlite'), token });
    const store = openProfileStore(path.join(dir, 'profile'));
    store.db.transaction(() => {
      for (let i = 0; i < DRAIN_WRITES; i++) {
        const id = crypto.randomUUID();
        enqueueOutbox(
          store.db,
          'note.create',
          {
            id,
            customerId: null,
            callId: `call-${i}`,
            intentCode: null,
            body: `메모 ${i}: 요금 문의`,
            createdAt: NOW,
          },
          NOW,
          `note:${id}`,
        );
      }
    })();
    const sender = createOutboxSender({
      db: store.db,
      client: createCrmClient({ baseUrl: crm.url, token: () => token }),
    });
    const started = performance.now();
    let sent = 0;
    while (sent < DRAIN_WRITES) {
      const result = await sender.drain();
      if (result.sent === 0) throw new Error(`drain stalled: ${JSON.stringify(result)}`);
      sent += result.sent;
    }
    const ms = performance.now() - started;
    expect(crm.received()).toHaveLength(DRAIN_WRITES);
    store.close();
    await crm.close();
    results['drain'] = {
      definition:
        '10,000 note writes queued in the outbox, sent one request each (idempotency key, strict order) to the reference CRM on 127.0.0.1 (its own SQLite, one commit per write)',
      writes: DRAIN_WRITES,
      seconds: round(ms / 1000, 2),
      writesPerSecond: Math.round(DRAIN_WRITES / (ms / 1000)),
    };
  });

  it('writes bench-results/crm-cache-latest.json', () => {
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
      },
      ...results,
    };
    writeBenchResult('crm-cache', report);
    console.log(JSON.stringify(report, null, 2));
  });
});
