import Database from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations';

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

export interface OpenOptions {
  /** Apply migrations up to this version only (tests that build an old database). */
  targetVersion?: number;
  readonly?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    applyPragmas(db);
    if (!options.readonly) migrate(db, options.targetVersion ?? LATEST_VERSION);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  // FULL: a committed job survives power loss (WAL + NORMAL may lose the last commits).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
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
