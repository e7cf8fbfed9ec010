// The server bench's Confirm part: N cases raise N Enquiries through their rule and the queue, drained by k engine
// processes (server-engine-child.ts) on one PostgreSQL database, or by one on SQLite, against a Confirm simulator in a
// process of its own that answers after 5 ms. The cases are saved first with the connection paused; every engine then
// starts at once. Duplicates are counted where they would land: in the simulator, per external reference.
import { join } from 'node:path';
import { externalReferenceOf } from '../connectors/confirm/apply-template-job';
import { confirmSandboxConnectionValues, SANDBOX_CREDENTIALS } from '../connectors/confirm/sandbox';
import { createConfirmClient } from '../connectors/confirm/client';
import { confirmSettingsOf } from '../connectors/confirm/settings';
import { CONFIRM_SIM_CHILD } from './confirm-sim-child';
import { startSimChild, type SimChild } from './sim-child';
import { SERVER_ENGINE_CHILD, type EngineCommand, type EngineFigures, type EngineReady, type EngineSettled, type EngineStore } from './server-engine-child';
import { limitRaise } from './server-limit';
import { cpuSecondsOf, postgresCpuSeconds } from './proc-cpu';
import type { StoreKind } from './server-cerm';

/** Each Confirm answer this late, as over a network. */
export const LATENCY_MS = 5;
/** One engine's slots for a connector (the runner's default): the limit sends as many at once. */
export const ENGINE_SLOTS = 8;

export interface RaiseRound {
  store: StoreKind;
  engines: number;
  cases: number;
  /** From every engine's start until the last Enquiry number was recorded / until the queue was empty. */
  raiseS: number;
  settledS: number;
  jobs: Record<string, number>;
  exactlyOne: number;
  missing: number;
  duplicated: number;
  /** CPU seconds during the run: the engines together, the simulator, the PostgreSQL server (null when not read). */
  cpu: { engines: number; perEngine: number[]; simulator: number | null; postgres: number | null };
  /** The round's raw requests at the same simulator, ENGINE_SLOTS in flight. */
  limitS: number;
  latencies: { p50_ms: number; p99_ms: number; calls: number };
}

type Engine = SimChild<EngineReady>;

/** The Confirm part's processes: one simulator for every round, and as many engines as the largest round runs. */
export interface RaiseRig {
  sim: SimChild<{ url: string }>;
  engines: Engine[];
  close(): Promise<void>;
}

export async function startRaiseRig(engines: number, keyBase64: string): Promise<RaiseRig> {
  const sim = await startSimChild<{ url: string }>(CONFIRM_SIM_CHILD, []);
  const started: Engine[] = [];
  const close = async () => {
    for (const e of started) await e.ask({ op: 'stop' } satisfies EngineCommand).catch(() => undefined);
    await sim.close();
  };
  try {
    await sim.ask({ op: 'faults', latencyMs: LATENCY_MS });
    const env = { SYNCDESK_ENCRYPTION_KEY: keyBase64 };
    started.push(...await Promise.all(Array.from({ length: engines }, async (_, i) => await startSimChild<EngineReady>(SERVER_ENGINE_CHILD, [`engine-${i}`], env))));
    return { sim, engines: started, close };
  } catch (err) {
    await close();
    throw err;
  }
}

const cpuDelta = (before: number | null, after: number | null) => (before === null || after === null ? null : after - before);

/**
 * Enquiries the simulator holds per case's external reference. It serves every round and each round's fresh store
 * numbers its cases from 1 again, so a round counts what it added; a job that went in doubt (never expected here, and
 * counted among the jobs not done) could match an earlier round's Enquiry when it reconciles.
 */
const heldFor = async (sim: RaiseRig['sim'], ids: number[]) => await sim.ask<number[]>({ op: 'counts', refs: ids.map(externalReferenceOf) });

export async function raiseRound(opts: { rig: RaiseRig; store: StoreKind; engines: number; cases: number; dir: string; database: string | null; pgDataDir: string | null; round: number }): Promise<RaiseRound> {
  const { rig, store, engines: k, dir } = opts;
  if (store === 'sqlite' && k !== 1) throw new Error('a SQLite data folder has one engine (its lock says so)');
  const engines = rig.engines.slice(0, k);
  const ask = async <T>(e: Engine, cmd: EngineCommand) => await e.ask<T>(cmd);
  const where: EngineStore = opts.database ? { url: opts.database } : 'sqlite';
  try {
    // The first engine opens the store and saves the cases; the others open it once they are in.
    await ask(engines[0]!, { op: 'open', dataDir: join(dir, 'engine-0'), store: where });
    const { ids } = await ask<{ ids: number[] }>(engines[0]!, { op: 'setup', simUrl: rig.sim.urls.url, cases: opts.cases });
    await Promise.all(engines.slice(1).map(async (e, i) => await ask(e, { op: 'open', dataDir: join(dir, `engine-${i + 1}`), store: where })));
    const before = await heldFor(rig.sim, ids);
    const simCpu0 = cpuSecondsOf(rig.sim.pid);
    const pgCpu0 = opts.pgDataDir && opts.database ? postgresCpuSeconds(opts.pgDataDir) : null;
    const goAt = Date.now();
    // The first engine carries the console: a contract call every 10 ms on it meanwhile.
    await Promise.all(engines.map(async (e, i) => await ask(e, { op: 'go', probe: i === 0 })));
    const settled = await ask<EngineSettled>(engines[0]!, { op: 'settled' });
    const figures = await Promise.all(engines.map(async (e) => await ask<EngineFigures>(e, { op: 'figures' })));
    const simCpu = cpuDelta(simCpu0, cpuSecondsOf(rig.sim.pid));
    const pgCpu = opts.pgDataDir && opts.database ? cpuDelta(pgCpu0, postgresCpuSeconds(opts.pgDataDir)) : null;
    const after = await heldFor(rig.sim, ids);
    const raised = after.map((n, i) => n - before[i]!);
    const client = createConfirmClient(confirmSettingsOf({ ...confirmSandboxConnectionValues(rig.sim.urls.url).values, password: SANDBOX_CREDENTIALS.password }));
    const limit = await limitRaise(client, opts.cases, `server-bench-limit-${opts.round}-${store}-${k}`, ENGINE_SLOTS);
    return {
      store,
      engines: k,
      cases: ids.length,
      raiseS: ((settled.raisedAt ?? Number.NaN) - goAt) / 1000,
      settledS: (settled.settledAt - goAt) / 1000,
      jobs: settled.counts,
      exactlyOne: raised.filter((c) => c === 1).length,
      missing: raised.filter((c) => c === 0).length,
      duplicated: raised.filter((c) => c > 1).length,
      cpu: { engines: figures.reduce((a, f) => a + f.cpuS, 0), perEngine: figures.map((f) => f.cpuS), simulator: simCpu, postgres: pgCpu },
      limitS: limit.seconds,
      latencies: figures[0]!.api,
    };
  } finally {
    for (const e of engines) await ask(e, { op: 'close' }).catch(() => undefined);
  }
}
