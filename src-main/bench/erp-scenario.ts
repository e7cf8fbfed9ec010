// The ERP connector at scale, against the simulator in a child process (the ERP is another machine): a full accounts
// sync and a full price export through the engine, each against the same reads stored raw; a 1%-changed incremental
// sync; 1,000 orders each carrying a pending account change pushed through the queue, against the same requests sent
// raw; and the latency of a contract call made every 10 ms during the price export.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createCore } from '../core/create-core';
import { createErpConnector, ERP_ID } from '../connectors/erp';
import { ACCOUNTS_TASK_ID, PRICES_TASK_ID } from '../connectors/erp/ids';
import { createErpClient, type ErpClient } from '../connectors/erp/client';
import { erpSettingsOf } from '../connectors/erp/settings';
import { SANDBOX_CREDENTIALS } from '../connectors/erp/sandbox';
import { itemIdOf, PRICE_CLASSES } from '../connectors/erp/sandbox-data';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';
import type { BenchResult } from './bench-types';
import { startSimChild, type SimChild } from './sim-child';
import { peakRssMb, profilePhase, seconds } from './measure';
import { ERP_SIM_CHILD } from './erp-sim-child';

const PAGE_SIZE = 1000;
/** The connector's bulkhead (jobs of the ERP in flight at once): the raw orders go as many at a time. */
const ORDER_CONCURRENCY = 4;
const ORDERS = 1000;
/** Manual overrides entered before the price export: half on price levels, half on accounts. */
const OVERRIDES = 2000;

type Remote = SimChild<{ url: string }>;

const startRemote = (customers: number, prices: number): Promise<Remote> => startSimChild(ERP_SIM_CHILD, [String(customers), String(prices)]);

const settingsFor = (url: string) => erpSettingsOf({ baseUrl: `${url}/`, username: SANDBOX_CREDENTIALS.username, password: SANDBOX_CREDENTIALS.password, tenant: SANDBOX_CREDENTIALS.tenant, pageSize: PAGE_SIZE });

/** The same three reads (customers, contacts, ship-tos, every one), each page upserted in one plain transaction. */
async function rawAccounts(client: ErpClient, file: string): Promise<{ seconds: number; records: number }> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE a (number TEXT PRIMARY KEY, name TEXT, status TEXT, email TEXT, phone TEXT, line1 TEXT, city TEXT, postal TEXT, country TEXT, terms TEXT, rep TEXT, level TEXT, erp_id TEXT);
    CREATE TABLE c (id INTEGER PRIMARY KEY, account TEXT, name TEXT, email TEXT, phone TEXT, active INTEGER);
    CREATE TABLE l (account TEXT, location TEXT, name TEXT, line1 TEXT, city TEXT, postal TEXT, country TEXT, PRIMARY KEY (account, location));`);
  const upA = db.prepare(`INSERT INTO a VALUES (@number, @name, @status, @email, @phone, @line1, @city, @postal, @country, @terms, @rep, @level, @erpId)
    ON CONFLICT (number) DO UPDATE SET name = excluded.name, status = excluded.status, email = excluded.email, phone = excluded.phone, line1 = excluded.line1,
      city = excluded.city, postal = excluded.postal, country = excluded.country, terms = excluded.terms, rep = excluded.rep, level = excluded.level`);
  const upC = db.prepare(`INSERT INTO c VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET account = excluded.account, name = excluded.name, email = excluded.email, phone = excluded.phone, active = excluded.active`);
  const upL = db.prepare(`INSERT INTO l VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, location) DO UPDATE SET name = excluded.name, line1 = excluded.line1, city = excluded.city, postal = excluded.postal, country = excluded.country`);
  const t0 = process.hrtime.bigint();
  let records = 0;
  for await (const page of client.customersChangedSince(null)) {
    db.transaction(() => {
      for (const r of page.records)
        upA.run({ number: r.accountNumber, name: r.name, status: r.status, email: r.email, phone: r.phone, line1: r.address?.line1 ?? null, city: r.address?.city ?? null, postal: r.address?.postalCode ?? null, country: r.address?.country ?? null, terms: r.terms, rep: r.repCode, level: r.priceClass, erpId: r.id });
    })();
    records += page.records.length;
  }
  for await (const page of client.contactsChangedSince(null)) {
    db.transaction(() => {
      for (const k of page.records) upC.run(k.contactId, k.customerId, [k.firstName, k.lastName].filter(Boolean).join(' '), k.email, k.phone, k.active ? 1 : 0);
    })();
    records += page.records.length;
  }
  for await (const page of client.locationsChangedSince(null)) {
    db.transaction(() => {
      for (const x of page.records) upL.run(x.customerId, x.locationId, x.name, x.address?.line1 ?? null, x.address?.city ?? null, x.address?.postalCode ?? null, x.address?.country ?? null);
    })();
    records += page.records.length;
  }
  const secs = seconds(t0);
  db.close();
  return { seconds: secs, records };
}

/** The full price export read the same way, each scope's rows replaced in a plain table (one transaction a page). */
async function rawPrices(client: ErpClient, file: string): Promise<{ seconds: number; prices: number }> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE p (scope TEXT, item TEXT, cents INTEGER, export TEXT, PRIMARY KEY (scope, item))`);
  const put = db.prepare(`INSERT INTO p VALUES (?, ?, ?, ?) ON CONFLICT (scope, item) DO UPDATE SET cents = excluded.cents, export = excluded.export`);
  const sweep = db.prepare(`DELETE FROM p WHERE export <> ?`);
  const t0 = process.hrtime.bigint();
  let prices = 0;
  for await (const page of client.prices()) {
    db.transaction(() => {
      for (const r of page) put.run(`${r.priceType}:${r.priceCode}`, r.inventoryId, Math.round(r.price * 100), 'raw');
    })();
    prices += page.length;
  }
  sweep.run('raw');
  const secs = seconds(t0);
  db.close();
  return { seconds: secs, prices };
}

