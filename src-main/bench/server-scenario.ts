// The team server at scale (issue 15): the CERM download and the Confirm raise on PostgreSQL against SQLite, and the
// raise shared by 1, 2 and 3 engine processes on one database, in one run. Rounds alternate their order and medians
// are reported; CPU seconds per process say whether the engines or the machine set the pace.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyOf } from '../secrets/encryption-keys';
import type { BenchResult } from './bench-types';
import { figuresOf, median } from './contract-probe';
import { peakRssMb } from './measure';
import { startSimChild, type SimChild } from './sim-child';
import { CERM_SIM_CHILD } from './cerm-sim-child';
import { limitDownload } from './cerm-limit';
import { openBenchPg, type BenchPg } from './server-pg';
import type { EncryptionKeys } from '../secrets/encryption-keys';
import { CERM_PAGE_SIZE, cermStoreRound, type CermStoreRound, type StoreKind } from './server-cerm';
import { ENGINE_SLOTS, LATENCY_MS, raiseRound, startRaiseRig, type RaiseRig, type RaiseRound } from './server-confirm';

export interface ServerArgs {
  customers: number;
  enquiries: number;
  engines: number[];
  rounds: number;
  /** An existing server to make the scratch databases on; else a private cluster. */
  database?: string;
  /** One part alone (a re-run after a change to it); both unless said. */
  only?: 'cerm' | 'confirm';
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r2 = (v: number) => Math.round(v * 100) / 100;

/** `--engines 1,2,3`: distinct whole numbers from 1 to 8, in the order given. */
export function enginesOf(text: string): number[] {
  const list = text.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1 || n > 8) || new Set(list).size !== list.length)
    throw new Error('--engines must list distinct whole numbers from 1 to 8, e.g. 1,2,3');
  return list;
}

interface Config {
  store: StoreKind;
  engines: number;
}

const nameOf = (c: Config) => (c.store === 'sqlite' ? 'sqlite' : `postgres_${c.engines}`);

export async function runServerScenario(args: ServerArgs): Promise<BenchResult> {
  const { customers: n, enquiries, engines, rounds } = args;
  if (!Number.isInteger(n) || n < 1000 || n > 100_000) throw new Error('--customers must be a whole number from 1,000 to 100,000');
  if (!Number.isInteger(enquiries) || enquiries < 10 || enquiries > 10_000) throw new Error('--enquiries must be a whole number from 10 to 10,000');
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) throw new Error('--rounds must be a whole number from 1 to 9');
  const keyBase64 = randomBytes(32).toString('base64');
  const keys = { current: keyOf(keyBase64, 'the bench'), previous: [] };
  const base = mkdtempSync(join(tmpdir(), 'syncdesk-bench-server-'));
  const configs: Config[] = [{ store: 'sqlite', engines: 1 }, ...engines.map((k) => ({ store: 'postgres' as const, engines: k }))];
  // The server, the CERM simulator and the Confirm part's processes start together (none of it is measured); the
  // processes then wait, idle, until their part.
  const started = await Promise.allSettled([
    openBenchPg(args.database),
    args.only === 'confirm' ? null : startSimChild<{ url: string }>(CERM_SIM_CHILD, [String(n)]),
    args.only === 'cerm' ? null : startRaiseRig(Math.max(...configs.map((c) => c.engines)), keyBase64),
  ] as const);
  const [pg, cermSim, rig] = started.map((r) => (r.status === 'fulfilled' ? r.value : null)) as [BenchPg | null, SimChild<{ url: string }> | null, RaiseRig | null];
  const load = [loadavg()[0]!];
  try {
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const db = pg!;
    const cerm = cermSim ? await cermPart({ n, rounds, base, pg: db, keys, remote: cermSim }) : [];
    load.push(loadavg()[0]!);
    const raises = rig ? await confirmPart({ configs, enquiries, rounds, base, pg: db, rig }) : [];
    load.push(loadavg()[0]!);
    const json: Record<string, unknown> = {
      scenario: 'server',
      customers: n,
      enquiries,
      rounds,
      engines,
      postgres: db.where,
      postgres_fsync: db.durability.fsync,
      postgres_synchronous_commit: db.durability.synchronousCommit,
    };
    const table: [string, string][] = [['PostgreSQL', `${db.where} (fsync ${db.durability.fsync}, synchronous_commit ${db.durability.synchronousCommit})`]];
    if (cerm.length) cermSummary(cerm, n, json, table);
    if (raises.length) confirmSummary(raises, configs, args, json, table);
    json.load_avg = load.map(r2);
    json.peak_rss_mb = peakRssMb();
    table.push(['load average (1 min) at start, after CERM, at the end', load.map(r2).join(', ')]);
    return { title: `Team server: CERM and Confirm on PostgreSQL against SQLite, engines sharing one database, medians of ${rounds} alternated round${rounds === 1 ? '' : 's'}`, table, json };
  } finally {
    await Promise.allSettled([cermSim?.close(), rig?.close()]);
    await pg?.close();
    rmSync(base, { recursive: true, force: true });
  }
}

