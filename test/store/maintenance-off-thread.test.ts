// Retention's batches run on a thread of their own, in the writer's turn: the main thread stays free, calls that only
// read are answered during a batch, and writes wait for it.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../../src-main/store/database';
import { createRepositories } from '../../src-main/store/repositories';
import { startOffThreadCleanup } from '../../src-main/store/maintenance-off-thread';
import { writerOf } from '../../src-main/store/serial-writer';
import { tempDir } from '../support/harness';

const line = (i: number) => ({ ts: i, connectorId: 'erp', action: 'push', entityType: 'account', entityId: `A${i}`, outcome: 'success' as const, message: `account ${i} pushed` });

describe('retention batches off the main thread', () => {
  let db: Db | null = null;
  afterEach(() => {
    db?.close();
    db = null;
  });

  it('deletes on its own connection while reads are answered and writes wait, and the main connection sees the result', async () => {
    db = openDatabase(join(tempDir(), 'off.db'));
    const repos = createRepositories(db);
    for (let c = 0; c < 20; c++) await repos.log.appendMany(Array.from({ length: 1_000 }, (_, k) => line(c * 1_000 + k)));
    const off = startOffThreadCleanup(db.name, writerOf(db))!;
    expect(off).not.toBeNull();
    const order: string[] = [];
    let turns = 0;
    let waiting = true;
    const spin = () => {
      if (!waiting) return;
      turns++;
      setImmediate(spin);
    };
    const batch = off.steps.deleteLogBefore(15_000, 20_000, null).then((r) => {
      waiting = false;
      order.push('batch');
      return r;
    });
    setImmediate(spin);
    // A read during the batch is answered at once, from the rows as they were before it.
    const read = repos.log.page({ connectorId: 'erp' }, null, 5).then((p) => {
      order.push('read');
      return p;
    });
    // A write waits for the batch (its first statement is refused under query_only, and it runs again in its turn).
    const write = repos.settings.set('probe', { during: true }).then(() => order.push('write'));
    const [done, page] = await Promise.all([batch, read, write]);
    expect(done.deleted).toBe(15_000);
    expect(page.entries.map((e) => e.ts)).toEqual([19_999, 19_998, 19_997, 19_996, 19_995]);
    expect(order).toEqual(['read', 'batch', 'write']);
    // The main thread had turns while the thread deleted.
    expect(turns).toBeGreaterThan(0);
    expect(await repos.settings.get('probe', null)).toEqual({ during: true });
    expect((await repos.maintenance.counts()).log).toBe(5_000);
    // Search still finds what is left, and nothing of what went.
    expect((await repos.log.page({ q: 'account 16000' }, null, 5)).entries.map((e) => e.ts)).toEqual([16_000]);
    expect((await repos.log.page({ q: 'account 100' }, null, 5)).entries).toEqual([]);
    await off.end();
    await off.end();
  });

  it('answers a batch that fails on the thread with the reason, and every later one the same way', async () => {
    const file = join(tempDir(), 'bare.db');
    // A database without the store's tables: the thread cannot prepare its statements.
    const bare = new Database(file);
    bare.pragma('journal_mode = WAL');
    bare.exec('CREATE TABLE t (x)');
    bare.close();
    db = openDatabase(join(tempDir(), 'other.db'));
    const off = startOffThreadCleanup(file, writerOf(db))!;
    await expect(off.steps.vacuumStep(10)).rejects.toThrow(/maintenance thread (failed|stopped)/);
    await expect(off.steps.deleteRunsBefore(1, 10)).rejects.toThrow(/maintenance thread/);
    await off.end();
    // The writer's turn was given back each time.
    expect(await createRepositories(db).settings.get('x', 1)).toBe(1);
  });
});
