import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCore, tempDir } from '../support/harness';
import { DatabaseEmptyError, openDatabase, schemaVersion } from '../../src-main/store/database';
import { ensureDataPaths } from '../../src-main/config/data-dir';
import { lockDataDir } from '../../src-main/config/data-dir-lock';
import { LATEST_VERSION } from '../../src-main/store/migrations';

// Issue 9 item 6: a 0-byte database beside the folders of an earlier install is a lost or truncated database, not a
// fresh install. It is refused and left as it is; deleting the empty file is how staff choose to start over.
function earlierDataFolder(): string {
  const dir = tempDir();
  const paths = ensureDataPaths(dir);
  writeFileSync(join(paths.downloads, 'customers-2026-11-30.json'), '[{"id":1}]');
  writeFileSync(join(paths.logs, 'syncdesk.log'), '2026-11-30T10:00:00.000Z INFO started\n');
  writeFileSync(join(paths.exports, 'customers.csv'), 'id\n1\n');
  writeFileSync(paths.database, '');
  return dir;
}

describe('a 0-byte database', () => {
  it('beside an earlier data folder is refused with a clear message and left untouched', () => {
    const dir = earlierDataFolder();
    const file = join(dir, 'syncdesk.db');
    expect(() => openDatabase(file)).toThrow(DatabaseEmptyError);
    expect(() => openDatabase(file)).toThrow(/syncdesk\.db .*is empty \(0 bytes\), but its folder holds data from an earlier start \(downloads\//);
    expect(() => openDatabase(file)).toThrow(/Restore syncdesk\.db from a backup, or delete the empty file to start afresh/);
    expect(statSync(file).size).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('stops a core from starting on that folder, and the folder is not left locked', async () => {
    const dir = earlierDataFolder();
    await expect(startTestCore({ dataDir: dir })).rejects.toThrow(DatabaseEmptyError);
    expect(statSync(join(dir, 'syncdesk.db')).size).toBe(0);
    lockDataDir(dir).release();
  });

  it('is refused when a write-ahead log beside it holds data', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'syncdesk.db'), '');
    writeFileSync(join(dir, 'syncdesk.db-wal'), 'x'.repeat(100));
    expect(() => openDatabase(join(dir, 'syncdesk.db'))).toThrow(DatabaseEmptyError);
  });

  it('in a brand-new data folder (empty sub-folders, an empty log) still starts fresh', async () => {
    const dir = tempDir();
    const paths = ensureDataPaths(dir);
    mkdirSync(join(dir, 'attachments'), { recursive: true });
    writeFileSync(join(paths.logs, 'syncdesk.log'), '');
    writeFileSync(paths.database, '');
    const db = openDatabase(paths.database);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('is not needed to start over: with the file deleted, an earlier folder starts fresh and keeps its files', async () => {
    const dir = tempDir();
    const paths = ensureDataPaths(dir);
    writeFileSync(join(paths.downloads, 'old.json'), '[]');
    const h = await startTestCore({ dataDir: dir });
    expect(existsSync(join(paths.downloads, 'old.json'))).toBe(true);
    await h.close();
  });
});
