// What encrypting the profile's database at rest costs (issue #7, item 6): the same workload on a
// plaintext store and on an encrypted one (SQLite3 Multiple Ciphers, ChaCha20-Poly1305, raw
// 256-bit key from the secret store), each in a fresh profile, one after the other per figure:
//   - open: a new store (create + all migrations), and an existing store (header check,
//     quick_check, key, migrations check);
//   - cache build: synthetic customers and their history through applyChanges (the pull code),
//     1,000 changes per transaction;
//   - screen pop: screenPop() for random callers of that cache;
//   - note writes: notes submitted one per transaction (outbox row included; synchronous=FULL);
//   - size on disk;
//   - the one-off migration of the plaintext cache to encrypted (PRAGMA rekey);
//   - the key form: opening with the raw key versus a passphrase (PBKDF2, 64,007 rounds).
// Results: bench-results/encryption-<timestamp>.json and encryption-latest.json, with the ratio
// encrypted / plaintext for each figure. Measures only; no thresholds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CrmChange } from '../../main/crm/crmContract';
import { screenPop } from '../../main/crm/screenPop';
import { secretStoreKeyring, type DatabaseKeyring } from '../../main/db/databaseKey';
import Database, { applyDatabaseKey } from '../../main/db/driver';
import { applyChanges } from '../../main/db/repositories/crmCache';
import { submitNote } from '../../main/db/repositories/notes';
import { DATABASE_FILE_NAME, openStore, type Store } from '../../main/db/store';
import { createFileSecretStore, developmentPlaintextCipher } from '../../main/secrets/secretStore';
import { syntheticCustomers, syntheticMobile } from '../crmReference/syntheticCustomers';
import { round, writeBenchResult } from './summary';

const CUSTOMERS = Number(process.env['SORI_BENCH_ENC_CUSTOMERS'] ?? 100_000);
const LOOKUPS = 10_000;
const NOTES = 500;
const OPENS = 20;
const OPEN_ROUNDS = 5;
const NOW = Date.UTC(2026, 10, 1);

type Variant = 'plaintext' | 'encrypted';
const VARIANTS: readonly Variant[] = ['plaintext', 'encrypted'];

const dirs = Object.fromEntries(
  VARIANTS.map((v) => [v, fs.mkdtempSync(path.join(os.tmpdir(), `sori-bench-${v}-`))]),
) as Record<Variant, string>;
const keyrings: Record<Variant, DatabaseKeyring | undefined> = {
  plaintext: undefined,
  encrypted: secretStoreKeyring(
    createFileSecretStore(path.join(dirs.encrypted, 'secrets'), developmentPlaintextCipher),
  ),
};
const open = (v: Variant): Store => {
  const keyring = keyrings[v];
  return openStore(dirs[v], keyring ? { keyring } : {});
};

