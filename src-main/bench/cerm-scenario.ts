// CERM at scale against its simulator in a child process (CERM is another machine): the customer download (first
// run, unchanged re-run) and the address sync (first run, 1% changed) through a real core's task runner, each
// against the limit (the same work by the smallest correct program, cerm-limit.ts) in alternated rounds, medians
// reported; the old raw baseline (the app's own repositories, no engine) beside them; a contract call every 10 ms
// during the engine's runs; the exports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core/create-core';
import { openDatabase } from '../store/database';
import { createRepositories } from '../store/repositories';
import type { CermCustomerRow } from '../store/cerm-customers-repo';
import { createCermConnector, CERM_ID } from '../connectors/cerm';
import { exportCermCustomers } from '../connectors/cerm/export';
import { SANDBOX_CREDENTIALS, type SimCustomer } from '../connectors/cerm/sandbox';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';
import type { BenchResult } from './bench-types';
import { peakRssMb, profilePhase, seconds } from './measure';
import { startSimChild, type SimChild } from './sim-child';
import { CERM_SIM_CHILD } from './cerm-sim-child';
import { limitAddressSync, limitDownload, limitLinkCustomers } from './cerm-limit';
import { freshDownloadRss } from './cerm-download-child';

// The simulator stamps changes strictly in order; the overlap (re-reading the last minute) is for real CERMs, and
// here it would re-read the whole initial load, which was stamped within the same minute.
const BENCH_FEED_OVERLAP_S = 0;
const PAGE_SIZE = 500;

type Remote = SimChild<{ url: string }>;

/** The old baseline: the same fetches and the app's own mirror repository, no engine around them. */
async function rawBaseline(url: string, file: string): Promise<{ seconds: number; records: number }> {
  const db = openDatabase(file);
  const repos = createRepositories(db);
  const c = SANDBOX_CREDENTIALS;
  const t0 = process.hrtime.bigint();
  const tokenRes = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: c.clientId, client_secret: c.clientSecret, username: c.username, password: c.password }).toString(),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  let records = 0;
  for (let page = 1; ; page++) {
    const res = await fetch(`${url}/customer-api/v1/customers?page=${page}&pageSize=${PAGE_SIZE}`, { headers: { authorization: `Bearer ${access_token}` } });
    const body = JSON.parse(await res.text()) as { Data: SimCustomer[] };
    const now = Date.now();
    const rows: CermCustomerRow[] = body.Data.map((x) => ({
      cermId: x.Id, number: x.Number, name: x.Name, costCode: x.CostCode, email: x.Email, phone: x.PhoneNumber, street: x.Street,
      postalCode: x.PostalCode, city: x.City, country: x.Country, vatNumber: x.VatNumber, downloadId: 1, updatedAt: now,
    }));
    await repos.transaction(async () => await repos.cermCustomers.upsertMany(rows));
    records += rows.length;
    if (rows.length < PAGE_SIZE) break;
  }
  const s = seconds(t0);
  db.close();
  return { seconds: s, records };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r2 = (v: number) => Math.round(v * 100) / 100;

/** A contract call every 10 ms while a run goes on (its latency counts from when it was due), and the RSS then. */
function startProbe(dispatch: () => Promise<unknown>) {
  const latencies: number[] = [];
  let rssPeak = 0;
  let on = true;
  const tick = () => {
    const due = performance.now() + 10;
    setTimeout(async () => {
      const start = performance.now();
      await dispatch();
      latencies.push(performance.now() - start + Math.max(0, start - due));
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      if (on) tick();
    }, 10);
  };
  tick();
  return {
    stop: () => {
      on = false;
      return { latencies, rssPeakMb: Math.round(rssPeak / 1024 / 1024) };
    },
  };
}

interface Round {
  engine: Record<'downloadFirst' | 'downloadRerun' | 'addressFirst' | 'addressChanged', number>;
  limit: Record<'downloadFirst' | 'downloadRerun' | 'addressFirst' | 'addressChanged', number>;
  baseline: number;
  link: number;
  latencies: number[];
  downloadRssMb: number;
  counts: { fetched: number; rerunUnchanged: number; addresses: number; changed: number; changedUpdated: number; changedFetched: number };
}

