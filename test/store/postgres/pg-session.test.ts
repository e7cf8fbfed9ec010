// The PostgreSQL store's connection handling: a transaction is one client, and one client runs one statement at a
// time. Work that makes its calls at once (Promise.all inside a transaction) must not hand the client a second
// statement while one runs: pg only queues those by a deprecated leniency, which pg 9 drops.
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { PgSession } from '../../../src-main/store/postgres/pg-session';
import { freshDatabase } from './pg-store';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** A pool whose clients count the statements they run at once, and the most they ever ran together. */
async function countingPool(): Promise<{ pool: pg.Pool; most: () => number }> {
  const db = await freshDatabase();
  const pool = openPgPool(db.url, { max: 2 });
  cleanup = async () => {
    await pool.end();
    await db.drop();
  };
  let running = 0;
  let most = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      most = Math.max(most, ++running);
      // The pool's own calls pass a callback; the store's await a promise.
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        args[args.length - 1] = (...answer: unknown[]) => {
          running--;
          (callback as (...a: unknown[]) => void)(...answer);
        };
        return query(...args);
      }
      return query(...args).finally(() => running--);
    };
  });
  return { pool, most: () => most };
}

describe('PostgreSQL session', () => {
  it('sends a transaction\'s calls made at once one after another on its client, in the order they were made', async () => {
    const { pool, most } = await countingPool();
    const session = new PgSession(pool);
    await session.query('CREATE TABLE seen (n integer)');
    const answers = await session.transaction(async () =>
      await Promise.all(Array.from({ length: 20 }, async (_, n) => {
        await session.query('INSERT INTO seen VALUES ($1)', [n]);
        return (await session.one<{ c: number }>('SELECT count(*)::int AS c FROM seen'))!.c;
      })),
    );
    expect(most()).toBe(1);
    // In the order they were made: the twenty inserts first, then each count, which sees them all.
    expect(answers).toEqual(Array.from({ length: 20 }, () => 20));
    expect((await session.rows<{ n: number }>('SELECT n FROM seen ORDER BY ctid')).map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });
});
