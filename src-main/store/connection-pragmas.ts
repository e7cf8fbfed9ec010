// How every connection to the store's file is set up: the main one and the worker threads' (which must not import
// database.ts, whose migrations are bundled SQL).
import type Database from 'better-sqlite3';

/** WAL with full durability, foreign keys, a writer's wait, and a page cache sized for the syncs' indexes. */
export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL: a committed job survives power loss (WAL + NORMAL may lose the last commits).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 64 MiB of page cache, not SQLite's 2 MiB: at 100,000 accounts and 1,000,000 prices the indexes a sync writes are
  // far larger than that, and every page it evicted was read back (or spilled) within the same page of work.
  db.pragma('cache_size = -65536');
}
