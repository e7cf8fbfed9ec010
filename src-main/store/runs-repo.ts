import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { RunCounts, RunItem, RunStatus, RunSummary } from '../../src-preload/contract';

const ITEMS_A_STATEMENT = 100;

export interface RawRun {
  id: number;
  connector_id: string;
  task_id: string;
  trigger: 'manual' | 'schedule';
  status: RunStatus;
  started_at: number;
  finished_at: number | null;
  heartbeat_at: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  message: string | null;
}

export function emptyCounts(): RunCounts {
  return { fetched: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
}

export function toRun(r: RawRun): RunSummary {
  return {
    id: r.id,
    connectorId: r.connector_id,
    taskId: r.task_id,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.finished_at === null ? null : r.finished_at - r.started_at,
    counts: {
      fetched: r.fetched,
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      skipped: r.skipped,
      failed: r.failed,
    },
    message: r.message,
  };
}

export type NewRunItem = Omit<RunItem, 'seq'>;

export function createRunsRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO sync_runs (connector_id, task_id, trigger, status, started_at, heartbeat_at)
    VALUES (@connectorId, @taskId, @trigger, 'running', @now, @now)`);
  const running = db.prepare(`SELECT * FROM sync_runs WHERE connector_id = ? AND task_id = ? AND status = 'running'`);
  const get = db.prepare(`SELECT * FROM sync_runs WHERE id = ?`);
  const progress = db.prepare(`
    UPDATE sync_runs SET heartbeat_at = @now, fetched = @fetched, created = @created, updated = @updated,
      unchanged = @unchanged, skipped = @skipped, failed = @failed WHERE id = @id AND status = 'running'`);
  const finish = db.prepare(`
    UPDATE sync_runs SET status = @status, finished_at = @now, heartbeat_at = @now, message = @message,
      fetched = @fetched, created = @created, updated = @updated, unchanged = @unchanged, skipped = @skipped, failed = @failed
    WHERE id = @id AND status = 'running'`);
  const interruptStale = db.prepare(`
    UPDATE sync_runs SET status = 'interrupted', finished_at = heartbeat_at,
      message = COALESCE(message, 'the app stopped during this run')
    WHERE status = 'running' AND heartbeat_at < @before`);
  const recent = db.prepare(`SELECT * FROM sync_runs WHERE connector_id = ? AND task_id = ? ORDER BY id DESC LIMIT ?`);
  const maxSeq = db.prepare(`SELECT COALESCE(MAX(seq), 0) FROM sync_run_items WHERE run_id = ?`).pluck();
  // A run writes one item per record it reads: 100 rows a statement costs a fifth of one statement a row.
  const itemsStatement = (rows: number) =>
    db.prepare(`INSERT INTO sync_run_items (run_id, seq, ts, entity_type, entity_id, action, message) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`);
  const insertItems = itemsStatement(ITEMS_A_STATEMENT);
  const insertItem = itemsStatement(1);
  const items = db.prepare(`
    SELECT seq, ts, entity_type, entity_id, action, message FROM sync_run_items
    WHERE run_id = @runId AND seq > @after ORDER BY seq LIMIT @limit`);

  return {
    /** Starts a run unless one is going for the task; the partial unique index makes that check race-free. */
    start(connectorId: string, taskId: string, trigger: 'manual' | 'schedule', now: number): { run: RunSummary; alreadyRunning: boolean } {
      return db.transaction(() => {
        const existing = running.get(connectorId, taskId) as RawRun | undefined;
        if (existing) return { run: toRun(existing), alreadyRunning: true };
        const info = insert.run({ connectorId, taskId, trigger, now });
        return { run: toRun(get.get(info.lastInsertRowid) as RawRun), alreadyRunning: false };
      }).immediate();
    },

    progress(id: number, counts: RunCounts, now: number): void {
      progress.run({ id, now, ...counts });
    },

    finish(id: number, status: Exclude<RunStatus, 'running'>, counts: RunCounts, message: string | null, now: number): RunSummary | null {
      finish.run({ id, status, message, now, ...counts });
      return this.get(id);
    },

    /** Runs left 'running' by a process that died; their heartbeat stopped before `before`. */
    interruptStale(before: number): number {
      return interruptStale.run({ before }).changes;
    },

    get(id: number): RunSummary | null {
      const r = get.get(id) as RawRun | undefined;
      return r ? toRun(r) : null;
    },

    running(connectorId: string, taskId: string): RunSummary | null {
      const r = running.get(connectorId, taskId) as RawRun | undefined;
      return r ? toRun(r) : null;
    },

    recent(connectorId: string, taskId: string, limit: number): RunSummary[] {
      return (recent.all(connectorId, taskId, limit) as RawRun[]).map(toRun);
    },

    addItems(runId: number, list: NewRunItem[]): void {
      if (list.length === 0) return;
      db.transaction(() => {
        let seq = maxSeq.get(runId) as number;
        const values = (it: NewRunItem) => [runId, ++seq, it.ts, it.entityType, it.entityId, it.action, it.message];
        let i = 0;
        for (; i + ITEMS_A_STATEMENT <= list.length; i += ITEMS_A_STATEMENT) insertItems.run(list.slice(i, i + ITEMS_A_STATEMENT).flatMap(values));
        for (; i < list.length; i++) insertItem.run(values(list[i]!));
      })();
    },

    items(runId: number, after: number, limit: number): { items: RunItem[]; nextCursor: number | null } {
      const rows = items.all({ runId, after, limit: limit + 1 }) as {
        seq: number;
        ts: number;
        entity_type: string;
        entity_id: string;
        action: RunItem['action'];
        message: string | null;
      }[];
      const more = rows.length > limit;
      const list = rows.slice(0, limit).map((r) => ({
        seq: r.seq,
        ts: r.ts,
        entityType: r.entity_type,
        entityId: r.entity_id,
        action: r.action,
        message: r.message,
      }));
      return { items: list, nextCursor: more ? list[list.length - 1]!.seq : null };
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type RunsRepo = AsyncRepo<ReturnType<typeof createRunsRepo>>;
