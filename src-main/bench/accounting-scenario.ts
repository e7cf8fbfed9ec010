// The accounting import at scale: N customers of which about M flagged, read through the engine under Infusion's
// 10-a-second limit with welcome emails to an SMTP catcher (both in a child process), against the same work done raw;
// then a 1%-changed incremental run, the hash rate against the machine's, and the latency of contract calls meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { createCore } from '../core/create-core';
import { createAccountingConnector, ACCOUNTING_ID } from '../connectors/accounting';
import { createAccountingClient, forgetAccountingPacers } from '../connectors/accounting/client';
import { accountingSettingsOf } from '../connectors/accounting/settings';
import { isFlagged } from '../connectors/accounting/import-customers';
import { SANDBOX_CREDENTIALS } from '../connectors/accounting/sandbox';
import { FLAG_FIELD } from '../connectors/accounting/sandbox-data';
import { generatePassword } from '../customers/password';
import { hashPassword } from '../customers/password-hash';
import { createMemoryCredentialStore } from '../secrets/memory-credential-store';
import type { BenchResult } from './bench-types';
import { startSimChild, type SimChild } from './sim-child';
import { peakRssMb, seconds } from './measure';
import { SIM_CHILD } from './accounting-sim-child';

const PAGE_SIZE = 500;
const MAIL_RATE = 100;

type Remote = SimChild<{ api: string; smtp: string; sessionUuid: string }>;

const startRemote = (customers: number, flaggedShare: number): Promise<Remote> => startSimChild(SIM_CHILD, [String(customers), String(flaggedShare)]);

