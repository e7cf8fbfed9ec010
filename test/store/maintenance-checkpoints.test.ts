// Retention's deletes leave WAL checkpoints to the maintenance thread that runs them: the main connection's commits
// copy nothing into the database file meanwhile, and when the thread ends the WAL has been copied whole.
import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createMaintenance } from '../../src-main/store/maintenance-repo';
import { writerOf } from '../../src-main/store/serial-writer';
import { tempDir } from '../support/harness';

describe('WAL checkpoints on the maintenance thread', () => {
  it('turns the main connection’s own checkpoints off until the end, and leaves no page of the WAL uncopied', async () => {
    const file = join(tempDir(), 'ckpt.db');
    const db = openDatabase(file);
    db.exec(`CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`);
    const m = createMaintenance(db, writerOf(db));
    const off = m.cleanupOffThread({ checkpoints: true });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.prepare(`INSERT INTO filler (text) VALUES (?)`);
    // About 3,000 pages in 30 commits: with its own checkpoints on, the main connection would have copied them. The
    // thread checkpoints after its steps: one runs between every ten commits here.
    for (let c = 0; c < 30; c++) {
      db.transaction(() => { for (let i = 0; i < 100; i++) insert.run('x'.repeat(4_000)); })();
      if (c % 10 === 9) await off.steps.mergeIndexStep(1);
    }
    // Before the end: at least the first step's checkpoint copied the thousand pages written before it.
    expect(statSync(file).size).toBeGreaterThan(1_000 * 4_000);
    await off.end();
    await off.end();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // The pages are in the database file itself (the main connection has not checkpointed): the thread copied them.
    expect(statSync(file).size).toBeGreaterThan(3_000 * 4_000);
    expect(db.prepare(`SELECT COUNT(*) FROM filler`).pluck().get()).toBe(3_000);
    db.close();
  });

  it('leaves the main connection’s checkpoints alone when the thread is not asked to keep the WAL', async () => {
    const file = join(tempDir(), 'plain.db');
    const db = openDatabase(file);
    const off = createMaintenance(db, writerOf(db)).cleanupOffThread();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await off.end();
    db.close();
  });
});
