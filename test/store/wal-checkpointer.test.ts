// Retention's deletes leave WAL checkpoints to a worker thread: the main connection's commits copy nothing into the
// database file meanwhile, and when it ends the WAL has been copied whole.
import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createMaintenance } from '../../src-main/store/maintenance-repo';
import { writerOf } from '../../src-main/store/serial-writer';
import { tempDir } from '../support/harness';


describe('WAL checkpoints off the main thread', () => {
  it('turns the main connection’s own checkpoints off until the end, and leaves no page of the WAL uncopied', async () => {
    const file = join(tempDir(), 'ckpt.db');
    const db = openDatabase(file);
    db.exec(`CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`);
    const m = createMaintenance(db, writerOf(db));
    const off = m.checkpointsOffThread();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.prepare(`INSERT INTO filler (text) VALUES (?)`);
    // About 3,000 pages in 30 commits: with its own checkpoints on, the main connection would have copied them.
    for (let c = 0; c < 30; c++) db.transaction(() => { for (let i = 0; i < 100; i++) insert.run('x'.repeat(4_000)); })();
    expect(await off.end()).toBe(true);
    expect(await off.end()).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // The pages are in the database file itself (the main connection has not checkpointed): the worker copied them.
    expect(statSync(file).size).toBeGreaterThan(3_000 * 4_000);
    expect(db.prepare(`SELECT COUNT(*) FROM filler`).pluck().get()).toBe(3_000);
    db.close();
  });
});
