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
}

interface Raw {
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
}

function toRow(r: Raw): DownloadRow {
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
  };
}

export function createDownloadsRepo(db: Db) {
  const start = db.prepare(`INSERT INTO downloads (connector_id, kind, status, started_at) VALUES (?, ?, 'running', ?)`);
  const progress = db.prepare(`UPDATE downloads SET records = ?, pages = ?, raw_bytes = ?, raw_file = ? WHERE id = ?`);
  const finish = db.prepare(`UPDATE downloads SET status = ?, finished_at = ?, message = ? WHERE id = ?`);
  const get = db.prepare(`SELECT * FROM downloads WHERE id = ?`);
  const latest = db.prepare(`SELECT * FROM downloads WHERE connector_id = ? AND kind = ? AND status = 'complete' ORDER BY id DESC LIMIT 1`);
  const recent = db.prepare(`SELECT * FROM downloads WHERE connector_id = ? AND kind = ? ORDER BY id DESC LIMIT ?`);
  return {
    start: (connectorId: string, kind: string, now: number): number => Number(start.run(connectorId, kind, now).lastInsertRowid),
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
  };
}

export type DownloadsRepo = ReturnType<typeof createDownloadsRepo>;
