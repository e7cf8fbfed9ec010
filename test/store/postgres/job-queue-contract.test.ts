// The queue port's promises, one suite run against both implementations: SQLite's jobs table (the desktop) and
// pg-boss on PostgreSQL (a team server). Real stores: a SQLite file, and a database of the run's private cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database';
import { createRepositories, type Repositories } from '../../../src-main/store/repositories';
import { createSqliteJobQueue, type JobQueue } from '../../../src-main/engine/job-queue';
import { createJobRunner } from '../../../src-main/engine/job-runner';
import { RemoteError } from '../../../src-main/engine/remote-error';
import type { Connector } from '../../../src-main/connectors/connector';
import type { NewJob } from '../../../src-main/store/jobs-repo';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { createPgRepositories } from '../../../src-main/store/postgres/repositories';
import { createPgBossJobQueue } from '../../../src-main/team-server/pg-boss-queue';
import { engineDeps } from '../../support/relay-connector';
import { FAST_RETRY } from '../../support/harness';
import { freshDatabase } from './pg-store';

interface QueueUnderTest {
  repos: Repositories;
  queue: JobQueue;
  /** Deliveries the queue engine holds (SQLite: the unfinished rows; pg-boss: its jobs). */
  deliveries(): Promise<number>;
  close(): Promise<void>;
}

const C = 'shop';
const opened: QueueUnderTest[] = [];
afterEach(async () => {
  for (const q of opened.splice(0)) await q.close();
});

/** What the core wires in: an enqueue wakes the runner. */
interface QueueWiring {
  onEnqueued?: () => void;
}

