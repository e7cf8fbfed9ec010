import type { AlertsRepo, RawAlert } from '../alerts-repo';
import { toAlert } from '../alerts-repo';
import type { PgSession } from './pg-session';

/** Alerts and self-paused tasks on PostgreSQL: one active alert per kind and subject, kept by a partial unique index. */
export function createPgAlertsRepo(db: PgSession): AlertsRepo {
  return {
    async raise(kind, connectorId, taskId, message, now) {
      const r = await db.one<RawAlert>(
        `INSERT INTO alerts (kind, connector_id, task_id, message, raised_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (kind, connector_id, task_id) WHERE cleared_at IS NULL DO NOTHING RETURNING *`,
        [kind, connectorId, taskId ?? '', message, now]);
      return r ? toAlert(r) : null;
    },
    clear: async (kind, connectorId, taskId, now) =>
      (await db.changes(`UPDATE alerts SET cleared_at = $4 WHERE kind = $1 AND connector_id = $2 AND task_id = $3 AND cleared_at IS NULL`,
        [kind, connectorId, taskId ?? '', now])) > 0,
    active: async () => (await db.rows<RawAlert>(`SELECT * FROM alerts WHERE cleared_at IS NULL ORDER BY raised_at DESC, id DESC LIMIT 200`)).map(toAlert),
    async get(id) {
      const r = await db.one<RawAlert>(`SELECT * FROM alerts WHERE id = $1`, [id]);
      return r ? toAlert(r) : null;
    },
    acknowledge: async (id, by, now) =>
      (await db.changes(`UPDATE alerts SET acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL`, [id, by, now])) === 1,
    unmailed: async () => (await db.rows<RawAlert>(`SELECT * FROM alerts WHERE mailed_at IS NULL ORDER BY id LIMIT 500`)).map(toAlert),
    async markMailed(ids, now) {
      if (ids.length) await db.query(`UPDATE alerts SET mailed_at = $2 WHERE id = ANY($1::bigint[])`, [ids, now]);
    },
    pause: async (connectorId, taskId, reason, now) =>
      (await db.changes(`INSERT INTO task_pauses (connector_id, task_id, reason, paused_at) VALUES ($1, $2, $3, $4) ON CONFLICT (connector_id, task_id) DO NOTHING`,
        [connectorId, taskId, reason, now])) === 1,
    resume: async (connectorId, taskId) => (await db.changes(`DELETE FROM task_pauses WHERE connector_id = $1 AND task_id = $2`, [connectorId, taskId])) === 1,
    isPaused: async (connectorId, taskId) => (await db.one(`SELECT 1 FROM task_pauses WHERE connector_id = $1 AND task_id = $2`, [connectorId, taskId])) !== undefined,
    pauses: async () =>
      (await db.rows<{ connector_id: string; task_id: string; reason: string; paused_at: number }>(
        `SELECT connector_id, task_id, reason, paused_at FROM task_pauses ORDER BY paused_at, connector_id, task_id`))
        .map((r) => ({ connectorId: r.connector_id, taskId: r.task_id, reason: r.reason, pausedAt: r.paused_at })),
  };
}
