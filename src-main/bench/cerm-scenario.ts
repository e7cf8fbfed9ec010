import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { openDatabase } from '../store/database';
import { createRepositories } from '../store/repositories';
import type { CermCustomerRow } from '../store/cerm-customers-repo';
import { createCermConnector, CERM_ID } from '../connectors/cerm';
import { exportCermCustomers } from '../connectors/cerm/export';
import { SANDBOX_CREDENTIALS, type CermSandbox, type SimCustomer } from '../connectors/cerm/sandbox';
import type { BenchResult } from './bench-types';
import { peakRssMb, seconds } from './measure';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';

// The simulator stamps changes strictly in order; the overlap (re-reading the last minute) is for real CERMs, and
// here it would re-read the whole initial load, which was stamped within the same minute.
const BENCH_FEED_OVERLAP_S = 0;
const PAGE_SIZE = 500;

/** The same HTTP fetches and the same mirror upserts as the download task, with no engine around them. */
async function rawBaseline(sandbox: CermSandbox, file: string, maxPages = Infinity): Promise<{ seconds: number; records: number }> {
  const db = openDatabase(file);
  const repos = createRepositories(db);
  const c = SANDBOX_CREDENTIALS;
  const t0 = process.hrtime.bigint();
  const tokenRes = await fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: c.clientId, client_secret: c.clientSecret, username: c.username, password: c.password }).toString(),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  let records = 0;
  for (let page = 1; ; page++) {
    const res = await fetch(`${sandbox.url}/customer-api/v1/customers?page=${page}&pageSize=${PAGE_SIZE}`, { headers: { authorization: `Bearer ${access_token}` } });
    const body = JSON.parse(await res.text()) as { Data: SimCustomer[] };
    const now = Date.now();
    const rows: CermCustomerRow[] = body.Data.map((x) => ({
      cermId: x.Id,
      number: x.Number,
      name: x.Name,
      costCode: x.CostCode,
      email: x.Email,
      phone: x.PhoneNumber,
      street: x.Street,
      postalCode: x.PostalCode,
      city: x.City,
      country: x.Country,
      vatNumber: x.VatNumber,
      downloadId: 1,
      updatedAt: now,
    }));
    await repos.transaction(async () => await repos.cermCustomers.upsertMany(rows));
    records += rows.length;
    if (rows.length < PAGE_SIZE || page >= maxPages) break;
  }
  const s = seconds(t0);
  db.close();
  return { seconds: s, records };
}

/**
 * CERM at scale against its simulator: the full customer download through a real core's task runner, the same work
 * done raw, a 1%-changed incremental address sync over as many linked customers, and the exports.
 */
export async function runCermScenario(args: { customers: number }): Promise<BenchResult> {
  const n = args.customers;
  if (!Number.isInteger(n) || n < 1000 || n > 100_000) throw new Error('--customers must be a whole number from 1,000 to 100,000');
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-bench-cerm-'));
  const core = await createCore({
    mode: 'headless',
    dataDir: join(dir, 'data'),
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    connectors: [createCermConnector({ customers: n })],
    credentials: createMemoryCredentialStore({}, 'memory (bench)'),
  });
  try {
    const { repos, tasks } = core.services;
    const sandbox = core.services.sandboxes.get(CERM_ID) as CermSandbox;
    const saved = await core.dispatch('connections:save', { connectorId: CERM_ID, values: { pageSize: PAGE_SIZE, feedOverlapSeconds: BENCH_FEED_OVERLAP_S }, secrets: {} });
    if (!saved.ok) throw new Error(saved.error.message);
    const run = async (taskId: string) => {
      const t0 = process.hrtime.bigint();
      const r = await tasks.wait((await tasks.start(CERM_ID, taskId, 'manual')).runId);
      const s = seconds(t0);
      if (r?.status !== 'success') throw new Error(`${taskId} ended ${r?.status}: ${r?.message}`);
      return { s, run: r };
    };

    // Warm the simulator's and the HTTP stack's code (JIT) first, so neither measure pays for it.
    await rawBaseline(sandbox, join(dir, 'warm.db'), 10);
    const engine = await run('download-customers');
    const rssAfterDownload = peakRssMb();
    const baseline = await rawBaseline(sandbox, join(dir, 'baseline.db'));
    if (baseline.records !== engine.run.counts.fetched) throw new Error(`baseline read ${baseline.records}, the engine ${engine.run.counts.fetched}`);

    const linkT0 = process.hrtime.bigint();
    await repos.transaction(async () => {
      const now = Date.now();
      for (const c of sandbox.customers) {
        const id = await repos.customers.insert({ email: `bench-${c.Id}@example.test`, firstName: 'Bench', lastName: c.Id, origin: 'import' }, now);
        await repos.externalIds.link('customer', id, CERM_ID, c.Id, now);
      }
    });
    const linkS = seconds(linkT0);
    const firstSync = await run('sync-addresses');
    const changed = sandbox.changeAddressFraction(0.01);
    const incremental = await run('sync-addresses');
    if (incremental.run.counts.updated !== changed) throw new Error(`changed ${changed} addresses, the sync updated ${incremental.run.counts.updated}`);

    const csvT0 = process.hrtime.bigint();
    const csv = await exportCermCustomers({ repos, format: 'csv', path: join(dir, 'cerm.csv') });
    const csvS = seconds(csvT0);
    const xlsxT0 = process.hrtime.bigint();
    const xlsx = await exportCermCustomers({ repos, format: 'xlsx', path: join(dir, 'cerm.xlsx') });
    const xlsxS = seconds(xlsxT0);

    const ratio = engine.s / baseline.seconds;
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    const json = {
      scenario: 'cerm',
      customers: n,
      pages: Math.ceil(n / PAGE_SIZE),
      engine_s: r3(engine.s),
      baseline_s: r3(baseline.seconds),
      ratio: Math.round(ratio * 100) / 100,
      link_customers_s: r3(linkS),
      address_full_s: r3(firstSync.s),
      addresses: firstSync.run.counts.created,
      address_changed: changed,
      address_incremental_s: r3(incremental.s),
      address_incremental_fetched: incremental.run.counts.fetched,
      csv_s: r3(csvS),
      csv_rows: csv.rows,
      xlsx_s: r3(xlsxS),
      xlsx_rows: xlsx.rows,
      rss_after_download_mb: rssAfterDownload,
      peak_rss_mb: peakRssMb(),
    };
    return {
      title: `CERM: ${n.toLocaleString('en')} customers, pages of ${PAGE_SIZE}, simulator in the same process`,
      table: [
        ['download + upsert, engine (task runner)', `${json.engine_s} s (${engine.run.counts.created} created)`],
        ['same fetches + upserts, raw baseline', `${json.baseline_s} s`],
        ['ratio engine / baseline (goal <= 1.5)', String(json.ratio)],
        ['link local customers to CERM (setup)', `${json.link_customers_s} s`],
        ['address sync, first run (whole feed)', `${json.address_full_s} s (${json.addresses} addresses)`],
        [`address sync, 1% changed (${changed})`, `${json.address_incremental_s} s (${json.address_incremental_fetched} read)`],
        ['CSV export', `${json.csv_s} s (${csv.rows} rows)`],
        ['XLSX export (streamed)', `${json.xlsx_s} s (${xlsx.rows} rows)`],
        ['peak RSS after download', `${rssAfterDownload} MB`],
        ['peak RSS overall (simulator included)', `${json.peak_rss_mb} MB`],
      ],
      json,
    };
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
