// Several engines on one database, each a child process (a job runner over the pg-boss queue with its own pool), all
// delivering jobs to one real HTTP endpoint that counts the records posted per idempotency key. One engine is killed
// with SIGKILL at random moments and started again: its jobs come back after their lease, reconcile (they are in
// doubt) and are neither lost nor posted twice, and each entity's records arrive in order. The same promises at
// scale, with whole cores as `serve` runs them (3,000 Confirm raises and a CERM download), are
// several-engines.test.ts's; this one keeps what that run has no part in: ten jobs per entity, in order across
// engines and takeovers.
import { spawn, type ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { createPgRepositories, type PgRepositories } from '../../../src-main/store/postgres/repositories';
import { createPgBossJobQueue, type PgBossJobQueue } from '../../../src-main/team-server/pg-boss-queue';
import type { Repositories } from '../../../src-main/store/repositories';
import { bundleChild } from '../../support/crash-child-runner';
import { POST_RECORD, RELAY_ID, startRecordServer, type RecordServer } from '../../support/relay-connector';
import { freshDatabase } from './pg-store';

const JOBS = 600;
const PER_ENTITY = 10;
// Short, so a killed engine's jobs come back soon; long enough that a starved CPU (two shared cores) renews in time.
const LEASE_MS = 3_000;

let script: string;
beforeAll(async () => {
  script = await bundleChild('test/support/pg-boss-engine-child.ts', 'pg-boss-engine-child');
}, 120_000);

interface Engine {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

function startEngine(url: string, endpoint: string, name: string, leaseMs = LEASE_MS): Promise<Engine> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, url, endpoint, name, String(leaseMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      if (chunk.includes('READY')) resolve({ child, exited, stderr: () => stderr });
    });
    void exited.then((code) => reject(new Error(`engine ${name} exited (${code}) before it was ready: ${stderr}`)));
  });
}

async function stopEngine(e: Engine): Promise<void> {
  if (e.child.exitCode !== null || e.child.signalCode !== null) return;
  e.child.kill('SIGTERM');
  await e.exited;
}

/** A small seeded generator: the kill moments differ from moment to moment of a run, the same from run to run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Setup {
  url: string;
  pool: pg.Pool;
  repos: PgRepositories;
  queue: PgBossJobQueue;
  server: RecordServer;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<Setup> {
  const database = await freshDatabase();
  cleanups.push(database.drop);
  const pool = openPgPool(database.url, { max: 4 });
  cleanups.push(async () => await pool.end());
  const repos = createPgRepositories(pool);
  const queue = await createPgBossJobQueue({ repos, url: database.url, connectorIds: [RELAY_ID], now: Date.now });
  cleanups.push(async () => await queue.close());
  const server = await startRecordServer(5);
  cleanups.push(server.close);
  return { url: database.url, pool, repos, queue, server };
}

/** The jobs, entity by entity interleaved, enqueued as a domain change would: in transactions. */
async function enqueueAll(s: Setup, jobs = JOBS): Promise<void> {
  const entities = jobs / PER_ENTITY;
  for (let from = 0; from < jobs; from += 500) {
    await s.repos.transaction(async (tx) => {
      for (let i = from; i < Math.min(from + 500, jobs); i++) {
        const entity = `e${i % entities}`;
        const seq = Math.floor(i / entities);
        await s.queue.enqueue(tx as unknown as Repositories, { connectorId: RELAY_ID, kind: POST_RECORD, entityKey: entity, idempotencyKey: `${entity}:${seq}`, payload: { entity, seq } });
      }
    });
  }
}

async function settled(s: Setup): Promise<void> {
  for (;;) {
    const c = await s.repos.jobs.counts();
    if (c.pending + c.running === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every job done once: 0 lost, 0 posted twice, each entity's records in order. */
async function expectExactlyOnce(s: Setup, jobs = JOBS): Promise<void> {
  expect(await s.repos.jobs.counts()).toMatchObject({ done: jobs, pending: 0, running: 0, failed: 0, dead: 0, in_doubt: 0, record_failed: 0 });
  expect(s.server.posts.size).toBe(jobs);
  const twice = [...s.server.posts].filter(([, n]) => n > 1);
  expect(twice).toEqual([]);
  for (const [entity, order] of s.server.order) expect({ entity, order }).toEqual({ entity, order: Array.from({ length: PER_ENTITY }, (_, i) => i) });
  const left = await s.pool.query<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job`);
  expect(Number(left.rows[0]!.n)).toBe(0);
}

describe('pg-boss queue: several engines on one database, in processes of their own', () => {
  it('delivers 600 jobs once each, in order per entity (ten each), while one engine is killed with SIGKILL at random moments', async () => {
    const s = await setup();
    await enqueueAll(s);
    const engines = await Promise.all(['engine-a', 'engine-b', 'engine-c'].map(async (n) => await startEngine(s.url, s.server.url, n)));
    cleanups.push(async () => { for (const e of engines) await stopEngine(e); });
    const random = seeded(15);
    let kills = 0;
    const done = settled(s).then(() => true);
    while (kills < 6 && !(await Promise.race([done, new Promise<false>((r) => setTimeout(() => r(false), 150 + random() * 600))]))) {
      const victim = Math.floor(random() * engines.length);
      engines[victim]!.child.kill('SIGKILL');
      await engines[victim]!.exited;
      kills++;
      engines[victim] = await startEngine(s.url, s.server.url, `engine-${victim}-restart-${kills}`);
    }
    await done;
    const interrupted = await s.pool.query<{ n: string; jobs: string }>(`SELECT coalesce(sum(interrupted), 0) AS n, count(*) FILTER (WHERE interrupted > 0) AS jobs FROM jobs`);
    console.log(`several engines: ${kills} kills, ${interrupted.rows[0]!.jobs} jobs taken over after an interrupted attempt, ${[...s.server.posts.values()].reduce((a, b) => a + b, 0)} records posted`);
    expect(kills).toBeGreaterThan(0);
    // The kills landed mid-work: some attempts were cut short and their jobs taken over by another engine.
    expect(Number(interrupted.rows[0]!.n)).toBeGreaterThan(0);
    await expectExactlyOnce(s);
  }, 600_000);

  it('shares the work: jobs per second with 1, 2 and 3 engines against an endpoint answering after 5 ms (reported, not asserted)', async () => {
    // Fewer jobs than above: the point is the ratio, and this machine's two cores are shared.
    const jobs = 1_000;
    const rates: Record<number, number> = {};
    for (const n of [1, 2, 3]) {
      const s = await setup();
      const engines = await Promise.all(Array.from({ length: n }, async (_, i) => await startEngine(s.url, s.server.url, `engine-${i}`, 60_000)));
      const started = performance.now();
      await enqueueAll(s, jobs);
      await settled(s);
      const seconds = (performance.now() - started) / 1000;
      rates[n] = Math.round(jobs / seconds);
      for (const e of engines) await stopEngine(e);
      await expectExactlyOnce(s, jobs);
      for (const c of cleanups.splice(0).reverse()) await c();
    }
    console.log(`pg-boss throughput (jobs/s, 5 ms endpoint, concurrency 8 per engine): ${JSON.stringify(rates)}; 2 engines ${(rates[2]! / rates[1]!).toFixed(2)}x, 3 engines ${(rates[3]! / rates[1]!).toFixed(2)}x one`);
  }, 400_000);
});