async function sqliteQueue(wiring: QueueWiring = {}): Promise<QueueUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-queue-'));
  const db = openDatabase(join(dir, 'syncdesk.db'));
  const repos = createRepositories(db);
  return {
    repos,
    queue: createSqliteJobQueue(repos, { now: Date.now, ...wiring }),
    async deliveries() {
      const c = await repos.jobs.counts();
      return c.pending + c.running + c.in_doubt;
    },
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pgBossQueue(wiring: QueueWiring = {}): Promise<QueueUnderTest> {
  const database = await freshDatabase();
  const pool: pg.Pool = openPgPool(database.url, { max: 4 });
  const pgRepos = createPgRepositories(pool);
  const queue = await createPgBossJobQueue({ repos: pgRepos, url: database.url, connectorIds: [C, 'other'], now: Date.now, ...wiring });
  return {
    repos: pgRepos as unknown as Repositories,
    queue,
    async deliveries() {
      const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job`);
      return Number(r.rows[0]!.n);
    },
    async close() {
      await queue.close();
      await pool.end();
      await database.drop();
    },
  };
}

const job = (entityKey: string, key: string, extra: Partial<NewJob> = {}): NewJob => ({ connectorId: C, kind: 'push', entityKey, idempotencyKey: key, payload: { key }, ...extra });
const claimOpts = (leaseMs = 60_000, limit = 10) => ({ leaseMs, limit, newToken: randomUUID, only: { connectorId: C } });

async function until<T>(fn: () => Promise<T | null | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each([
  ['SQLite jobs table', sqliteQueue],
  ['pg-boss on PostgreSQL', pgBossQueue],
])('the job queue port: %s', (_name, make) => {
  const start = async (wiring: QueueWiring = {}) => {
    const q = await make(wiring);
    opened.push(q);
    return q;
  };

  it('writes the job with the change that causes it: a rolled-back change leaves no job and no delivery', async () => {
    const { repos, queue, deliveries } = await start();
    await expect(repos.transaction(async (tx) => {
      await queue.enqueue(tx, job('c1', 'k1'));
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect((await repos.jobs.counts()).pending).toBe(0);
    expect(await deliveries()).toBe(0);
    expect(await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()))).toEqual([]);
    const id = await repos.transaction(async (tx) => await queue.enqueue(tx, job('c1', 'k1')));
    expect(await deliveries()).toBe(1);
    const [claimed] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(claimed).toMatchObject({ id, status: 'running', attempts: 1 });
  });

  it('keeps the job of an idempotency key already queued, delivered once', async () => {
    const { repos, queue, deliveries } = await start();
    const first = await repos.transaction(async (tx) => await queue.enqueue(tx, job('c1', 'same')));
    const again = await repos.transaction(async (tx) => await queue.enqueue(tx, job('c1', 'same', { payload: { other: true } })));
    expect(again).toBe(first);
    expect(await deliveries()).toBe(1);
    const claimed = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(claimed.map((j) => [j.id, j.payload])).toEqual([[first, { key: 'same' }]]);
    expect(await queue.complete(repos, first, claimed[0]!.leaseToken!, { ok: 1 })).toBe(true);
    // A done key asked for again is not done again.
    expect(await repos.transaction(async (tx) => await queue.enqueue(tx, job('c1', 'same')))).toBe(first);
    expect(await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()))).toEqual([]);
    expect(await deliveries()).toBe(0);
  });

  it('completes nothing for a worker whose lease was taken over after it expired', async () => {
    const { repos, queue } = await start();
    const id = await repos.transaction(async (tx) => await queue.enqueue(tx, job('c1', 'k1')));
    const [held] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts(150)));
    // Before the lease ends, nobody else gets the job.
    expect(await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()))).toEqual([]);
    const reclaimed = await until(async () => { const r = await queue.reclaimExpired(); return r.length > 0 && r; }, 'the lease to expire');
    expect(reclaimed.map((r) => [r.id, r.status, r.interrupted])).toEqual([[id, 'pending', 1]]);
    const [taken] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(taken).toMatchObject({ id, attempts: 1, interrupted: 1, inDoubtSince: held!.attemptStartedAt });
    expect(await queue.complete(repos, id, held!.leaseToken!, null)).toBe(false);
    expect(await queue.fail(repos, id, held!.leaseToken!, 'failed', 'late')).toBe(false);
    expect(await queue.extendLease(id, held!.leaseToken!, Date.now() + 60_000)).toBe(false);
    expect(await queue.complete(repos, id, taken!.leaseToken!, { ok: 1 })).toBe(true);
    expect(await repos.jobs.get(id)).toMatchObject({ status: 'done' });
  });

  it('runs the jobs of one entity one at a time and in order; a job that failed for good holds none back', async () => {
    const { repos, queue } = await start();
    const ids = await repos.transaction(async (tx) => [
      await queue.enqueue(tx, job('a', 'a1')),
      await queue.enqueue(tx, job('a', 'a2')),
      await queue.enqueue(tx, job('b', 'b1')),
      await queue.enqueue(tx, job('a', 'a3')),
    ]);
    const first = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(first.map((j) => j.idempotencyKey).sort()).toEqual(['a1', 'b1']);
    expect(await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()))).toEqual([]);
    const a1 = first.find((j) => j.idempotencyKey === 'a1')!;
    expect(await queue.complete(repos, a1.id, a1.leaseToken!, null)).toBe(true);
    const [a2] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(a2).toMatchObject({ id: ids[1], idempotencyKey: 'a2' });
    expect(await queue.fail(repos, a2!.id, a2!.leaseToken!, 'failed', 'the remote refused it')).toBe(true);
    const [a3] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(a3).toMatchObject({ id: ids[3] });
    expect(await repos.jobs.get(ids[1]!)).toMatchObject({ status: 'failed', lastError: 'the remote refused it' });
  });

  it('keeps an entity waiting while its job waits for a later retry', async () => {
    const { repos, queue } = await start();
    await repos.transaction(async (tx) => {
      await queue.enqueue(tx, job('a', 'a1'));
      await queue.enqueue(tx, job('a', 'a2'));
    });
    const [a1] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(await queue.reschedule(repos, a1!.id, a1!.leaseToken!, Date.now() + 3_600_000, 'timed out', false, true)).toBe(true);
    expect(await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()))).toEqual([]);
    expect(await repos.jobs.get(a1!.id)).toMatchObject({ status: 'pending', attempts: 1, inDoubtSince: a1!.attemptStartedAt });
  });

  it('retries due jobs at once and lets a refunded attempt cost nothing', async () => {
    const { repos, queue } = await start();
    const id = await repos.transaction(async (tx) => await queue.enqueue(tx, job('a', 'a1')));
    const [first] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(await queue.reschedule(repos, id, first!.leaseToken!, Date.now() - 1, 'refused: bad key', true)).toBe(true);
    const [second] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(second).toMatchObject({ id, attempts: 1, inDoubtSince: null });
    expect(await queue.reschedule(repos, id, second!.leaseToken!, Date.now() - 1, 'reset')).toBe(true);
    const [third] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(third).toMatchObject({ id, attempts: 2 });
  });

  it('holds a paused connection\'s jobs without burning attempts, and runs them once it is back', async () => {
    const { repos, queue } = await start();
    const id = await repos.transaction(async (tx) => await queue.enqueue(tx, job('a', 'a1')));
    for (const state of ['auth_required', 'credentials_unavailable', 'disabled'] as const) {
      await repos.connections.setState(C, state, 'paused for the test');
      expect(await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()))).toEqual([]);
    }
    expect(await repos.jobs.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
    await repos.connections.setState(C, 'ready', null);
    const [claimed] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(claimed).toMatchObject({ id, attempts: 1 });
  });

  it('holds a job in doubt and the later jobs of its entity until staff raise it again', async () => {
    const { repos, queue } = await start();
    const [id, later] = await repos.transaction(async (tx) => [await queue.enqueue(tx, job('case', 'raise')), await queue.enqueue(tx, job('case', 'attach'))]);
    const [held] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(await queue.inDoubt(repos, id!, held!.leaseToken!, 'the remote cannot say')).toBe(true);
    expect(await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()))).toEqual([]);
    expect((await repos.jobs.get(id!))!.status).toBe('in_doubt');
    expect(await repos.transaction(async (tx) => await queue.raiseAgain(tx, id!))).toBe(true);
    const [raised] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(raised).toMatchObject({ id, inDoubtSince: null });
    expect(await queue.complete(repos, id!, raised!.leaseToken!, null)).toBe(true);
    const [next] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(next).toMatchObject({ id: later });
  });

  it('takes the record staff found for a job in doubt, and the entity moves on', async () => {
    const { repos, queue, deliveries } = await start();
    const [id, later] = await repos.transaction(async (tx) => [await queue.enqueue(tx, job('case', 'raise')), await queue.enqueue(tx, job('case', 'attach'))]);
    const [held] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(await queue.inDoubt(repos, id!, held!.leaseToken!, 'the remote cannot say')).toBe(true);
    expect(await repos.transaction(async (tx) => await queue.adopt(tx, id!, { remoteId: 'E-77' }))).toBe(true);
    expect(await repos.transaction(async (tx) => await queue.adopt(tx, id!, { remoteId: 'E-78' }))).toBe(false);
    expect(await repos.jobs.get(id!)).toMatchObject({ status: 'done', inDoubtSince: null });
    expect(await deliveries()).toBe(1);
    const [next] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(next).toMatchObject({ id: later });
  });

  it('keeps a job the remote took but whose recording failed, never handing it out again', async () => {
    const { repos, queue, deliveries } = await start();
    const id = await repos.transaction(async (tx) => await queue.enqueue(tx, job('a', 'a1')));
    const [held] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(await queue.recordFailed(repos, id, held!.leaseToken!, { remote: 'R-1' }, 'disk full')).toBe(true);
    expect(await repos.jobs.get(id)).toMatchObject({ status: 'record_failed', lastError: 'disk full' });
    expect(await deliveries()).toBe(0);
    expect(await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()))).toEqual([]);
  });

  it('delivers a job staff queue again after it gave up', async () => {
    const { repos, queue } = await start();
    const id = await repos.transaction(async (tx) => await queue.enqueue(tx, job('a', 'a1')));
    const [held] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(await queue.fail(repos, id, held!.leaseToken!, 'dead', 'gave up')).toBe(true);
    expect(await repos.jobs.requeue(id, Date.now())).toBe(true);
    // The runner looks for expired leases (and, on pg-boss, rows queued again) once a second.
    await queue.reclaimExpired();
    const [again] = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect(again).toMatchObject({ id, attempts: 1 });
  });

  it('claims only the connector asked for, and only the kind asked for', async () => {
    const { repos, queue } = await start();
    await repos.transaction(async (tx) => {
      await queue.enqueue(tx, job('a', 'a1'));
      await queue.enqueue(tx, { ...job('b', 'b1'), connectorId: 'other' });
      await queue.enqueue(tx, job('c', 'c1', { kind: 'read' }));
    });
    const reads = await repos.transaction(async (tx) => await queue.claim(tx, { ...claimOpts(), only: { connectorId: C, kind: 'read' } }));
    expect(reads.every((j) => j.kind === 'read' && j.connectorId === C)).toBe(true);
    const rest = await repos.transaction(async (tx) => await queue.claim(tx, claimOpts()));
    expect([...reads, ...rest].map((j) => j.idempotencyKey).sort()).toEqual(['a1', 'c1']);
  });

  it('with the job runner: retries a connectivity failure up to 10 attempts, then dead; a refusal once, then failed; both in the Errors workspace', async () => {
    const { repos, queue } = await start();
    const connector: Connector = {
      id: C,
      displayName: 'Shop (test)',
      description: 'Fails as its payload says.',
      settings: { schema: (await import('zod')).z.object({}).passthrough() as never, fields: [], secretFields: [], defaults: {} },
      testConnection: async () => 'Connected.',
      tasks: [],
      jobs: {
        push: {
          entityType: 'order', title: 'Test job',
          async perform(j) {
            const p = j.payload as { fail: 'connectivity' | 'validation' };
            throw new RemoteError(p.fail, p.fail === 'connectivity' ? 'connection reset' : 'the shop refuses a negative total');
          },
        },
      },
    };
    const runner = createJobRunner(engineDeps(repos, queue, [connector]), { retry: FAST_RETRY, pollMs: 20, leaseMs: 30_000 });
    const [down, refused] = await repos.transaction(async (tx) => [
      await queue.enqueue(tx, job('o1', 'down', { payload: { fail: 'connectivity' } })),
      await queue.enqueue(tx, job('o2', 'refused', { payload: { fail: 'validation' } })),
    ]);
    runner.start();
    try {
      await runner.whenSettled();
    } finally {
      await runner.stop();
    }
    expect(await repos.jobs.get(down!)).toMatchObject({ status: 'dead', attempts: 10 });
    expect(await repos.jobs.get(refused!)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await repos.errors.counts()).toMatchObject({ open: 2 });
  });

  it('with the job runner: runs no job of a change still open, nor of one rolled back, though the enqueue woke it', async () => {
    let wake = () => undefined as void;
    const { repos, queue } = await start({ onEnqueued: () => wake() });
    const performed: string[] = [];
    const connector: Connector = {
      id: C,
      displayName: 'Shop (test)',
      description: 'Notes what it pushes.',
      settings: { schema: (await import('zod')).z.object({}).passthrough() as never, fields: [], secretFields: [], defaults: {} },
      testConnection: async () => 'Connected.',
      tasks: [],
      jobs: { push: { entityType: 'order', title: 'Test job', perform: async (j) => (performed.push(j.idempotencyKey), { message: 'pushed' }) } },
    };
    const runner = createJobRunner(engineDeps(repos, queue, [connector]), { retry: FAST_RETRY, pollMs: 20, leaseMs: 30_000 });
    wake = runner.kick;
    runner.start();
    try {
      // The runner's first look (at start) is over: the next tick is the one the enqueue's wake-up asks for.
      await new Promise((r) => setTimeout(r, 100));
      await expect(repos.transaction(async (tx) => {
        await queue.enqueue(tx, job('o1', 'undone'));
        // The wake-up's tick comes while the change is open: it must not run inside it (where the job is visible).
        await new Promise((r) => setTimeout(r, 200));
        expect(performed).toEqual([]);
        throw new Error('the change failed');
      })).rejects.toThrow('the change failed');
      await repos.transaction(async (tx) => await queue.enqueue(tx, job('o2', 'kept')));
      await runner.whenSettled();
    } finally {
      await runner.stop();
    }
    expect(performed).toEqual(['kept']);
    expect(await repos.jobs.counts()).toMatchObject({ done: 1, pending: 0, running: 0 });
  });
});
