import type { Schedule, SchedulesRepo } from '../schedules-repo';
import type { PgSession } from './pg-session';

interface RawSchedule {
  connector_id: string;
  task_id: string;
  interval_minutes: number;
  next_run_at: number;
}

const nextOf = (interval: number | null, now: number) => (interval === null ? null : now + interval * 60_000);

export function createPgSchedulesRepo(db: PgSession): SchedulesRepo {
  return {
    async get(connectorId, taskId): Promise<Schedule> {
      const r = await db.one<{ interval_minutes: number | null; next_run_at: number | null }>(
        `SELECT interval_minutes, next_run_at FROM task_schedules WHERE connector_id = $1 AND task_id = $2`, [connectorId, taskId]);
      return { connectorId, taskId, intervalMinutes: r?.interval_minutes ?? null, nextRunAt: r?.next_run_at ?? null };
    },
    async seedDefault(connectorId, taskId, interval, now) {
      await db.query(
        `INSERT INTO task_schedules (connector_id, task_id, interval_minutes, next_run_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (connector_id, task_id) DO NOTHING`, [connectorId, taskId, interval, nextOf(interval, now)]);
    },
    async set(connectorId, taskId, interval, now) {
      const next = nextOf(interval, now);
      await db.query(
        `INSERT INTO task_schedules (connector_id, task_id, interval_minutes, next_run_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (connector_id, task_id) DO UPDATE SET interval_minutes = excluded.interval_minutes, next_run_at = excluded.next_run_at`,
        [connectorId, taskId, interval, next]);
      return { connectorId, taskId, intervalMinutes: interval, nextRunAt: next };
    },
    async due(now) {
      const rows = await db.rows<RawSchedule>(
        `SELECT connector_id, task_id, interval_minutes, next_run_at FROM task_schedules
         WHERE interval_minutes IS NOT NULL AND next_run_at <= $1`, [now]);
      return rows.map((r) => ({ connectorId: r.connector_id, taskId: r.task_id, intervalMinutes: r.interval_minutes, nextRunAt: r.next_run_at }));
    },
    advance: async (connectorId, taskId, next, from = null) =>
      (await db.changes(`UPDATE task_schedules SET next_run_at = $3 WHERE connector_id = $1 AND task_id = $2
         AND ($4::bigint IS NULL OR next_run_at = $4)`, [connectorId, taskId, next, from])) === 1,
  };
}