/** The same reads under the same limit, plain inserts, the hashes on every core, and a plain nodemailer pool. */
async function rawBaseline(remote: Remote, file: string): Promise<{ seconds: number; records: number; emails: number }> {
  forgetAccountingPacers();
  const s = accountingSettingsOf({ apiUrl: remote.urls.api, licenseUuid: SANDBOX_CREDENTIALS.licenseUuid, sessionUuid: remote.urls.sessionUuid, showOnWebField: FLAG_FIELD, pageSize: PAGE_SIZE });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE c (uuid TEXT PRIMARY KEY, email TEXT UNIQUE COLLATE NOCASE, account TEXT UNIQUE, hash TEXT)`);
  const insert = db.prepare(`INSERT OR IGNORE INTO c (uuid, email, account) VALUES (?, ?, ?)`);
  const setHash = db.prepare(`UPDATE c SET hash = ? WHERE uuid = ?`);
  const smtp = new URL(remote.urls.smtp);
  const transport = nodemailer.createTransport({ pool: true, host: smtp.hostname, port: Number(smtp.port), secure: false, ignoreTLS: true, maxConnections: 3, rateLimit: MAIL_RATE });
  const t0 = process.hrtime.bigint();
  let records = 0;
  const sends: Promise<void>[] = [];
  let inFlight = 0;
  const slots: (() => void)[] = [];
  const slot = async () => {
    while (inFlight >= 4) await new Promise<void>((r) => slots.push(r));
    inFlight++;
  };
  for await (const page of createAccountingClient(s).syncFeed(null)) {
    records += page.records.length;
    const created: { uuid: string; email: string }[] = [];
    db.transaction(() => {
      for (const r of page.records) {
        if (r.deletedTimestamp !== null || !isFlagged(r, s) || !r.contacts[0]?.email) continue;
        const email = r.contacts[0].email.toLowerCase();
        if (insert.run(r.uuid, email, r.accountNumber).changes === 1) created.push({ uuid: r.uuid, email });
      }
    })();
    for (const c of created)
      sends.push(
        (async () => {
          await slot();
          try {
            const password = generatePassword();
            const hash = await hashPassword(password);
            setHash.run(hash, c.uuid);
            await transport.sendMail({ from: 'shop@bench.test', to: c.email, subject: 'Your account has been created', text: `Email address: ${c.email}\nPassword: ${password}\n` });
          } finally {
            inFlight--;
            slots.shift()?.();
          }
        })(),
      );
  }
  await Promise.all(sends);
  const secs = seconds(t0);
  transport.close();
  db.close();
  return { seconds: secs, records, emails: sends.length };
}

/** Hashes a second on one core (one at a time), and with `parallel` in flight (libuv's pool on every core). */
async function hashRates(parallel: number): Promise<{ oneCore: number; allCores: number }> {
  const n1 = 10;
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < n1; i++) await hashPassword(generatePassword());
  const oneCore = n1 / seconds(t0);
  const n = parallel * 8;
  t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: n }, () => hashPassword(generatePassword())));
  return { oneCore, allCores: n / seconds(t0) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export async function runAccountingScenario(args: { customers: number; flagged: number }): Promise<BenchResult> {
  const { customers: n, flagged: m } = args;
  if (!Number.isInteger(n) || n < 1000 || n > 100_000) throw new Error('--customers must be a whole number from 1,000 to 100,000');
  if (!Number.isInteger(m) || m < 1 || m > n) throw new Error('--flagged must be a whole number from 1 to --customers');
  const remote = await startRemote(n, m / n);
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-bench-accounting-'));
  const core = await createCore({
    mode: 'headless',
    dataDir: join(dir, 'data'),
    launch: { port: 0, listenerPort: 0, sandbox: false, listenerHost: '127.0.0.1' },
    connectors: [createAccountingConnector()],
    credentials: createMemoryCredentialStore({ [`connection:${ACCOUNTING_ID}:sessionUuid`]: remote.urls.sessionUuid }, 'memory (bench)'),
  });
  const call = async (channel: string, input: unknown) => {
    const r = await core.dispatch(channel as never, input as never);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.data;
  };
  try {
    const smtp = new URL(remote.urls.smtp);
    await call('mail:save-settings', { host: smtp.hostname, port: Number(smtp.port), security: 'none', fromAddress: 'shop@bench.test', rateLimitPerSecond: MAIL_RATE });
    await call('connections:save', {
      connectorId: ACCOUNTING_ID,
      values: { apiUrl: `${remote.urls.api}/`, licenseUuid: SANDBOX_CREDENTIALS.licenseUuid, showOnWebField: FLAG_FIELD, sendEmails: true, websiteUrl: 'https://shop.bench.test/', pageSize: PAGE_SIZE },
      secrets: { sessionUuid: remote.urls.sessionUuid },
    });
    const { tasks, jobs } = core.services;

    // A contract call every 10 ms while the import runs: how long staff's screens wait (timer lateness included).
    const latencies: number[] = [];
    let probing = true;
    const probe = () => {
      const due = performance.now() + 10;
      setTimeout(async () => {
        const start = performance.now();
        await core.dispatch('jobs:counts', {});
        latencies.push(performance.now() - start + Math.max(0, start - due));
        if (probing) probe();
      }, 10);
    };

    const t0 = process.hrtime.bigint();
    probe();
    const run = await tasks.wait((await tasks.start(ACCOUNTING_ID, 'customers', 'manual')).runId);
    await jobs.whenSettled();
    const engineS = seconds(t0);
    probing = false;
    if (run?.status !== 'success') throw new Error(`the import ended ${run?.status}: ${run?.message}`);
    const imported = run.counts.created;
    const afterEngine = await remote.ask<{ messages: number; peakPerSecond: number; refused: number }>({ op: 'stats' });
    if (afterEngine.messages !== imported) throw new Error(`the import created ${imported} customers, the catcher has ${afterEngine.messages} emails`);
    const rss = peakRssMb();

    await remote.ask({ op: 'clear' });
    const baseline = await rawBaseline(remote, join(dir, 'baseline.db'));
    if (baseline.records !== run.counts.fetched) throw new Error(`baseline read ${baseline.records}, the engine ${run.counts.fetched}`);

    const { changed } = await remote.ask<{ changed: number }>({ op: 'change', share: 0.01 });
    const i0 = process.hrtime.bigint();
    const inc = await tasks.wait((await tasks.start(ACCOUNTING_ID, 'customers', 'manual')).runId);
    const incrementalS = seconds(i0);
    if (inc?.counts.fetched !== changed) throw new Error(`changed ${changed} customers, the incremental run read ${inc?.counts.fetched}`);

    const rates = await hashRates(availableParallelism());
    const cores = availableParallelism();
    const sorted = [...latencies].sort((a, b) => a - b);
    const r3 = (v: number) => Math.round(v * 1000) / 1000;
    const ratio = engineS / baseline.seconds;
    const fetchFloor = Math.ceil(run.counts.fetched / PAGE_SIZE) / 10;
    const json = {
      scenario: 'accounting',
      customers: n,
      flagged_imported: imported,
      engine_s: r3(engineS),
      baseline_s: r3(baseline.seconds),
      ratio: Math.round(ratio * 100) / 100,
      fetch_floor_s: fetchFloor,
      peak_requests_per_s: afterEngine.peakPerSecond,
      refused_429: afterEngine.refused,
      hashes_per_s: Math.round(rates.allCores * 10) / 10,
      hashes_per_s_one_core: Math.round(rates.oneCore * 10) / 10,
      hash_efficiency: Math.round((rates.allCores / (rates.oneCore * cores)) * 100) / 100,
      cores,
      incremental_s: r3(incrementalS),
      incremental_changed: changed,
      api_p50_ms: Math.round(pct(sorted, 50) * 10) / 10,
      api_p99_ms: Math.round(pct(sorted, 99) * 10) / 10,
      api_calls: sorted.length,
      peak_rss_mb: rss,
    };
    return {
      title: `Accounting: ${n.toLocaleString('en')} customers, ${imported} flagged imported with welcome emails; simulator and SMTP catcher in a child process`,
      table: [
        ['import + emails, engine', `${json.engine_s} s (${imported} customers, ${afterEngine.messages} emails)`],
        ['same work raw (fetch, insert, hash, send)', `${json.baseline_s} s`],
        ['ratio engine / baseline (goal <= 1.5)', String(json.ratio)],
        ['fetch floor at 10 requests a second', `${fetchFloor} s (${Math.ceil(run.counts.fetched / PAGE_SIZE)} pages); peak ${json.peak_requests_per_s}/s, ${json.refused_429} refused`],
        ['Argon2id hashes a second, all cores', `${json.hashes_per_s} (one core ${json.hashes_per_s_one_core} × ${cores} = ${Math.round(rates.oneCore * cores * 10) / 10}; ${Math.round(json.hash_efficiency * 100)}%)`],
        ['incremental run, 1% changed', `${json.incremental_s} s (${changed} read)`],
        ['contract call every 10 ms: p50 / p99', `${json.api_p50_ms} / ${json.api_p99_ms} ms over ${json.api_calls} calls (goal p99 < 50)`],
        ['peak RSS', `${rss} MB`],
      ],
      json,
    };
  } finally {
    await core.close();
    await remote.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
