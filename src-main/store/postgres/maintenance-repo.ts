// Retention on PostgreSQL: the same batched deletes as SQLite's maintenance-repo.ts, each batch one set-based
// statement. What is SQLite's own (incremental vacuum, WAL checkpoints, the online backup of the database file) does
// not apply: PostgreSQL's autovacuum gives space back by itself, and a team server is backed up with pg_dump.
import type { LogKey, MaintenanceRepo, StaleDownload } from '../maintenance-repo';
import type { PgSession } from './pg-session';

/** Said wherever a SQLite backup or restore is asked of a team server. */
export const PG_BACKUP_WORDS =
  "A team server's data lives in its PostgreSQL database, which SyncDesk does not copy itself: back it up with pg_dump " +
  '(e.g. `pg_dump --format=custom --file=syncdesk.dump "$SYNCDESK_DATABASE_URL"`) and restore it with pg_restore.';

export class PgBackupNotApplicable extends Error {
  override readonly name = 'PgBackupNotApplicable';
  constructor() {
    super(PG_BACKUP_WORDS);
  }
}

export function createPgMaintenance(db: PgSession): MaintenanceRepo {
  const repo: MaintenanceRepo = {
    async deleteLogBefore(before, limit, after) {
      const from: LogKey = after ?? { ts: Number.MIN_SAFE_INTEGER, id: 0 };
      const window = await db.rows<LogKey>(
        `SELECT ts, id FROM integration_log WHERE ts < $1 AND (ts, id) > ($2, $3) ORDER BY ts, id LIMIT $4`, [before, from.ts, from.id, limit]);
      const last = window[window.length - 1];
      if (!last) return { deleted: 0, next: null };
      // An open error's lines stay whatever their age, as on SQLite.
      const deleted = await db.changes(
        `DELETE FROM integration_log WHERE id IN (
           SELECT l.id FROM integration_log l LEFT JOIN jobs j ON j.id = l.job_id
           WHERE (l.ts, l.id) > ($1, $2) AND (l.ts, l.id) <= ($3, $4)
             AND NOT (NOT l.dismissed AND l.outcome IN ('failure', 'validation_failure', 'dead')
               AND ((l.job_id IS NOT NULL AND j.status NOT IN ('done', 'dismissed')) OR (l.job_id IS NULL AND l.run_id IS NOT NULL))))`,
        [from.ts, from.id, last.ts, last.id]);
      return { deleted, next: window.length < limit ? null : { ts: last.ts, id: last.id } };
    },
    deleteRunItemsBefore: async (before, limit) =>
      await db.changes(
        `DELETE FROM sync_run_items WHERE (run_id, seq) IN (
           SELECT i.run_id, i.seq FROM sync_run_items i JOIN sync_runs r ON r.id = i.run_id
           WHERE r.status <> 'running' AND r.started_at < $1 LIMIT $2)`, [before, limit]),
    deleteRunsBefore: async (before, limit) =>
      await db.changes(
        `DELETE FROM sync_runs WHERE id IN (
           SELECT r.id FROM sync_runs r WHERE r.status <> 'running' AND r.started_at < $1
             AND NOT EXISTS (SELECT 1 FROM sync_run_items i WHERE i.run_id = r.id) LIMIT $2)`, [before, limit]),
    firstRunKept: async (before) =>
      (await db.one<{ id: number }>(
        `SELECT COALESCE((SELECT MIN(id) FROM sync_runs WHERE status = 'running' OR started_at >= $1),
           (SELECT COALESCE(MAX(id), 0) + 1 FROM sync_runs)) AS id`, [before]))!.id,
    deleteRunChangesBelow: async (firstKept, limit) =>
      await db.changes(
        `DELETE FROM record_changes WHERE id IN (
           SELECT id FROM record_changes WHERE run_id IS NOT NULL AND run_id < $1 ORDER BY run_id LIMIT $2)`, [firstKept, limit]),
    deletePushChangesBefore: async (before, limit) =>
      await db.changes(
        `DELETE FROM record_changes WHERE id IN (
           SELECT id FROM record_changes WHERE run_id IS NULL AND at < $1 ORDER BY at LIMIT $2)`, [before, limit]),
    downloadsBeyond: async (keepPerKind, limit) =>
      await db.rows<StaleDownload>(
        `SELECT id, raw_file AS "rawFile", raw_bytes AS "rawBytes" FROM (
           SELECT d.*, ROW_NUMBER() OVER (PARTITION BY connector_id, kind ORDER BY id DESC) AS n FROM downloads d WHERE status <> 'running') ranked
         WHERE n > $1 AND id NOT IN (SELECT MAX(id) FROM downloads WHERE status = 'complete' GROUP BY connector_id, kind)
         ORDER BY id LIMIT $2`, [keepPerKind, limit]),
    downloadsWithFiles: async () =>
      await db.rows<StaleDownload>(
        `SELECT id, raw_file AS "rawFile", raw_bytes AS "rawBytes" FROM downloads
         WHERE raw_file IS NOT NULL AND status <> 'running'
           AND id NOT IN (SELECT MAX(id) FROM downloads WHERE status = 'complete' GROUP BY connector_id, kind)
         ORDER BY id`),
    rawBytesKept: async () => (await db.one<{ n: number }>(`SELECT COALESCE(SUM(raw_bytes), 0)::bigint AS n FROM downloads WHERE raw_file IS NOT NULL`))!.n,
    deleteDownload: async (id) => (await db.changes(`DELETE FROM downloads WHERE id = $1`, [id])) === 1,
    forgetRawFile: async (id) =>
      (await db.changes(`UPDATE downloads SET raw_file = NULL, message = COALESCE(message || '; ', '') || 'raw file removed by retention (size cap)' WHERE id = $1`, [id])) === 1,
    // Autovacuum, not an incremental vacuum, gives a PostgreSQL database's free space back: retention's vacuum step
    // sees none to give (incrementalVacuum answers false, so it never asks for a step).
    vacuumStep: async () => 0,
    // The log's search column (a tsvector written with the row) has no segments to merge: nothing to pause or merge.
    pauseIndexMerges: async () => undefined,
    mergeIndexStep: async () => false,
    resumeIndexMerges: async () => undefined,
    freePages: async () => 0,
    checkpoint: async () => undefined,
    pageSize: async () => Number((await db.one<{ size: string }>(`SELECT current_setting('block_size') AS size`))!.size),
    incrementalVacuum: async () => false,
    counts: async () =>
      (await db.one<{ log: number; runs: number; downloads: number }>(
        `SELECT (SELECT COUNT(*) FROM integration_log)::bigint AS log, (SELECT COUNT(*) FROM sync_runs)::bigint AS runs,
           (SELECT COUNT(*) FROM downloads)::bigint AS downloads`))!,
    schemaVersion: async () => (await db.one<{ v: number | null }>(`SELECT max(version) AS v FROM schema_migrations`))?.v ?? 0,
    checkpointsOffThread: () => ({ end: async () => false }),
    // PostgreSQL's loads keep their indexes (no bulk load defers any there).
    buildDeferredIndexes: async () => 0,
    deferredIndexesWaiting: async () => 0,
    buildDeferredIndexesOffThread: async () => 0,
    // Each batch is already a statement on a pooled connection: the server does the work, the event loop is free.
    cleanupOffThread: () => ({ steps: repo, end: async () => undefined }),
    backupTo: async () => {
      throw new PgBackupNotApplicable();
    },
  };
  return repo;
}