/** A headless core with the CERM connector over a data folder of its own (the remote is the simulator child). */
export const benchCore = (n: number, dir: string) =>
  createCore({
    mode: 'headless',
    dataDir: join(dir, 'data'),
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createCermConnector({ customers: n })],
    credentials: createMemoryCredentialStore({}, 'memory (bench)'),
  });

/** Saves the CERM connection as the bench uses it: the simulator child's URL, its credentials, pages of 500. */
export async function pointAtRemote(core: Awaited<ReturnType<typeof benchCore>>, url: string): Promise<void> {
  const saved = await core.dispatch('connections:save', {
    connectorId: CERM_ID,
    values: { apiUrl: `${url}/`, clientId: SANDBOX_CREDENTIALS.clientId, username: SANDBOX_CREDENTIALS.username, pageSize: PAGE_SIZE, feedOverlapSeconds: BENCH_FEED_OVERLAP_S },
    secrets: { clientSecret: SANDBOX_CREDENTIALS.clientSecret, password: SANDBOX_CREDENTIALS.password },
  });
  if (!saved.ok) throw new Error(saved.error.message);
}

async function oneRound(remote: Remote, ids: string[], n: number, dir: string, round: number): Promise<Round> {
  const url = remote.urls.url;
  const core = await benchCore(n, dir);
  try {
    const { repos, tasks } = core.services;
    await pointAtRemote(core, url);
    const latencies: number[] = [];
    let downloadRssMb = 0;
    const engineRun = async (taskId: string, phase: string) => {
      const probe = startProbe(() => core.dispatch('cerm:downloads', {}));
      const t0 = process.hrtime.bigint();
      const r = await (round === 0 ? profilePhase(phase, async () => tasks.wait((await tasks.start(CERM_ID, taskId, 'manual')).runId)) : tasks.wait((await tasks.start(CERM_ID, taskId, 'manual')).runId));
      const s = seconds(t0);
      const p = probe.stop();
      latencies.push(...p.latencies);
      if (taskId === 'download-customers') downloadRssMb = Math.max(downloadRssMb, p.rssPeakMb);
      if (r?.status !== 'success') throw new Error(`${taskId} ended ${r?.status}: ${r?.message}`);
      return { s, run: r };
    };
    // Alternated: even rounds run the engine first, odd rounds the limit first.
    const pair = async <E, L>(engine: () => Promise<E>, limit: () => Promise<L>): Promise<[E, L]> => {
      if (round % 2 === 0) {
        const e = await engine();
        return [e, await limit()];
      }
      const l = await limit();
      return [await engine(), l];
    };
    const limitDb = join(dir, 'limit.db');
    const [first, firstLimit] = await pair(() => engineRun('download-customers', 'cerm-download-first'), () => limitDownload(url, limitDb, join(dir, 'limit-1.json'), PAGE_SIZE));
    const [rerun, rerunLimit] = await pair(() => engineRun('download-customers', 'cerm-download-rerun'), () => limitDownload(url, limitDb, join(dir, 'limit-2.json'), PAGE_SIZE));
    if (firstLimit.records !== first.run.counts.fetched) throw new Error(`the limit read ${firstLimit.records}, the engine ${first.run.counts.fetched}`);
    if (rerun.run.counts.unchanged !== n) throw new Error(`the unchanged re-run counted ${rerun.run.counts.unchanged} unchanged of ${n}`);
    const baseline = await rawBaseline(url, join(dir, 'baseline.db'));

    const linkT0 = process.hrtime.bigint();
    const links = new Map<string, number>();
    await repos.transaction(async () => {
      const now = Date.now();
      for (const id of ids) {
        const local = await repos.customers.insert({ email: `bench-${id}@example.test`, firstName: 'Bench', lastName: id, origin: 'import' }, now);
        await repos.externalIds.link('customer', local, CERM_ID, id, now);
        links.set(id, local);
      }
    });
    const link = seconds(linkT0);
    limitLinkCustomers(limitDb, links);
    const [addressFirst, addressFirstLimit] = await pair(() => engineRun('sync-addresses', 'cerm-address-first'), () => limitAddressSync(url, limitDb, PAGE_SIZE));
    if (addressFirstLimit.records !== addressFirst.run.counts.fetched) throw new Error(`the limit read ${addressFirstLimit.records} addresses, the engine ${addressFirst.run.counts.fetched}`);
    const { changed } = await remote.ask<{ changed: number }>({ op: 'change', fraction: 0.01 });
    const [addressChanged, addressChangedLimit] = await pair(() => engineRun('sync-addresses', 'cerm-address-changed'), () => limitAddressSync(url, limitDb, PAGE_SIZE));
    if (addressChanged.run.counts.updated !== changed) throw new Error(`changed ${changed} addresses, the sync updated ${addressChanged.run.counts.updated}`);
    return {
      engine: { downloadFirst: first.s, downloadRerun: rerun.s, addressFirst: addressFirst.s, addressChanged: addressChanged.s },
      limit: { downloadFirst: firstLimit.seconds, downloadRerun: rerunLimit.seconds, addressFirst: addressFirstLimit.seconds, addressChanged: addressChangedLimit.seconds },
      baseline: baseline.seconds,
      link,
      latencies,
      downloadRssMb,
      counts: {
        fetched: first.run.counts.fetched,
        rerunUnchanged: rerun.run.counts.unchanged,
        addresses: addressFirst.run.counts.created,
        changed,
        changedUpdated: addressChanged.run.counts.updated,
        changedFetched: addressChanged.run.counts.fetched,
      },
    };
  } finally {
    await core.close();
  }
}