/** Per figure: both variants and encrypted / plaintext. */
const results: Record<string, unknown> = {};
function record(
  name: string,
  definition: string,
  figures: Record<Variant, Record<string, number>>,
) {
  const ratio: Record<string, number> = {};
  for (const key of Object.keys(figures.plaintext)) {
    const plain = figures.plaintext[key]!;
    const enc = figures.encrypted[key];
    if (enc !== undefined && plain > 0) ratio[key] = round(enc / plain, 2);
  }
  results[name] = { definition, ...figures, ratioEncryptedToPlaintext: ratio };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!, 4);
  return { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

const median = (samples: number[]) =>
  round([...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!, 3);

const time = (fn: () => void) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};

describe(`database encryption cost (${CUSTOMERS.toLocaleString('en')} customers)`, () => {
  afterAll(() => {
    for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a new store: create and migrate', () => {
    // Alternating, in fresh profiles each time; the first round warms the modules for both.
    const samples: Record<Variant, number[]> = { plaintext: [], encrypted: [] };
    for (let round_ = 0; round_ <= OPEN_ROUNDS; round_++) {
      for (const v of round_ % 2 ? [...VARIANTS].reverse() : VARIANTS) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sori-bench-open-${v}-`));
        const keyring =
          v === 'encrypted'
            ? secretStoreKeyring(
                createFileSecretStore(path.join(dir, 'secrets'), developmentPlaintextCipher),
              )
            : undefined;
        let store: Store | undefined;
        const ms = time(() => {
          store = openStore(dir, keyring ? { keyring } : {});
        });
        store!.close();
        fs.rmSync(dir, { recursive: true, force: true });
        if (round_ > 0) samples[v].push(ms);
      }
    }
    record(
      'openNew',
      `openStore() on an empty profile (create, all migrations; encrypted: key created in the secret store), median of ${OPEN_ROUNDS} alternating rounds after one warm-up`,
      {
        plaintext: { medianMs: median(samples.plaintext) },
        encrypted: { medianMs: median(samples.encrypted) },
      },
    );
  });

  it('builds the cache through the pull code', () => {
    const figures = {} as Record<Variant, Record<string, number>>;
    for (const v of VARIANTS) {
      const store = open(v);
      const flush = store.db.transaction((changes: CrmChange[]) => applyChanges(store.db, changes));
      let page: CrmChange[] = [];
      let changes = 0;
      const ms = time(() => {
        for (const { customer, interactions } of syntheticCustomers({
          customers: CUSTOMERS,
          now: NOW,
        })) {
          page.push({ entity: 'customer', id: customer.id, data: customer });
          for (const i of interactions) page.push({ entity: 'interaction', id: i.id, data: i });
          changes += 1 + interactions.length;
          if (page.length >= 1000) {
            flush(page);
            page = [];
          }
        }
        flush(page);
      });
      store.close();
      const bytes = fs.statSync(path.join(dirs[v], DATABASE_FILE_NAME)).size;
      figures[v] = {
        seconds: round(ms / 1000, 2),
        changesPerSecond: Math.round(changes / (ms / 1000)),
        mib: round(bytes / 2 ** 20, 1),
      };
    }
    record(
      'cacheBuild',
      'synthetic customers with their interactions, applyChanges, 1,000 changes per transaction, WAL, synchronous=FULL; mib: file size after close (checkpoint TRUNCATE)',
      figures,
    );
  });

  it('reopens the existing store (start-up with quick_check)', () => {
    const samples: Record<Variant, number[]> = { plaintext: [], encrypted: [] };
    for (let round_ = 0; round_ < OPEN_ROUNDS; round_++) {
      for (const v of round_ % 2 ? [...VARIANTS].reverse() : VARIANTS) {
        samples[v].push(time(() => open(v).close()));
      }
    }
    record(
      'openExisting',
      `openStore() on the filled profile as at app start: header, read-only check connection with PRAGMA quick_check (reads and, encrypted, decrypts every page), key, migrations check, close; median of ${OPEN_ROUNDS} alternating rounds (file in the OS page cache)`,
      {
        plaintext: { medianMs: median(samples.plaintext) },
        encrypted: { medianMs: median(samples.encrypted) },
      },
    );
  });

  it('pops random callers (screenPop in main)', () => {
    const figures = {} as Record<Variant, Record<string, number>>;
    const callers = Array.from({ length: LOOKUPS }, () => crypto.randomInt(CUSTOMERS));
    for (const v of VARIANTS) {
      const store = open(v);
      // Warm the page cache the same way for both: one pass over a few callers.
      for (const index of callers.slice(0, 100))
        screenPop(store.db, { number: syntheticMobile(index) }, NOW);
      const samples = callers.map((index) => {
        const started = performance.now();
        const pop = screenPop(store.db, { number: syntheticMobile(index) }, NOW);
        const ms = performance.now() - started;
        if (pop.matches.length === 0) throw new Error(`caller ${index} not found`);
        return ms;
      });
      store.close();
      figures[v] = percentiles(samples);
    }
    record(
      'screenPop',
      'screenPop(): number -> card and last 20 interactions, random cached callers, one connection, default page cache (2 MiB), fresh connection per variant',
      figures,
    );
  });

  it('writes notes one transaction each', () => {
    const figures = {} as Record<Variant, Record<string, number>>;
    for (const v of VARIANTS) {
      const store = open(v);
      const samples: number[] = [];
      for (let i = 0; i < NOTES; i++) {
        const started = performance.now();
        store.db.transaction(() =>
          submitNote(
            store.db,
            {
              callId: `bench-call-${i}`,
              customerId: null,
              intentCode: null,
              body: `요금제 변경 문의, 다음 달부터 적용 요청 (${i})`.repeat(4),
              updatedAt: NOW,
            },
            NOW + i,
          ),
        )();
        samples.push(performance.now() - started);
      }
      store.close();
      figures[v] = percentiles(samples);
    }
    record(
      'noteWrite',
      'submitNote (note row + outbox row) in its own transaction: one commit, one fsync of the WAL (synchronous=FULL)',
      figures,
    );
  });

  it('migrates the plaintext cache to encrypted (first start of this version)', () => {
    // A copy of the filled plaintext profile, encrypted as an upgraded installation would be.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'sori-bench-migrate-'));
    try {
      fs.copyFileSync(
        path.join(dirs.plaintext, DATABASE_FILE_NAME),
        path.join(copy, DATABASE_FILE_NAME),
      );
      const bytes = fs.statSync(path.join(copy, DATABASE_FILE_NAME)).size;
      const keyring = secretStoreKeyring(
        createFileSecretStore(path.join(copy, 'secrets'), developmentPlaintextCipher),
      );
      let store: Store | undefined;
      const ms = time(() => {
        store = openStore(copy, { keyring });
      });
      expect(store!.encryption).toBe('migrated');
      store!.close();
      results['migration'] = {
        definition:
          'openStore() with a keyring on a copy of the filled plaintext database: quick_check, checkpoint, journal DELETE, PRAGMA rekey (every page rewritten), reopen in WAL, migrations check',
        mib: round(bytes / 2 ** 20, 1),
        seconds: round(ms / 1000, 2),
        mibPerSecond: round(bytes / 2 ** 20 / (ms / 1000), 1),
      };
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('key form: raw key versus passphrase (KDF) per connection', () => {
    const file = path.join(dirs.encrypted, DATABASE_FILE_NAME);
    const key = keyrings.encrypted!.load()!;
    const rawSamples: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      rawSamples.push(
        time(() => {
          const db = new Database(file, { readonly: true });
          applyDatabaseKey(db, key);
          db.pragma('user_version');
          db.close();
        }),
      );
    }
    // A passphrase-keyed database of the same size class is not needed: the KDF runs per
    // connection before the first page is read, whatever the file.
    const passFile = path.join(dirs.encrypted, 'passphrase.sqlite');
    const setup = new Database(passFile);
    setup.pragma("cipher = 'chacha20'");
    setup.pragma(`key = '${key.toString('hex')}'`);
    setup.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);');
    setup.close();
    const passSamples: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      passSamples.push(
        time(() => {
          const db = new Database(passFile, { readonly: true });
          db.pragma("cipher = 'chacha20'");
          db.pragma(`key = '${key.toString('hex')}'`);
          db.pragma('user_version');
          db.close();
        }),
      );
    }
    results['keyForm'] = {
      definition:
        "open a connection, set the key, read page 1, close; raw: PRAGMA key=\"x'<64 hex>'\" (used); passphrase: the same 64 characters as a passphrase (PBKDF2-SHA256, sqlite3mc's default 64,007 rounds for chacha20)",
      rawKeyMedianMs: median(rawSamples),
      passphraseMedianMs: median(passSamples),
    };
  });

  it('writes bench-results/encryption-latest.json', () => {
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        memoryGiB: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
        driver:
          'better-sqlite3-multiple-ciphers 12.9.0 (SQLite3 Multiple Ciphers), cipher chacha20',
      },
      customers: CUSTOMERS,
      ...results,
    };
    writeBenchResult('encryption', report);
    console.log(JSON.stringify(report, null, 2));
  });
});
