import Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync, readdirSync, statfsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { applyPragmas } from './connection-pragmas';
import { createDeferredIndexes } from './deferred-indexes';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

/** The schema version that made the deferred_indexes table. */
const DEFERRED_INDEXES_VERSION = 23;

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer SyncDesk (schema ${found}; this version knows up to ${supported}). ` +
        'Update SyncDesk, or point SYNCDESK_DATA_DIR at another folder.',
    );
  }
}

/**
 * A 0-byte database beside the folders of an earlier start: a database lost or cut short (a failed copy or restore, a
 * sync tool's placeholder, a full disk), not a fresh install. Set up afresh it would pass for a first launch and bury the
 * earlier data; so it is refused and left as it is, and deleting the empty file is how staff choose to start over.
 */
export class DatabaseEmptyError extends Error {
  constructor(
    readonly file: string,
    readonly evidence: string,
  ) {
    const name = basename(file);
    super(
      `The database ${name} in ${dirname(file)} is empty (0 bytes), but its folder holds data from an earlier start (${evidence}). ` +
        `SyncDesk will not set it up as a new install over that data. Restore ${name} from a backup, or delete the empty file to start afresh ` +
        '(the downloads, exports, logs and attachments are kept).',
    );
  }
}

/** The data folder's sub-folders (config/data-dir.ts and the attachment store make them): proof of an earlier start. */
const DATA_FOLDERS = ['downloads', 'exports', 'logs', 'attachments'];

function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

/** The first non-empty file below `dir` (symbolic links not followed), as a path relative to `dir`'s parent. */
function firstNonEmptyFile(dir: string, shown: string, depth = 0): string | null {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isFile() && (sizeOf(path) ?? 0) > 0) return `${shown}/${e.name}`;
    if (e.isDirectory() && depth < 4) {
      const hit = firstNonEmptyFile(path, `${shown}/${e.name}`, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/** What shows that a 0-byte database had a past: its own journal or write-ahead log, or files in the data folders. */
function earlierData(file: string): string | null {
  for (const suffix of ['-wal', '-journal']) if ((sizeOf(file + suffix) ?? 0) > 0) return basename(file) + suffix;
  for (const name of DATA_FOLDERS) {
    const hit = firstNonEmptyFile(join(dirname(file), name), name);
    if (hit) return hit;
  }
  return null;
}

function refuseEmptyBesideEarlierData(file: string): void {
  if (sizeOf(file) !== 0) return;
  const evidence = earlierData(file);
  if (evidence) throw new DatabaseEmptyError(file, evidence);
}

export interface OpenOptions {
  /** Apply migrations up to this version only (tests that build an old database). */
  targetVersion?: number;
  readonly?: boolean;
}

/** Owner-only, as the data folder's files are (config/data-dir.ts; the store does not import config). */
const DB_FILE_MODE = 0o600;

/**
 * The database file and the files SQLite keeps beside it, owner-only. SQLite makes its WAL, SHM and journal with the
 * database file's own mode (it sets it explicitly, whatever the umask), so a database created 0600 keeps them 0600;
 * files an earlier version left 0644 are tightened here.
 */
function ownerOnly(file: string, create: boolean): void {
  if (process.platform === 'win32') return;
  if (create && sizeOf(file) === null) closeSync(openSync(file, 'a', DB_FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if ((statSync(f).mode & 0o777) !== DB_FILE_MODE) chmodSync(f, DB_FILE_MODE);
    } catch {
      // Not there (yet).
    }
  }
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  refuseEmptyBesideEarlierData(file);
  ownerOnly(file, !options.readonly);
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    if (!options.readonly) useIncrementalVacuum(db, file);
    applyPragmas(db);
    // WAL mode has made its -wal and -shm by now (with the database's mode); an earlier version's stay tightened.
    if (!options.readonly) ownerOnly(file, false);
    if (!options.readonly) migrate(db, options.targetVersion ?? LATEST_VERSION);
    // A bulk load cut short (a crash) left indexes set aside: they are built before anything reads the table.
    if (!options.readonly && schemaVersion(db) >= DEFERRED_INDEXES_VERSION) createDeferredIndexes(db).restore();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

const INCREMENTAL = 2;

/**
 * Retention gives freed pages back to the file system a few at a time (PRAGMA incremental_vacuum), which needs
 * auto_vacuum = INCREMENTAL. A new database takes it before its first table. An existing one only takes it through one
 * full VACUUM, done here once, at start-up, before anything else uses the connection (so it holds no one up but the
 * start itself), and only with room for the copy VACUUM writes (the database's size again, twice over to be safe);
 * without that room it is left as it is and tried again at the next start, and cleanup still deletes, just without
 * shrinking the file.
 */
function useIncrementalVacuum(db: Db, file: string): void {
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  const fresh = (db.pragma('page_count', { simple: true }) as number) === 0;
  db.pragma('auto_vacuum = INCREMENTAL');
  if (fresh) return;
  const size = (sizeOf(file) ?? 0) + (sizeOf(`${file}-wal`) ?? 0);
  try {
    const fs = statfsSync(dirname(file));
    if (fs.bavail * fs.bsize < size * 2) return;
  } catch {
    return;
  }
  db.exec('VACUUM');
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, target: number = LATEST_VERSION, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  for (const m of pending) {
    // Each migration and its version bump commit together, or not at all.
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
