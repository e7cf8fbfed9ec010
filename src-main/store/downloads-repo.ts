import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

export interface DownloadRow {
  id: number;
  connectorId: string;
  kind: string;
  status: 'running' | 'complete' | 'failed';
  startedAt: number;
  finishedAt: number | null;
  records: number;
  pages: number;
  rawFile: string | null;
  rawBytes: number;
  message: string | null;
  /** The host name of the engine that wrote the raw file (null before migration 0022). */
  host: string | null;
}

export interface Raw {
  id: number;
  connector_id: string;
  kind: string;
  status: DownloadRow['status'];
  started_at: number;
  finished_at: number | null;
  records: number;
  pages: number;
  raw_file: string | null;
  raw_bytes: number;
  message: string | null;
  host: string | null;
}

export function toRow(r: Raw): DownloadRow {
  return {
    id: r.id,
    connectorId: r.connector_id,
    kind: r.kind,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    records: r.records,
    pages: r.pages,
    rawFile: r.raw_file,
    rawBytes: r.raw_bytes,
    message: r.message,
    host: r.host,
  };
}

export function createDownloadsRepo(db: Db) {
  const start = db.prepare(`INSERT INTO downloads (connector_id, kind, status, started_at, host) VALUES (?, ?, 'running', ?, ?)`);
  const progress = db.prepare(`UPDATE downloads SET records = ?, pages = ?, raw_bytes = ?, raw_file = ? WHERE id = ?`);
  const finish = db.prepare(`UPDATE downloads SET status = ?, finished_at = ?, message = ? WHERE id = ?`);
  const get = db.prepare(`SELECT * FROM downloads WHERE id = ?`);
  const latest = db.prepare(`SELECT * FROM downloads WHERE connector_id = ? AND kind = ? AND status = 'complete' ORDER BY id DESC LIMIT 1`);
  const recent = db.prepare(`SELECT * FROM downloads WHERE connector_id = ? AND kind = ? ORDER BY id DESC LIMIT ?`);
  // Downloads the app was in the middle of when it stopped: failed, saying so; their partial raw file goes (see README).
  const interrupt = db.prepare(`
    UPDATE downloads SET status = 'failed', finished_at = @now, raw_file = NULL,
      message = 'interrupted: the app stopped during this download after ' || records || ' records; its partial raw file (' || raw_bytes || ' bytes) was removed'
    WHERE id = @id AND status = 'running'`);
  const running = db.prepare(`SELECT id, raw_file FROM downloads WHERE status = 'running'`);
  const orphaned = db.prepare(`SELECT id, raw_file FROM downloads d WHERE status = 'running'
    AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.connector_id = d.connector_id AND r.status = 'running')`);
  return {
    /** `host`: the engine's host name, which writes the raw file into its files folder. */
    start: (connectorId: string, kind: string, now: number, host: string | null = null): number => Number(start.run(connectorId, kind, now, host).lastInsertRowid),
    progress(id: number, records: number, pages: number, rawBytes: number, rawFile: string | null): void {
      progress.run(records, pages, rawBytes, rawFile, id);
    },
    finish(id: number, status: 'complete' | 'failed', message: string | null, now: number): void {
      finish.run(status, now, message, id);
    },
    get(id: number): DownloadRow | null {
      const r = get.get(id) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    latestComplete(connectorId: string, kind: string): DownloadRow | null {
      const r = latest.get(connectorId, kind) as Raw | undefined;
      return r ? toRow(r) : null;
    },
    recent: (connectorId: string, kind: string, limit: number): DownloadRow[] => (recent.all(connectorId, kind, limit) as Raw[]).map(toRow),
    /**
     * At start-up: every download still running was cut short. Returns their partial raw files, for removal. With
     * `orphanedOnly` (engines sharing the store), only those of a connector that has no run under way any more.
     */
    interruptRunning(now: number, orphanedOnly = false): { id: number; rawFile: string | null }[] {
      const rows = (orphanedOnly ? orphaned : running).all() as { id: number; raw_file: string | null }[];
      for (const r of rows) interrupt.run({ id: r.id, now });
      return rows.map((r) => ({ id: r.id, rawFile: r.raw_file }));
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type DownloadsRepo = AsyncRepo<ReturnType<typeof createDownloadsRepo>>;
