// Retention's and backup's statements on one connection: the main one (through the writer), or retention's thread's
// (maintenance-worker.ts), which must not import the host side.
import type { Db } from './database';
import { createDeferredIndexes } from './deferred-indexes';

export interface StaleDownload {
  id: number;
  rawFile: string | null;
  rawBytes: number;
}

/**
 * Retention and backup: each method is one short statement, so cleanup takes the one writer in small turns and every
 * other call gets in between them.
 */
export interface LogKey {
  ts: number;
  id: number;
}

export function createMaintenanceRepo(db: Db) {
  // The next `limit` lines older than the cut-off, after the last batch's (ts, id): lines kept are passed, never read again.
  const oldLogWindow = db.prepare(`SELECT ts, id FROM integration_log
    WHERE ts < @before AND (ts, id) > (@ts, @id) ORDER BY ts, id LIMIT @limit`);
  // An open error's lines stay whatever their age (staff have not dismissed them and their job or run can still be
  // retried); everything else in the window goes.
  const oldLog = db.prepare(`DELETE FROM integration_log WHERE id IN (
    SELECT l.id FROM integration_log l LEFT JOIN jobs j ON j.id = l.job_id
    WHERE (l.ts, l.id) > (@ts, @id) AND (l.ts, l.id) <= (@lastTs, @lastId)
      AND NOT (l.dismissed = 0 AND l.outcome IN ('failure', 'validation_failure', 'dead')
        AND ((l.job_id IS NOT NULL AND j.status NOT IN ('done', 'dismissed')) OR (l.job_id IS NULL AND l.run_id IS NOT NULL))))`);
  // A run's items go first, a batch at a time (a run may hold 100k of them); the run row follows once it has none.
  const oldRunItems = db.prepare(`
    DELETE FROM sync_run_items WHERE (run_id, seq) IN (
      SELECT i.run_id, i.seq FROM sync_run_items i JOIN sync_runs r ON r.id = i.run_id
      WHERE r.status <> 'running' AND r.started_at < ? LIMIT ?)`);
  // Field changes go with the run history: a run's with its run (every run before the first one kept, whether or not
  // its row is still there), a push's (no run) by its age.
  const firstRunKept = db.prepare(`SELECT COALESCE(
    (SELECT MIN(id) FROM sync_runs WHERE status = 'running' OR started_at >= ?), (SELECT COALESCE(MAX(id), 0) + 1 FROM sync_runs))`).pluck();
  const oldRunChanges = db.prepare(`DELETE FROM record_changes WHERE id IN (
    SELECT id FROM record_changes WHERE run_id IS NOT NULL AND run_id < ? ORDER BY run_id LIMIT ?)`);
  const oldPushChanges = db.prepare(`DELETE FROM record_changes WHERE id IN (
    SELECT id FROM record_changes WHERE run_id IS NULL AND at < ? ORDER BY at LIMIT ?)`);
  const oldRuns = db.prepare(`
    DELETE FROM sync_runs WHERE id IN (
      SELECT r.id FROM sync_runs r WHERE r.status <> 'running' AND r.started_at < ?
        AND NOT EXISTS (SELECT 1 FROM sync_run_items i WHERE i.run_id = r.id) LIMIT ?)`);
  // Beyond the newest N of a connector's kind; the newest complete one (what the mirror was read from) always stays.
  const beyondNewest = db.prepare(`
    SELECT id, raw_file AS rawFile, raw_bytes AS rawBytes FROM (
      SELECT d.*, ROW_NUMBER() OVER (PARTITION BY connector_id, kind ORDER BY id DESC) AS n FROM downloads d WHERE status <> 'running')
    WHERE n > ? AND id NOT IN (SELECT MAX(id) FROM downloads WHERE status = 'complete' GROUP BY connector_id, kind)
    ORDER BY id LIMIT ?`);
  const withFiles = db.prepare(`
    SELECT id, raw_file AS rawFile, raw_bytes AS rawBytes FROM downloads
    WHERE raw_file IS NOT NULL AND status <> 'running'
      AND id NOT IN (SELECT MAX(id) FROM downloads WHERE status = 'complete' GROUP BY connector_id, kind)
    ORDER BY id`);
  const keptBytes = db.prepare(`SELECT COALESCE(SUM(raw_bytes), 0) FROM downloads WHERE raw_file IS NOT NULL`).pluck();
  const removeDownload = db.prepare(`DELETE FROM downloads WHERE id = ?`);
  const dropFile = db.prepare(`UPDATE downloads SET raw_file = NULL, message = COALESCE(message || '; ', '') || 'raw file removed by retention (size cap)' WHERE id = ?`);
  const freePages = db.prepare(`PRAGMA freelist_count`).pluck();
  const pageSize = db.prepare(`PRAGMA page_size`).pluck();
  const autoVacuum = db.prepare(`PRAGMA auto_vacuum`).pluck();
  const counts = db.prepare(`SELECT (SELECT COUNT(*) FROM integration_log) AS log, (SELECT COUNT(*) FROM sync_runs) AS runs, (SELECT COUNT(*) FROM downloads) AS downloads`);
  const version = db.prepare(`PRAGMA user_version`).pluck();
  // The log's search index (FTS5) merges its segments as rows come and go; during a cleanup's thousands of deletes
  // those merges are the batches' long tail (a batch that happens to merge takes ten times the others). Cleanup turns
  // them off, then merges in small steps of its own; a cleanup cut short (a crash) is put right at the next start.
  // (FTS5 takes its settings as INTEGERs only; better-sqlite3 binds a number as REAL.)
  const indexCommand = db.prepare(`INSERT INTO integration_log_fts (integration_log_fts, rank) VALUES (?, CAST(? AS INTEGER))`);
  const indexMergesOff = db.prepare(`SELECT COUNT(*) FROM integration_log_fts_config WHERE (k = 'automerge' AND v = 0) OR (k = 'crisismerge' AND v = ${DEFERRED_CRISIS_MERGE})`).pluck();
  const totalChanges = db.prepare(`SELECT total_changes()`).pluck();
  return {
    /** Until `resumeIndexMerges`, deletes leave the search index's segments unmerged (see `mergeIndexStep`). */
    pauseIndexMerges(): void {
      db.transaction(() => {
        indexCommand.run('automerge', 0);
        indexCommand.run('crisismerge', DEFERRED_CRISIS_MERGE);
      })();
    },
    /** Merges about `pages` pages' worth of the search index's segments; answers whether there was anything to merge. */
    mergeIndexStep(pages: number): boolean {
      const before = totalChanges.get() as number;
      indexCommand.run('merge', Math.max(1, Math.floor(pages)));
      // The command's own row is one change; any more is merge work done.
      return (totalChanges.get() as number) - before > 1;
    },
    /** The index's own merging again (SQLite's defaults); nothing is written when it was never paused. */
    resumeIndexMerges(): void {
      if ((indexMergesOff.get() as number) === 0) return;
      db.transaction(() => {
        indexCommand.run('automerge', FTS5_AUTOMERGE);
        indexCommand.run('crisismerge', FTS5_CRISIS_MERGE);
      })();
    },
    /**
     * Takes the next `limit` log lines older than `before` after the keyset `after` (oldest first) and deletes those
     * that are not an open error's; answers how many went and where the next batch starts (null: none left).
     */
    deleteLogBefore(before: number, limit: number, after: LogKey | null): { deleted: number; next: LogKey | null } {
      const from = after ?? { ts: Number.MIN_SAFE_INTEGER, id: 0 };
      const window = oldLogWindow.all({ before, limit, ...from }) as LogKey[];
      const last = window[window.length - 1];
      if (!last) return { deleted: 0, next: null };
      const deleted = oldLog.run({ ...from, lastTs: last.ts, lastId: last.id }).changes;
      return { deleted, next: window.length < limit ? null : { ts: last.ts, id: last.id } };
    },
    deleteRunItemsBefore: (before: number, limit: number): number => oldRunItems.run(before, limit).changes,
    deleteRunsBefore: (before: number, limit: number): number => oldRuns.run(before, limit).changes,
    /** The id of the oldest run retention keeps (runs started before `before` and not running go). */
    firstRunKept: (before: number): number => firstRunKept.get(before) as number,
    /** Field changes made by runs before `firstKept`, a batch; answers how many went. */
    deleteRunChangesBelow: (firstKept: number, limit: number): number => oldRunChanges.run(firstKept, limit).changes,
    /** Field changes a push made (no run) before `before`, a batch. */
    deletePushChangesBefore: (before: number, limit: number): number => oldPushChanges.run(before, limit).changes,
    downloadsBeyond: (keepPerKind: number, limit: number): StaleDownload[] => beyondNewest.all(keepPerKind, limit) as StaleDownload[],
    /** Downloads whose raw file may go, oldest first (never the newest complete one of its kind). */
    downloadsWithFiles: (): StaleDownload[] => withFiles.all() as StaleDownload[],
    rawBytesKept: (): number => keptBytes.get() as number,
    deleteDownload: (id: number): boolean => removeDownload.run(id).changes === 1,
    forgetRawFile: (id: number): boolean => dropFile.run(id).changes === 1,
    /** Returns up to `pages` free pages to the file system (incremental vacuum); answers how many are still free. */
    vacuumStep(pages: number): number {
      db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
      return freePages.get() as number;
    },
    freePages: (): number => freePages.get() as number,
    /** Moves the write-ahead log into the file and empties it: what a vacuum gave back leaves the disk only then. */
    checkpoint(): void {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    pageSize: (): number => pageSize.get() as number,
    incrementalVacuum: (): boolean => autoVacuum.get() === 2,
    counts: () => counts.get() as { log: number; runs: number; downloads: number },
    schemaVersion: (): number => version.get() as number,
    /** Builds the indexes a bulk load set aside (deferred-indexes.ts), in one transaction; answers how many. */
    buildDeferredIndexes: (): number => createDeferredIndexes(db).restore(),
    /** Indexes a bulk load set aside that are not built yet (a load under way, or a build that failed). */
    deferredIndexesWaiting: (): number => createDeferredIndexes(db).waiting(),
  };
}

/** FTS5's defaults: merge once a level holds this many segments; merge a level whole once it holds crisismerge. */
const FTS5_AUTOMERGE = 4;
const FTS5_CRISIS_MERGE = 16;
/**
 * While merges are paused, a level may hold this many segments before FTS5 merges it whole: a safety net well below
 * FTS5's limit (2,000 segments a level, past which it refuses writes as "database or disk is full"); cleanup's own
 * merge steps keep the levels far smaller.
 */
const DEFERRED_CRISIS_MERGE = 200;

/** SQLite's default: a checkpoint whenever the WAL passes this many pages. */
export const AUTO_CHECKPOINT_PAGES = 1000;
