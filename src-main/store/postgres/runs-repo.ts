import type { RunItem } from '../../../src-preload/contract';
import { toRun, type NewRunItem, type RawRun, type RunsRepo } from '../runs-repo';
import type { PgSession } from './pg-session';

const countsOf = (c: { fetched: number; created: number; updated: number; unchanged: number; skipped: number; failed: number }) =>
  [c.fetched, c.created, c.updated, c.unchanged, c.skipped, c.failed];

export function createPgRunsRepo(db: PgSession): RunsRepo {
  const running = async (connectorId: string, taskId: string) =>
    await db.one<RawRun>(`SELECT * FROM sync_runs WHERE connector_id = $1 AND task_id = $2 AND status = 'running'`, [connectorId, taskId]);
  const get = async (id: number) => {
    const r = await db.one<RawRun>(`SELECT * FROM sync_runs WHERE id = $1`, [id]);
    return r ? toRun(r) : null;
  };
  return {
    // Single-flight across engines: the partial unique index on running runs lets one insert through; the others
    // find the run that won. A run that finishes between the two statements is retried once more.
    async start(connectorId, taskId, trigger, now) {
      for (;;) {
        const inserted = await db.one<RawRun>(
          `INSERT INTO sync_runs (connector_id, task_id, trigger, status, started_at, heartbeat_at)
           VALUES ($1, $2, $3, 'running', $4, $4)
           ON CONFLICT (connector_id, task_id) WHERE status = 'running' DO NOTHING
           RETURNING *`, [connectorId, taskId, trigger, now]);
        if (inserted) return { run: toRun(inserted), alreadyRunning: false };
        const existing = await running(connectorId, taskId);
        if (existing) return { run: toRun(existing), alreadyRunning: true };
      }
    },
    async progress(id, counts, now) {
      await db.query(
        `UPDATE sync_runs SET heartbeat_at = $2, fetched = $3, created = $4, updated = $5, unchanged = $6, skipped = $7, failed = $8
         WHERE id = $1 AND status = 'running'`, [id, now, ...countsOf(counts)]);
    },
    async finish(id, status, counts, message, now) {
      await db.query(
        `UPDATE sync_runs SET status = $2, finished_at = $3, heartbeat_at = $3, message = $4,
           fetched = $5, created = $6, updated = $7, unchanged = $8, skipped = $9, failed = $10
         WHERE id = $1 AND status = 'running'`, [id, status, now, message, ...countsOf(counts)]);
      return await get(id);
    },
    async interruptStale(before) {
      return await db.changes(
        `UPDATE sync_runs SET status = 'interrupted', finished_at = heartbeat_at,
           message = COALESCE(message, 'the app stopped during this run')
         WHERE status = 'running' AND heartbeat_at < $1`, [before]);
    },
    get,
    async running(connectorId, taskId) {
      const r = await running(connectorId, taskId);
      return r ? toRun(r) : null;
    },
    async recent(connectorId, taskId, limit) {
      return (await db.rows<RawRun>(`SELECT * FROM sync_runs WHERE connector_id = $1 AND task_id = $2 ORDER BY id DESC LIMIT $3`,
        [connectorId, taskId, limit])).map(toRun);
    },
    // One statement for the whole list, numbered after the run's last item. The run's row is locked first, so two
    // engines adding items to one run number them one after the other.
    async addItems(runId: number, list: NewRunItem[]) {
      if (list.length === 0) return;
      await db.transaction(async () => {
        await db.query(`SELECT 1 FROM sync_runs WHERE id = $1 FOR UPDATE`, [runId]);
        await db.query(
          `INSERT INTO sync_run_items (run_id, seq, ts, entity_type, entity_id, action, message)
           SELECT $1, (SELECT COALESCE(MAX(seq), 0) FROM sync_run_items WHERE run_id = $1) + i.n, i.ts, i.entity_type, i.entity_id, i.action, i.message
           FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS i (ts, entity_type, entity_id, action, message, n)`,
          [runId, list.map((it) => it.ts), list.map((it) => it.entityType), list.map((it) => it.entityId), list.map((it) => it.action), list.map((it) => it.message)]);
      });
    },
    async items(runId, after, limit) {
      const rows = await db.rows<{ seq: number; ts: number; entity_type: string; entity_id: string; action: RunItem['action']; message: string | null }>(
        `SELECT seq, ts, entity_type, entity_id, action, message FROM sync_run_items
         WHERE run_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [runId, after, limit + 1]);
      const more = rows.length > limit;
      const items = rows.slice(0, limit).map((r) => ({ seq: r.seq, ts: r.ts, entityType: r.entity_type, entityId: r.entity_id, action: r.action, message: r.message }));
      return { items, nextCursor: more ? items[items.length - 1]!.seq : null };
    },
  };
}
