// Restore never swaps the database under a running store. Staff's choice is checked and staged as a complete file
// beside the database; the next start applies it before the store opens, keeping the database it replaces.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DataPaths } from '../config/data-dir';
import { checkDatabaseCopy, CopyRefusedError } from './database-copy';

export const stagedRestoreOf = (paths: Pick<DataPaths, 'root'>) => join(paths.root, 'syncdesk.restore-pending.db');

export interface StagedRestore {
  path: string;
  bytes: number;
  stagedAt: number;
  schemaVersion: number;
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
}

/** Copies the chosen file, checks the copy (integrity, schema version), and leaves it for the next start. */
export function stageRestore(paths: Pick<DataPaths, 'root'>, source: string): StagedRestore {
  if (!existsSync(source) || !statSync(source).isFile()) throw new CopyRefusedError(`There is no file ${source}.`);
  const staged = stagedRestoreOf(paths);
  const partial = `${staged}.partial`;
  try {
    copyFileSync(source, partial);
    const { schemaVersion } = checkDatabaseCopy(partial);
    // Renamed only once whole and checked: a staged file is always one that passed.
    renameSync(partial, staged);
    const st = statSync(staged);
    return { path: staged, bytes: st.size, stagedAt: Math.floor(st.mtimeMs), schemaVersion };
  } finally {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
  }
}

export function stagedRestore(paths: Pick<DataPaths, 'root'>): { bytes: number; stagedAt: number } | null {
  try {
    const st = statSync(stagedRestoreOf(paths));
    return { bytes: st.size, stagedAt: Math.floor(st.mtimeMs) };
  } catch {
    return null;
  }
}

export function cancelRestore(paths: Pick<DataPaths, 'root'>): boolean {
  const staged = stagedRestoreOf(paths);
  if (!existsSync(staged)) return false;
  rmSync(staged, { force: true });
  return true;
}

/**
 * Checkpoints a closed database's WAL into the file and empties it: the file alone is then the whole database. A WAL
 * that will not empty (another program holds the file) stops the restore, which then waits for the next start.
 */
function foldInWal(file: string): void {
  if (!existsSync(`${file}-wal`)) return;
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0)
    throw new Error(`The restore waits: the current database's write-ahead log (${file}-wal) could not be folded into it; another program may hold the file.`);
}

/**
 * At start-up, with the data folder locked and before the database opens: puts a staged restore in place. The
 * database it replaces moves into backups/ as before-restore-<time>.db, its write-ahead log folded in first (the WAL
 * may hold its last commits, and a file moved without it would lose them). The moves are renames, so a crash in
 * between leaves either the staged file still waiting (applied at the next start) or the restored database in place.
 */
export function applyStagedRestore(paths: Pick<DataPaths, 'root' | 'database'>, now: number): string | null {
  const staged = stagedRestoreOf(paths);
  if (!existsSync(staged)) return null;
  try {
    checkDatabaseCopy(staged);
  } catch (err) {
    const rejected = `${staged}.rejected`;
    renameSync(staged, rejected);
    return `The staged restore was not applied (${(err as Error).message}); it was kept as ${rejected}.`;
  }
  const keep = join(paths.root, 'backups');
  mkdirSync(keep, { recursive: true, mode: 0o700 });
  const kept = join(keep, `before-restore-${stamp(now)}.db`);
  if (existsSync(paths.database)) {
    foldInWal(paths.database);
    renameSync(paths.database, kept);
    // Nothing of the old database may stay beside the restored one (an empty WAL and its index, when they remain).
    for (const suffix of ['-wal', '-shm', '-journal']) if (existsSync(paths.database + suffix)) renameSync(paths.database + suffix, kept + suffix);
  }
  renameSync(staged, paths.database);
  return `Restored the database from the staged copy; the database it replaced is kept as ${kept}.`;
}
