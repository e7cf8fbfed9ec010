// Two engines receiving the same incoming Enquiry update at once: each marks it seen in the transaction that applies
// it, and the database decides. The second engine's mark waits for the first's transaction, then finds the update
// applied (or takes it, when that transaction rolled back).
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

/** Two engines on one new database, and a pool to watch it with. */
async function twoEngines(): Promise<{ a: PgRepositories; b: PgRepositories; watch: pg.Pool }> {
  const db = await freshDatabase();
  drops.push(db.drop);
  const [pa, pb, watch] = [openPgPool(db.url, { max: 2 }), openPgPool(db.url, { max: 2 }), openPgPool(db.url, { max: 1 })];
  pools.push(pa, pb, watch);
  return { a: createPgRepositories(pa), b: createPgRepositories(pb), watch };
}

/** Resolves once some session of the database waits for a lock another holds (the server says so). */
async function someoneWaits(watch: pg.Pool): Promise<void> {
  for (;;) {
    const waiting = await watch.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (waiting.rowCount) return;
    await new Promise((done) => setTimeout(done, 5));
  }
}

/**
 * Engine A marks the update inside a transaction and holds it open; engine B marks the same update meanwhile and is
 * made to wait; then A ends its transaction as `end` says. Answers what each mark said.
 */
async function race(end: 'commit' | 'rollback'): Promise<{ a: boolean; b: boolean; engines: Awaited<ReturnType<typeof twoEngines>> }> {
  const engines = await twoEngines();
  let b: Promise<boolean> | null = null;
  let a = false;
  const first = engines.a.transaction(async (tx) => {
    a = await tx.confirmUpdates.markSeen('1001/7', '1001', null, 100);
    b = engines.b.transaction(async (tx2) => await tx2.confirmUpdates.markSeen('1001/7', '1001', null, 200));
    await someoneWaits(engines.watch);
    if (end === 'rollback') throw new Error('the case change failed');
  });
  if (end === 'commit') await first;
  else await expect(first).rejects.toThrow('the case change failed');
  return { a, b: await b!, engines };
}

describe('PostgreSQL store: two engines marking one incoming update', () => {
  it('lets the first engine apply it and the second, made to wait, find it applied once the first commits', async () => {
    const { a, b, engines } = await race('commit');
    expect([a, b]).toEqual([true, false]);
    expect(await engines.a.confirmUpdates.count()).toBe(1);
  });

  it('lets the second engine apply it when the first engine rolls back', async () => {
    const { a, b, engines } = await race('rollback');
    expect([a, b]).toEqual([true, true]);
    expect(await engines.b.confirmUpdates.seen('1001/7')).toBe(true);
    expect(await engines.a.confirmUpdates.count()).toBe(1);
  });
});