/** One item list per order, from active items (every 400th is inactive in the simulator). */
const linesOf = (i: number) => [{ item: itemIdOf(1 + (i % 397)), qty: 1 + (i % 3), unitPriceCents: 1000 + (i % 50) * 10 }];

/** What the order job sends per order, raw: the account's change, the lookup by customer order, the order. */
async function rawOrders(client: ErpClient, accounts: string[], prefix: string): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (next < accounts.length) {
      const i = next++;
      const customerId = accounts[i]!;
      await client.putCustomer({ accountNumber: customerId, phone: `+1 555 01${String(i).padStart(4, '0')}` });
      await client.placeSalesOrder({ customerId, customerOrder: `${prefix}${i}`, lines: linesOf(i).map((l) => ({ inventoryId: l.item, quantity: l.qty, unitPrice: l.unitPriceCents / 100 })) });
    }
  };
  await Promise.all(Array.from({ length: ORDER_CONCURRENCY }, worker));
  return seconds(t0);
}

/** The seed makes every 29th customer Inactive and every 31st On Hold (the connector's README): the ERP refuses their orders. */
const takesOrders = (accountNumber: string) => {
  const i = Number(accountNumber.slice(1));
  return i % 29 !== 0 && i % 31 !== 0;
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export async function runErpScenario(args: { accounts: number; prices: number }): Promise<BenchResult> {
  const { accounts: n, prices: m } = args;
  if (!Number.isInteger(n) || n < 2000 || n > 100_000) throw new Error('--accounts must be a whole number from 2,000 to 100,000');
  if (!Number.isInteger(m) || m < 10_000 || m > 1_000_000) throw new Error('--prices must be a whole number from 10,000 to 1,000,000');
  const remote = await startRemote(n, m);
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-bench-erp-'));
  const core = await createCore({
    mode: 'headless',
    dataDir: join(dir, 'data'),
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createErpConnector()],
    credentials: createMemoryCredentialStore({}, 'memory (bench)'),
  });
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await core.dispatch(channel as never, input as never);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data as T;
  };
  // The smallest correct program parses each page where it reads it, one after the other.
  const rawClient = createErpClient(settingsFor(remote.urls.url), { shareSession: false, parseOffThread: false });
  try {
    await call('connections:save', {
      connectorId: ERP_ID,
      values: { baseUrl: `${remote.urls.url}/`, username: SANDBOX_CREDENTIALS.username, tenant: SANDBOX_CREDENTIALS.tenant, pageSize: PAGE_SIZE },
      secrets: { password: SANDBOX_CREDENTIALS.password },
    });
    const { tasks, jobs, repos } = core.services;
    const runTask = async (taskId: string) => {
      const t0 = process.hrtime.bigint();
      const run = await tasks.wait((await tasks.start(ERP_ID, taskId, 'manual')).runId);
      const s = seconds(t0);
      if (run?.status !== 'success') throw new Error(`${taskId} ended ${run?.status}: ${run?.message}`);
      return { s, run };
    };

    // ---- accounts: full sync through the engine, then the same reads raw --------------------------------------------
    const full = await profilePhase('erp-accounts', () => runTask(ACCOUNTS_TASK_ID));
    const rawA = await rawAccounts(rawClient, join(dir, 'raw-accounts.db'));
    const accountCount = await repos.probes.accountCount();
    if (accountCount !== n) throw new Error(`the sync left ${accountCount} accounts, the ERP has ${n}`);

    // ---- incremental: 1% changed in the ERP ---------------------------------------------------------------------------
    const { changed } = await remote.ask<{ changed: number }>({ op: 'change', count: Math.round(n / 100) });
    const inc = await runTask(ACCOUNTS_TASK_ID);

    // ---- prices: manual overrides first, then the full export with a contract call every 10 ms --------------------------
    const levels = PRICE_CLASSES.map((c) => c.PriceClassID);
    const someAccounts = (await call<{ rows: { id: number }[] }>('accounts:search', { limit: 500 })).rows;
    for (let i = 0; i < OVERRIDES; i++) {
      const scope = i % 2 === 0 ? { priceLevel: levels[i % levels.length]! } : { accountId: someAccounts[i % someAccounts.length]!.id };
      const item = itemIdOf(1 + Math.floor(i / 2));
      await call('accounts:add-override', i % 4 < 2 ? { scope, item, kind: 'price', value: 999 + i } : { scope, item, kind: 'discount', value: 5 + (i % 20) });
    }
    const before = await repos.probes.priceCounts();
    const latencies: number[] = [];
    let probing = true;
    const probe = () => {
      const due = performance.now() + 10;
      setTimeout(async () => {
        const start = performance.now();
        await core.dispatch('accounts:search', { q: 'C0', limit: 50 });
        latencies.push(performance.now() - start + Math.max(0, start - due));
        if (probing) probe();
      }, 10);
    };
    probe();
    const prices = await profilePhase('erp-prices', () => runTask(PRICES_TASK_ID));
    probing = false;
    const after = await repos.probes.priceCounts();
    const rawP = await rawPrices(rawClient, join(dir, 'raw-prices.db'));
    if (after.imported !== rawP.prices) throw new Error(`the export stored ${after.imported} prices, the ERP listed ${rawP.prices}`);

    // ---- orders: 1,000 accounts each with a pending web edit, an order each, pushed through the queue ----------------
    const { newKey } = await call<{ newKey: string }>('platform:rotate-key', {});
    const withContacts: { id: number; accountNumber: string; email: string }[] = [];
    for (let cursor: { name: string; id: number } | null = null; withContacts.length < ORDERS * 2; ) {
      const page: { rows: { id: number; accountNumber: string | null; status: string }[]; nextCursor: { name: string; id: number } | null } = await call('accounts:search', { status: 'enabled', cursor, limit: 500 });
      for (const a of page.rows) {
        if (!a.accountNumber || !takesOrders(a.accountNumber)) continue;
        const detail = await call<{ contacts: { email: string; loginEnabled: boolean }[] }>('accounts:get', { id: a.id });
        const contact = detail.contacts.find((c) => c.loginEnabled);
        if (contact) withContacts.push({ id: a.id, accountNumber: a.accountNumber, email: contact.email });
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // A small --accounts run has fewer accounts that take orders than two rounds of 1,000 need.
    const orderCount = Math.min(ORDERS, Math.floor(withContacts.length / 2));
    const engineAccounts = withContacts.slice(0, orderCount);
    await jobs.stop();
    const url = `${core.listenerUrl}/platform/orders`;
    for (let i = 0; i < orderCount; i++) {
      const a = engineAccounts[i]!;
      await call('accounts:update', { id: a.id, patch: { phone: `+1 555 02${String(i).padStart(4, '0')}` } });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': newKey },
        body: JSON.stringify({
          kind: 'b2b', orderNumber: `BENCH-E-${i}`, accountNumber: a.accountNumber, contactEmail: a.email, lines: linesOf(i),
          shipTo: { name: 'Receiving', line1: `${i} Bench Road`, city: 'Springfield', postalCode: '12345', country: 'US' },
        }),
      });
      if (res.status !== 202) throw new Error(`order ${i}: HTTP ${res.status} ${await res.text()}`);
    }
    const pendingBefore = await repos.probes.pendingCounts();
    const o0 = process.hrtime.bigint();
    await profilePhase('erp-orders', async () => {
      jobs.start();
      await jobs.whenSettled();
    });
    const ordersS = seconds(o0);
    const pendingAfter = await repos.probes.pendingCounts();
    const engineOrders = await remote.ask<{ orders: number; keys: number; duplicated: number; logins: number; calls: Record<string, number> }>({ op: 'orders', prefix: 'BENCH-E-' });
    if (process.env.SYNCDESK_BENCH_DEBUG) console.error('after engine orders', engineOrders);
    const rawOrdersS = await rawOrders(rawClient, withContacts.slice(orderCount, orderCount * 2).map((a) => a.accountNumber), 'BENCH-R-');
    const rawCheck = await remote.ask<{ orders: number }>({ op: 'orders', prefix: 'BENCH-R-' });
    if (process.env.SYNCDESK_BENCH_DEBUG) console.error('after raw orders', rawCheck);
    if (rawCheck.orders !== orderCount) throw new Error(`the raw baseline made ${rawCheck.orders} orders`);

    const sorted = [...latencies].sort((a, b) => a - b);
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    const r2 = (v: number) => Math.round(v * 100) / 100;
    const json = {
      scenario: 'erp',
      accounts: n,
      prices: m,
      accounts_engine_s: r3(full.s),
      accounts_baseline_s: r3(rawA.seconds),
      accounts_records: rawA.records,
      accounts_ratio: r2(full.s / rawA.seconds),
      incremental_changed: changed,
      incremental_read: inc.run.counts.fetched,
      incremental_s: r3(inc.s),
      incremental_share_of_full: r3(inc.s / full.s),
      prices_engine_s: r3(prices.s),
      prices_baseline_s: r3(rawP.seconds),
      prices_stored: after.imported,
      prices_ratio: r2(prices.s / rawP.seconds),
      overrides_before: before.overrides,
      overrides_after: after.overrides,
      overrides_unchanged: before.overridesDigest === after.overridesDigest,
      orders: orderCount,
      orders_engine_s: r3(ordersS),
      orders_baseline_s: r3(rawOrdersS),
      orders_ratio: r2(ordersS / rawOrdersS),
      orders_at_erp: engineOrders.orders,
      orders_duplicated: engineOrders.duplicated,
      pending_before: pendingBefore.pending,
      pending_after: pendingAfter.pending,
      pending_pushed: pendingAfter.pushed - pendingBefore.pushed,
      api_p50_ms: Math.round(pct(sorted, 50) * 10) / 10,
      api_p99_ms: Math.round(pct(sorted, 99) * 10) / 10,
      api_calls: sorted.length,
      peak_rss_mb: peakRssMb(),
    };
    return {
      title: `ERP: ${n.toLocaleString('en')} accounts, ${m.toLocaleString('en')} prices, ${orderCount} orders; simulator in a child process`,
      table: [
        ['accounts full sync, engine', `${json.accounts_engine_s} s (${rawA.records.toLocaleString('en')} customers, contacts and ship-tos read)`],
        ['same reads stored raw', `${json.accounts_baseline_s} s`],
        ['accounts ratio (goal <= 1.5)', String(json.accounts_ratio)],
        ['incremental sync, 1% changed in the ERP (goal <= 5% of full)', `${json.incremental_s} s (${changed} changed, ${json.incremental_read} read; ${Math.round(json.incremental_share_of_full * 1000) / 10}% of full)`],
        ['full price export, engine', `${json.prices_engine_s} s (${after.imported.toLocaleString('en')} prices)`],
        ['same export stored raw', `${json.prices_baseline_s} s`],
        ['prices ratio (goal <= 1.5)', String(json.prices_ratio)],
        ['manual overrides before / after the export (must be equal)', `${json.overrides_before} / ${json.overrides_after}, ${json.overrides_unchanged ? 'every one unchanged' : 'CHANGED'}`],
        ['contract call every 10 ms during the export: p50 / p99 (goal p99 < 50)', `${json.api_p50_ms} / ${json.api_p99_ms} ms over ${json.api_calls} calls`],
        [`${orderCount} orders with a pending change, through the queue`, `${json.orders_engine_s} s (${engineOrders.orders} sales orders at the ERP, ${engineOrders.duplicated} duplicated; ${json.pending_pushed} changes pushed, ${json.pending_after} left)`],
        [`same requests raw, ${ORDER_CONCURRENCY} in flight`, `${json.orders_baseline_s} s`],
        ['orders ratio (goal <= 1.5)', String(json.orders_ratio)],
        ['peak RSS', `${json.peak_rss_mb} MB`],
      ],
      json,
    };
  } finally {
    await rawClient.close();
    await core.close();
    await remote.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
