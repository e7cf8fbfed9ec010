// Several engines on one database: each with its own pool and store, as separate serve processes would be. The
// database coordinates them: SKIP LOCKED claims, the single-flight index, row locks.
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { createPgRepositories, type PgRepositories } from '../../../src-main/store/postgres/repositories';
import { freshDatabase } from './pg-store';

const pools: pg.Pool[] = [];
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map(async (p) => await p.end()));
  await Promise.all(drops.splice(0).map(async (d) => await d()));
});

async function engines(n: number): Promise<PgRepositories[]> {
  const db = await freshDatabase();
  drops.push(db.drop);
  return Array.from({ length: n }, () => {
    const pool = openPgPool(db.url, { max: 4 });
    pools.push(pool);
    return createPgRepositories(pool);
  });
}

describe('PostgreSQL store: several engines on one database', () => {
  it('leases each job to one engine once, and keeps each entity\'s jobs in order across engines', async () => {
    const [first, ...others] = await engines(3);
    const entities = 20;
    const perEntity = 10;
    await first!.transaction(async (tx) => {
      for (let i = 0; i < entities * perEntity; i++)
        await tx.jobs.enqueue({ connectorId: 'erp', kind: 'push', entityKey: `e${i % entities}`, idempotencyKey: `k${i}`, payload: { i } }, 0);
    });
    const leased: { engine: number; id: number; entityKey: string }[] = [];
    const work = async (store: PgRepositories, engine: number) => {
      let token = 0;
      for (;;) {
        const jobs = await store.jobs.claim({ now: 1, leaseMs: 60_000, limit: 7, newToken: () => `engine${engine}-${++token}` });
        if (jobs.length === 0) {
          if ((await store.jobs.counts()).pending === 0) return;
          continue;
        }
        for (const j of jobs) leased.push({ engine, id: j.id, entityKey: j.entityKey });
        for (const j of jobs) expect(await store.jobs.complete(j.id, j.leaseToken!, null, 2)).toBe(true);
      }
    };
    await Promise.all([first!, ...others].map(async (store, i) => await work(store, i)));
    const ids = leased.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(entities * perEntity);
    expect(await first!.jobs.counts()).toMatchObject({ pending: 0, running: 0, done: entities * perEntity });
    for (let e = 0; e < entities; e++) {
      const order = leased.filter((l) => l.entityKey === `e${e}`).map((l) => l.id);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('starts a task once when engines ask at the same moment: the others get the run already going', async () => {
    const stores = await engines(3);
    const starts = await Promise.all(stores.map(async (s) => await s.runs.start('erp', 'pull', 'schedule', 5)));
    expect(starts.filter((s) => !s.alreadyRunning)).toHaveLength(1);
    expect(new Set(starts.map((s) => s.run.id)).size).toBe(1);
  });

  it('lets one engine take over the jobs of an engine that died once their lease expires, and only then', async () => {
    const [dead, alive] = await engines(2);
    const id = await dead!.jobs.enqueue({ connectorId: 'erp', kind: 'push', entityKey: 'c1', idempotencyKey: 'only', payload: null }, 0);
    const [held] = await dead!.jobs.claim({ now: 10, leaseMs: 1_000, limit: 1, newToken: () => 'dead-engine' });
    expect(held!.id).toBe(id);
    // Before the lease ends the job is the dead engine's: nothing to reclaim, nothing to claim.
    expect(await alive!.jobs.reclaimExpired(500)).toEqual([]);
    expect(await alive!.jobs.claim({ now: 500, leaseMs: 1_000, limit: 1, newToken: () => 'alive' })).toEqual([]);
    expect((await alive!.jobs.reclaimExpired(1_011)).map((r) => [r.id, r.status])).toEqual([[id, 'pending']]);
    const [taken] = await alive!.jobs.claim({ now: 1_012, leaseMs: 1_000, limit: 1, newToken: () => 'alive' });
    expect(taken).toMatchObject({ id, leaseToken: 'alive', interrupted: 1, inDoubtSince: 10 });
    // The dead engine's late answer cannot complete what is no longer its own.
    expect(await dead!.jobs.complete(id, 'dead-engine', null, 1_013)).toBe(false);
    expect(await alive!.jobs.complete(id, 'alive', null, 1_014)).toBe(true);
  });
});
