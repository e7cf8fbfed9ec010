// A preview's store on PostgreSQL: one transaction, always rolled back, that behaves to the engine's code as the
// engine's own session does (a transaction all-or-nothing, a statement outside one on its own), holds one slot per
// task across every engine, and gives way at once to real work that waits on what it holds.
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pgScratch } from '../../../src-main/engine/preview-scratch-pg';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { PreviewGaveWay, PreviewSession } from '../../../src-main/store/postgres/preview-session';
import { createPgRepositories, sessionOf, type PgRepositories } from '../../../src-main/store/postgres/repositories';
import { UniqueViolation } from '../../../src-main/store/store-errors';
import { emptied, freshDatabase } from './pg-store';

let pool: pg.Pool;
let live: PgRepositories;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await freshDatabase();
  drop = db.drop;
  pool = openPgPool(db.url, { max: 6 });
  live = createPgRepositories(pool);
});

beforeEach(async () => {
  await emptied(pool);
});

afterAll(async () => {
  await pool?.end();
  await drop?.();
});

const settingsOf = async () => (await pool.query<{ key: string; value: string }>(`SELECT key, value FROM app_settings ORDER BY key`)).rows;
const scratch = () => pgScratch(pool, { connectors: () => [], customerIdentity: null, now: Date.now, waitersEveryMs: 50 });

describe('preview session (PostgreSQL)', () => {
  it('sees its own writes while it runs, and leaves the database as it was once it ends', async () => {
    await live.settings.set('kept', 1);
    const session = await PreviewSession.begin(pool);
    const repos = createPgRepositories(pool, {}, session);
    await repos.settings.set('kept', 2);
    await repos.transaction(async (tx) => await tx.settings.set('added', 3));
    const { run } = await repos.runs.start('testkit', 'pull', 'manual', 1_000);
    expect(await repos.settings.get('kept', 0)).toBe(2);
    expect((await repos.runs.get(run.id))?.status).toBe('running');
    // Other sessions see none of it meanwhile.
    expect(await settingsOf()).toEqual([{ key: 'kept', value: '1' }]);
    expect(await live.runs.get(run.id)).toBeNull();
    await session.end();
    expect(await settingsOf()).toEqual([{ key: 'kept', value: '1' }]);
    expect(await live.runs.get(run.id)).toBeNull();
    await expect(repos.settings.get('kept', 0)).rejects.toBeInstanceOf(PreviewGaveWay);
  });

  it('a failed statement outside a transaction fails alone, and a transaction that throws undoes only itself', async () => {
    const session = await PreviewSession.begin(pool);
    const repos = createPgRepositories(pool, {}, session);
    await session.query(`INSERT INTO app_settings (key, value) VALUES ('a', '1')`);
    await expect(session.query(`INSERT INTO app_settings (key, value) VALUES ('a', '2')`)).rejects.toBeInstanceOf(UniqueViolation);
    await expect(repos.transaction(async (tx) => {
      await tx.settings.set('b', 1);
      await tx.transaction(async (inner) => await inner.settings.set('c', 1));
      throw new Error('undone');
    })).rejects.toThrow('undone');
    await repos.settings.set('d', 1);
    expect((await session.rows<{ key: string }>(`SELECT key FROM app_settings ORDER BY key`)).map((r) => r.key)).toEqual(['a', 'd']);
    await session.end();
    expect(await settingsOf()).toEqual([]);
  });

  it('the work\'s transactions take turns: a statement made outside one waits for the open one', async () => {
    const session = await PreviewSession.begin(pool);
    const repos = createPgRepositories(pool, {}, session);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const tx = repos.transaction(async (t) => {
      await t.settings.set('in', 1);
      await held;
      order.push('transaction ends');
      throw new Error('rolled back');
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = repos.settings.set('out', 1).then(() => order.push('outside written'));
    await new Promise((r) => setTimeout(r, 50));
    release();
    await expect(tx).rejects.toThrow('rolled back');
    await outside;
    expect(order).toEqual(['transaction ends', 'outside written']);
    expect((await session.rows<{ key: string }>(`SELECT key FROM app_settings ORDER BY key`)).map((r) => r.key)).toEqual(['out']);
    await session.end();
  });

  it('holds one slot per task across sessions: a second preview of the task is refused until the first ends', async () => {
    const open = scratch();
    const first = await open({ slot: 'testkit/pull', dir: '' });
    expect(first).not.toBeNull();
    expect(await open({ slot: 'testkit/pull', dir: '' })).toBeNull();
    const other = await open({ slot: 'testkit/push', dir: '' });
    expect(other).not.toBeNull();
    await other!.close();
    await first!.close();
    const again = await open({ slot: 'testkit/pull', dir: '' });
    expect(again).not.toBeNull();
    await again!.close();
  });

  it('gives way to a real run of the task: the run starts instead of waiting for the preview, which is rolled back', async () => {
    const s = (await scratch()({ slot: 'testkit/pull', dir: '' }))!;
    const previewed = await s.repos.runs.start('testkit', 'pull', 'manual', 1_000);
    expect(previewed.alreadyRunning).toBe(false);
    // The preview's uncommitted "running" row holds the task's slot: the real start waits on it, so the preview goes.
    const real = await live.runs.start('testkit', 'pull', 'manual', 2_000);
    expect(real.alreadyRunning).toBe(false);
    expect(s.gaveWay.aborted).toBe(true);
    expect(s.gaveWay.reason).toBeInstanceOf(PreviewGaveWay);
    await expect(s.repos.runs.get(previewed.run.id)).rejects.toBeInstanceOf(PreviewGaveWay);
    await s.close();
    expect((await live.runs.running('testkit', 'pull'))?.id).toBe(real.run.id);
  });

  it('a statement in flight when it gives way is cancelled, so a long one does not hold the locks either', async () => {
    const s = (await scratch()({ slot: 'testkit/pull', dir: '' }))!;
    await s.repos.settings.set('held', 1);
    // The preview holds the row's key and then sits in a long statement; a real write of that row waits on it.
    const sleeping = sessionOf(s.repos as PgRepositories).query('SELECT pg_sleep(60)').then(() => 'slept', (err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    await live.settings.set('held', 2);
    expect(await sleeping).toMatchObject({ code: '57014' });
    expect(s.gaveWay.aborted).toBe(true);
    await s.close();
    expect(await settingsOf()).toEqual([{ key: 'held', value: '2' }]);
  });
});
