import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, lstatSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCore, tempDir } from '../support/harness';
import { openDatabase } from '../../src-main/store/database';

// Issue 9 item 12: the data folder is private to its user, as ~/.ssh and a browser profile are: the folders 0700 and
// SyncDesk's files 0600, whatever the umask, and a folder left 0755 / 0644 by an earlier version is tightened at start.
const mode = (p: string) => (lstatSync(p).mode & 0o777).toString(8);

describe.runIf(process.platform !== 'win32')('data folder modes', () => {
  let umask: number;
  beforeEach(() => {
    // The loosest umask there is: every mode below is SyncDesk's doing, not the environment's.
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('creates the folders 0700 and the database, its WAL and SHM and the lock files 0600', async () => {
    const dir = join(tempDir(), 'SyncDesk');
    const h = await startTestCore({ dataDir: dir });
    try {
      for (const d of ['', 'downloads', 'exports', 'logs', 'attachments']) expect([d, mode(join(dir, d))]).toEqual([d, '700']);
      for (const f of ['syncdesk.db', 'syncdesk.db-wal', 'syncdesk.db-shm', 'syncdesk.lock', 'syncdesk.lock.db']) expect([f, mode(join(dir, f))]).toEqual([f, '600']);
    } finally {
      await h.close();
    }
  });

  it('tightens a folder an earlier version left 0755 with 0644 files, without following links out of it', async () => {
    const dir = tempDir();
    const outside = join(tempDir(), 'elsewhere.txt');
    writeFileSync(outside, 'not ours');
    chmodSync(outside, 0o644);
    for (const d of ['downloads', 'downloads/2026-11', 'exports', 'logs', 'attachments']) mkdirSync(join(dir, d), { recursive: true, mode: 0o755 });
    const files = ['downloads/2026-11/customers.json', 'exports/customers.csv', 'logs/syncdesk.log', 'logs/syncdesk.log.1', 'attachments/8d1f'];
    for (const f of files) writeFileSync(join(dir, f), 'x', { mode: 0o644 });
    symlinkSync(outside, join(dir, 'downloads', 'link.txt'));
    chmodSync(dir, 0o755);
    // An earlier start's database, 0644.
    openDatabase(join(dir, 'syncdesk.db')).close();
    chmodSync(join(dir, 'syncdesk.db'), 0o644);

    const h = await startTestCore({ dataDir: dir });
    try {
      for (const d of ['', 'downloads', 'downloads/2026-11', 'exports', 'logs', 'attachments']) expect([d, mode(join(dir, d))]).toEqual([d, '700']);
      for (const f of [...files, 'syncdesk.db', 'syncdesk.db-wal', 'syncdesk.db-shm']) expect([f, mode(join(dir, f))]).toEqual([f, '600']);
      expect(mode(outside)).toBe('644');
    } finally {
      await h.close();
    }
  });

  it('opens a new database file 0600 with its WAL and SHM, also outside a data folder', () => {
    const file = join(tempDir(), 'store.db');
    const db = openDatabase(file);
    try {
      expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600']);
      expect(statSync(file).size).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