async function exportsOf(remote: Remote, n: number, dir: string) {
  const core = await benchCore(n, dir);
  try {
    const repos = core.services.repos;
    const csvT0 = process.hrtime.bigint();
    const csv = await exportCermCustomers({ repos, format: 'csv', path: join(dir, 'cerm.csv') });
    const csvS = seconds(csvT0);
    const xlsxT0 = process.hrtime.bigint();
    const xlsx = await exportCermCustomers({ repos, format: 'xlsx', path: join(dir, 'cerm.xlsx') });
    return { csvS, csvRows: csv.rows, xlsxS: seconds(xlsxT0), xlsxRows: xlsx.rows };
  } finally {
    await core.close();
  }
}

export async function runCermScenario(args: { customers: number; rounds: number }): Promise<BenchResult> {
  const { customers: n, rounds } = args;
  if (!Number.isInteger(n) || n < 1000 || n > 100_000) throw new Error('--customers must be a whole number from 1,000 to 100,000');
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) throw new Error('--rounds must be a whole number from 1 to 9');
  const remote: Remote = await startSimChild(CERM_SIM_CHILD, [String(n)]);
  const base = mkdtempSync(join(tmpdir(), 'syncdesk-bench-cerm-'));
  try {
    const { ids } = await remote.ask<{ ids: string[] }>({ op: 'ids' });
    // Warm the HTTP stack's code (JIT) first, so no measure pays for it.
    await limitDownload(remote.urls.url, join(base, 'warm.db'), join(base, 'warm.json'), PAGE_SIZE, 10);
    const all: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      const dir = join(base, `round-${i}`);
      all.push(await oneRound(remote, ids, n, dir, i));
      // The last round's data stays for the exports.
      if (i < rounds - 1) rmSync(dir, { recursive: true, force: true });
    }
    const ex = await exportsOf(remote, n, join(base, `round-${rounds - 1}`));
    // The download's own footprint: a process that does nothing else (the rounds' process also holds their garbage).
    const fresh = await freshDownloadRss(remote.urls.url, n, join(base, 'rss'));
    const med = (f: (r: Round) => number) => median(all.map(f));
    const engine = { df: med((r) => r.engine.downloadFirst), dr: med((r) => r.engine.downloadRerun), af: med((r) => r.engine.addressFirst), ac: med((r) => r.engine.addressChanged) };
    const limit = { df: med((r) => r.limit.downloadFirst), dr: med((r) => r.limit.downloadRerun), af: med((r) => r.limit.addressFirst), ac: med((r) => r.limit.addressChanged) };
    const baseline = med((r) => r.baseline);
    const sorted = all.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const last = all[all.length - 1]!;
    const json = {
      scenario: 'cerm',
      customers: n,
      pages: Math.ceil(n / PAGE_SIZE),
      rounds,
      engine_s: r3(engine.df),
      baseline_s: r3(baseline),
      ratio: r2(engine.df / baseline),
      limit_s: r3(limit.df),
      ratio_to_limit: r2(engine.df / limit.df),
      rerun_engine_s: r3(engine.dr),
      rerun_limit_s: r3(limit.dr),
      rerun_ratio_to_limit: r2(engine.dr / limit.dr),
      link_customers_s: r3(med((r) => r.link)),
      address_full_s: r3(engine.af),
      address_full_limit_s: r3(limit.af),
      address_full_ratio_to_limit: r2(engine.af / limit.af),
      addresses: last.counts.addresses,
      address_changed: last.counts.changed,
      address_incremental_s: r3(engine.ac),
      address_incremental_limit_s: r3(limit.ac),
      address_incremental_share_of_full: r3(engine.ac / engine.af),
      address_incremental_fetched: last.counts.changedFetched,
      api_p99_ms: r2(pct(sorted, 99)),
      api_max_ms: r2(sorted[sorted.length - 1] ?? 0),
      api_calls: sorted.length,
      csv_s: r3(ex.csvS),
      csv_rows: ex.csvRows,
      xlsx_s: r3(ex.xlsxS),
      xlsx_rows: ex.xlsxRows,
      download_peak_rss_mb: fresh.peakRssMb,
      download_rss_in_rounds_mb: Math.max(...all.map((r) => r.downloadRssMb)),
      peak_rss_mb: peakRssMb(),
    };
    return {
      title: `CERM: ${n.toLocaleString('en')} customers, pages of ${PAGE_SIZE}, simulator in a child process, medians of ${rounds} alternated rounds`,
      table: [
        ['download, first run: engine', `${json.engine_s} s (${last.counts.fetched} created)`],
        ['download, first run: limit (fetch, parse, upsert, raw file)', `${json.limit_s} s`],
        ['ratio engine / limit (goal <= 1.5)', String(json.ratio_to_limit)],
        ['download, first run: old raw baseline (app repos)', `${json.baseline_s} s (engine / baseline ${json.ratio})`],
        ['download, unchanged re-run: engine', `${json.rerun_engine_s} s (${last.counts.rerunUnchanged} unchanged)`],
        ['download, unchanged re-run: limit', `${json.rerun_limit_s} s`],
        ['ratio engine / limit, re-run (goal <= 1.5)', String(json.rerun_ratio_to_limit)],
        ['link local customers to CERM (setup)', `${json.link_customers_s} s`],
        ['address sync, first run: engine', `${json.address_full_s} s (${json.addresses} addresses)`],
        ['address sync, first run: limit', `${json.address_full_limit_s} s`],
        ['ratio engine / limit, address first run (goal <= 1.5)', String(json.address_full_ratio_to_limit)],
        [`address sync, 1% changed (${json.address_changed}): engine`, `${json.address_incremental_s} s (${json.address_incremental_fetched} read)`],
        ['address sync, 1% changed: limit', `${json.address_incremental_limit_s} s`],
        ['1% changed / first run (goal <= 0.05)', String(json.address_incremental_share_of_full)],
        ['contract call every 10 ms during engine runs: p99 (goal < 50)', `${json.api_p99_ms} ms (max ${json.api_max_ms}, ${json.api_calls} calls)`],
        ['CSV export', `${json.csv_s} s (${json.csv_rows} rows)`],
        ['XLSX export (streamed)', `${json.xlsx_s} s (${json.xlsx_rows} rows)`],
        ['peak RSS of a process that runs the download alone (goal < 300)', `${json.download_peak_rss_mb} MB (${fresh.records} customers)`],
        ['peak RSS during the rounds\' downloads (that process after earlier rounds)', `${json.download_rss_in_rounds_mb} MB`],
        ['peak RSS of the bench process', `${json.peak_rss_mb} MB`],
      ],
      json,
    };
  } finally {
    await remote.close();
    rmSync(base, { recursive: true, force: true });
  }
}
