import { toRow, type DownloadsRepo, type Raw } from '../downloads-repo';
import type { PgSession } from './pg-session';

export function createPgDownloadsRepo(db: PgSession): DownloadsRepo {
  return {
    start: async (connectorId, kind, now, host = null) =>
      (await db.one<{ id: number }>(`INSERT INTO downloads (connector_id, kind, status, started_at, host) VALUES ($1, $2, 'running', $3, $4) RETURNING id`, [connectorId, kind, now, host]))!.id,
    async progress(id, records, pages, rawBytes, rawFile) {
      await db.query(`UPDATE downloads SET records = $2, pages = $3, raw_bytes = $4, raw_file = $5 WHERE id = $1`, [id, records, pages, rawBytes, rawFile]);
    },
    async finish(id, status, message, now) {
      await db.query(`UPDATE downloads SET status = $2, finished_at = $3, message = $4 WHERE id = $1`, [id, status, now, message]);
    },
    async get(id) {
      const r = await db.one<Raw>(`SELECT * FROM downloads WHERE id = $1`, [id]);
      return r ? toRow(r) : null;
    },
    async latestComplete(connectorId, kind) {
      const r = await db.one<Raw>(`SELECT * FROM downloads WHERE connector_id = $1 AND kind = $2 AND status = 'complete' ORDER BY id DESC LIMIT 1`, [connectorId, kind]);
      return r ? toRow(r) : null;
    },
    recent: async (connectorId, kind, limit) =>
      (await db.rows<Raw>(`SELECT * FROM downloads WHERE connector_id = $1 AND kind = $2 ORDER BY id DESC LIMIT $3`, [connectorId, kind, limit])).map(toRow),
    // Downloads an engine was in the middle of when it stopped: failed, saying so; their partial raw files go. One
    // statement, so what it answers is exactly what it changed.
    async interruptRunning(now, orphanedOnly = false) {
      const rows = await db.rows<{ id: number; raw_file: string | null }>(
        `UPDATE downloads d SET status = 'failed', finished_at = $1, raw_file = NULL,
           message = 'interrupted: the app stopped during this download after ' || d.records || ' records; its partial raw file (' || d.raw_bytes || ' bytes) was removed'
         FROM (SELECT id, raw_file FROM downloads o WHERE status = 'running'
           AND (NOT $2::boolean OR NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.connector_id = o.connector_id AND r.status = 'running'))
           FOR UPDATE) old
         WHERE d.id = old.id
         RETURNING d.id, old.raw_file`, [now, orphanedOnly]);
      return rows.sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, rawFile: r.raw_file }));
    },
  };
}
