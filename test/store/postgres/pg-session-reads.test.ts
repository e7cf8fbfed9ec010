// The PostgreSQL session's calls outside a transaction: reads go side by side, a write waits for every call made before
// it, and a read made after a write sees it, as on SQLite where they run one after another.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { isPlainRead, PgSession } from '../../../src-main/store/postgres/pg-session';
import { freshDatabase } from './pg-store';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('PostgreSQL session: calls outside a transaction', () => {
  it('lets a read go ahead of an earlier read that waits, holds a write until every earlier call is done, and shows a later read that write', async () => {
    const db = await freshDatabase('empty');
    cleanups.push(db.drop);
    const pool = openPgPool(db.url, { max: 4 });
    cleanups.push(async () => await pool.end());
    const session = new PgSession(pool);
    await session.query('CREATE TABLE held (x int)');
    await session.query('CREATE TABLE free (x int)');
    // Another connection holds a lock every read of `held` waits for.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    cleanups.push(async () => await locker.end());
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE held IN ACCESS EXCLUSIVE MODE');

    const done: string[] = [];
    const waiting = session.query('SELECT count(*) AS n FROM held').then((r) => (done.push('read held'), r));
    // Issued after it, answered while it still waits: reads do not queue behind each other.
    expect((await session.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    expect(done).toEqual([]);
    const write = session.query('INSERT INTO free VALUES (1)').then(() => done.push('write'));
    const after = session.query<{ n: string }>('SELECT count(*) AS n FROM free').then((r) => (done.push('read after write'), r));
    // The write waits for the read of `held`, so nothing has reached `free` while the lock holds.
    expect((await locker.query<{ n: string }>('SELECT count(*) AS n FROM free')).rows[0]!.n).toBe('0');
    await locker.query('COMMIT');
    await Promise.all([waiting, write]);
    expect(Number((await after).rows[0]!.n)).toBe(1);
    expect(done).toEqual(['read held', 'write', 'read after write']);
  });

  it('plans a statement once per connection, and prepares it again once its table changed shape (a newer engine migrated)', async () => {
    const db = await freshDatabase('empty');
    cleanups.push(db.drop);
    // One connection, so every call meets the statement it prepared before.
    const pool = openPgPool(db.url, { max: 1 });
    cleanups.push(async () => await pool.end());
    const session = new PgSession(pool);
    await session.query('CREATE TABLE shaped (a int)');
    await session.query('INSERT INTO shaped VALUES (1)');
    const read = 'SELECT * FROM shaped WHERE a = $1';
    expect((await session.query(read, [1])).rows).toEqual([{ a: 1 }]);
    const plans = async () => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1`, [read])).rows[0]!.n);
    expect(await plans()).toBe(1);
    // Another engine adds a column: the prepared plan's result no longer fits, outside a transaction it is made again.
    await pool.query('ALTER TABLE shaped ADD COLUMN b text');
    expect((await session.query(read, [1])).rows).toEqual([{ a: 1, b: null }]);
    await pool.query('ALTER TABLE shaped ADD COLUMN c text');
    // Inside a transaction the failed statement ends it; the next one prepares the statement again.
    await expect(session.transaction(async () => await session.query(read, [1]))).rejects.toThrow(/cached plan must not change result type/);
    expect((await session.query(read, [1])).rows).toEqual([{ a: 1, b: null, c: null }]);
  });

  it('counts as reads only SELECTs that act on nothing', () => {
    expect(isPlainRead('SELECT * FROM jobs WHERE id = $1')).toBe(true);
    expect(isPlainRead('  select count(*) from log')).toBe(true);
    for (const text of [
      'INSERT INTO log VALUES (1)',
      'UPDATE jobs SET status = $1',
      'WITH gone AS (DELETE FROM jobs RETURNING id) SELECT count(*) FROM gone',
      "SELECT pg_notify('syncdesk_events', $1)",
      'SELECT nextval($1)',
      'SELECT pg_advisory_lock(1)',
      'SELECT * FROM jobs FOR UPDATE SKIP LOCKED',
    ])
      expect({ text, read: isPlainRead(text) }).toEqual({ text, read: false });
  });
});