/** The same download on each store, rounds alternating which goes first, against one simulator child. */
async function cermPart(o: { n: number; rounds: number; base: string; pg: BenchPg; keys: EncryptionKeys; remote: SimChild<{ url: string }> }): Promise<CermStoreRound[]> {
  const out: CermStoreRound[] = [];
  const url = o.remote.urls.url;
  // Warm the HTTP stack's code (JIT) first, so no measure pays for it.
  await limitDownload(url, join(o.base, 'warm.db'), join(o.base, 'warm.json'), CERM_PAGE_SIZE, 10);
  for (let round = 0; round < o.rounds; round++) {
    for (const store of round % 2 === 0 ? (['sqlite', 'postgres'] as const) : (['postgres', 'sqlite'] as const)) {
      const dir = join(o.base, `cerm-${store}-${round}`);
      mkdirSync(dir, { recursive: true });
      out.push(await cermStoreRound({ store, simUrl: url, customers: o.n, dir, newDatabase: o.pg.newDatabase, keys: o.keys, round }));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

/** The raise on SQLite (one engine) and on PostgreSQL with each engine count, rounds alternating their order. */
async function confirmPart(o: { configs: Config[]; enquiries: number; rounds: number; base: string; pg: BenchPg; rig: RaiseRig }): Promise<RaiseRound[]> {
  const out: RaiseRound[] = [];
  for (let round = 0; round < o.rounds; round++) {
    for (const c of round % 2 === 0 ? o.configs : [...o.configs].reverse()) {
      const dir = join(o.base, `confirm-${nameOf(c)}-${round}`);
      mkdirSync(dir, { recursive: true });
      const database = c.store === 'postgres' ? await o.pg.newDatabase() : null;
      out.push(await raiseRound({ rig: o.rig, ...c, cases: o.enquiries, dir, database, pgDataDir: o.pg.dataDir, round }));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

const med = <T>(list: T[], f: (x: T) => number) => median(list.map(f));

function cermSummary(cerm: CermStoreRound[], n: number, json: Record<string, unknown>, table: [string, string][]): void {
  const of = (store: StoreKind) => cerm.filter((r) => r.store === store);
  const figures = (store: StoreKind) => ({ first: med(of(store), (r) => r.firstS), rerun: med(of(store), (r) => r.rerunS), limit: med(of(store), (r) => r.limitS) });
  const sq = figures('sqlite');
  const pg = figures('postgres');
  Object.assign(json, {
    cerm_sqlite_s: r3(sq.first),
    cerm_postgres_s: r3(pg.first),
    cerm_ratio_postgres_to_sqlite: r2(pg.first / sq.first),
    cerm_sqlite_limit_s: r3(sq.limit),
    cerm_postgres_limit_s: r3(pg.limit),
    cerm_sqlite_ratio_to_limit: r2(sq.first / sq.limit),
    cerm_postgres_ratio_to_limit: r2(pg.first / pg.limit),
    cerm_rerun_sqlite_s: r3(sq.rerun),
    cerm_rerun_postgres_s: r3(pg.rerun),
    cerm_rerun_ratio_postgres_to_sqlite: r2(pg.rerun / sq.rerun),
    cerm_fetched: Math.min(...cerm.map((r) => r.fetched)),
    cerm_rerun_unchanged: Math.min(...cerm.map((r) => r.rerunUnchanged)),
    cerm_sqlite_api_p99_ms: figuresOf(of('sqlite').flatMap((r) => r.latencies)).p99_ms,
    cerm_postgres_api_p99_ms: figuresOf(of('postgres').flatMap((r) => r.latencies)).p99_ms,
    cerm_rounds_s: { sqlite: of('sqlite').map((r) => r3(r.firstS)), postgres: of('postgres').map((r) => r3(r.firstS)) },
  });
  table.push(
    [`CERM download, first run, ${n.toLocaleString('en')} customers (pages of ${CERM_PAGE_SIZE}): SQLite`, `${json.cerm_sqlite_s} s (limit ${json.cerm_sqlite_limit_s} s, engine / limit ${json.cerm_sqlite_ratio_to_limit})`],
    ['  PostgreSQL', `${json.cerm_postgres_s} s (limit ${json.cerm_postgres_limit_s} s, engine / limit ${json.cerm_postgres_ratio_to_limit})`],
    ['  PostgreSQL / SQLite (goal <= 2)', String(json.cerm_ratio_postgres_to_sqlite)],
    ['  every customer stored, and unchanged on the re-run', `${json.cerm_fetched} fetched, ${json.cerm_rerun_unchanged} unchanged (of ${n})`],
    ['CERM download, unchanged re-run: SQLite / PostgreSQL', `${json.cerm_rerun_sqlite_s} s / ${json.cerm_rerun_postgres_s} s (${json.cerm_rerun_ratio_postgres_to_sqlite})`],
    ['  contract call every 10 ms meanwhile: p99 SQLite / PostgreSQL', `${json.cerm_sqlite_api_p99_ms} / ${json.cerm_postgres_api_p99_ms} ms`],
  );
}

function confirmSummary(raises: RaiseRound[], configs: Config[], args: ServerArgs, json: Record<string, unknown>, table: [string, string][]): void {
  const byConfig = new Map(configs.map((c) => [nameOf(c), raises.filter((r) => nameOf(r) === nameOf(c))]));
  const rate = (list: RaiseRound[]) => med(list, (r) => r.cases / r.raiseS);
  const cpu = (list: RaiseRound[]) => ({ engines: r2(med(list, (r) => r.cpu.engines)), simulator: r2(med(list, (r) => r.cpu.simulator ?? Number.NaN)), postgres: r2(med(list, (r) => r.cpu.postgres ?? Number.NaN)) });
  const sqlite = byConfig.get('sqlite')!;
  const one = byConfig.get('postgres_1') ?? [];
  Object.assign(json, {
    latency_ms: LATENCY_MS,
    engine_slots: ENGINE_SLOTS,
    confirm_sqlite_s: r3(med(sqlite, (r) => r.raiseS)),
    confirm_sqlite_per_s: Math.round(rate(sqlite)),
    confirm_sqlite_cpu_s: cpu(sqlite),
    confirm_sqlite_api_p99_ms: r2(med(sqlite, (r) => r.latencies.p99_ms)),
    ...(one.length ? { confirm_postgres_s: r3(med(one, (r) => r.raiseS)), confirm_ratio_postgres_to_sqlite: r2(med(one, (r) => r.raiseS) / med(sqlite, (r) => r.raiseS)) } : {}),
    confirm_limit_s: r3(med(raises, (r) => r.limitS)),
  });
  for (const k of args.engines) {
    const list = byConfig.get(`postgres_${k}`)!;
    json[`engines_${k}_s`] = r3(med(list, (r) => r.raiseS));
    json[`engines_${k}_per_s`] = Math.round(rate(list));
    json[`engines_${k}_settled_s`] = r3(med(list, (r) => r.settledS));
    json[`engines_${k}_jobs_per_s`] = Math.round(med(list, (r) => (r.jobs.done ?? 0) / r.settledS));
    json[`engines_${k}_cpu_s`] = cpu(list);
    json[`engines_${k}_api_p99_ms`] = r2(med(list, (r) => r.latencies.p99_ms));
    if (k !== 1 && one.length) json[`speedup_${k}_engines`] = r2(rate(list) / rate(one));
  }
  Object.assign(json, {
    raise_cases: raises.reduce((a, r) => a + r.cases, 0),
    raised_exactly_once: raises.reduce((a, r) => a + r.exactlyOne, 0),
    duplicated: raises.reduce((a, r) => a + r.duplicated, 0),
    missing: raises.reduce((a, r) => a + r.missing, 0),
    jobs_done: raises.reduce((a, r) => a + (r.jobs.done ?? 0), 0),
    jobs_not_done: raises.reduce((a, r) => a + Object.entries(r.jobs).reduce((b, [status, c]) => b + (status === 'done' ? 0 : c), 0), 0),
    round_rates: Object.fromEntries([...byConfig].map(([name, list]) => [name, list.map((r) => Math.round(r.cases / r.raiseS))])),
  });
  const speed = args.engines.filter((k) => k !== 1).map((k) => `${k} engines ${json[`speedup_${k}_engines`] ?? 'n/a'}x`).join(', ');
  table.push(
    [`Confirm raise, ${args.enquiries.toLocaleString('en')} Enquiries, answers after ${LATENCY_MS} ms: SQLite, 1 engine`, `${json.confirm_sqlite_s} s (${json.confirm_sqlite_per_s} a second; CPU s ${JSON.stringify(json.confirm_sqlite_cpu_s)})`],
    ...args.engines.map((k): [string, string] => [
      `  PostgreSQL, ${k} engine${k === 1 ? '' : 's'}`,
      `${json[`engines_${k}_s`]} s (${json[`engines_${k}_per_s`]} a second; settled ${json[`engines_${k}_settled_s`]} s, ${json[`engines_${k}_jobs_per_s`]} jobs a second; CPU s ${JSON.stringify(json[`engines_${k}_cpu_s`])})`,
    ]),
    ['  throughput against 1 engine (goal 2 engines >= 1.6)', speed || 'n/a'],
    [`  limit: the same requests raw, ${ENGINE_SLOTS} in flight`, `${json.confirm_limit_s} s`],
    ['  each case raised exactly once (counted by the simulator)', `${json.raised_exactly_once} of ${json.raise_cases} (${json.duplicated} duplicated, ${json.missing} missing; jobs ${json.jobs_done} done, ${json.jobs_not_done} not)`],
    ['  contract call every 10 ms on the first engine: p99 SQLite / PostgreSQL by engines', `${json.confirm_sqlite_api_p99_ms} / ${args.engines.map((k) => json[`engines_${k}_api_p99_ms`]).join(', ')} ms`],
    ['  rounds (Enquiries a second)', JSON.stringify(json.round_rates)],
  );
}
