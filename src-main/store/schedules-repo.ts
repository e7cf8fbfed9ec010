import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

export interface Schedule {
  connectorId: string;
  taskId: string;
  intervalMinutes: number | null;
  nextRunAt: number | null;
}

export function createSchedulesRepo(db: Db) {
  const get = db.prepare(`SELECT interval_minutes, next_run_at FROM task_schedules WHERE connector_id = ? AND task_id = ?`);
  const seed = db.prepare(`
    INSERT INTO task_schedules (connector_id, task_id, interval_minutes, next_run_at) VALUES (@connectorId, @taskId, @interval, @next)
    ON CONFLICT (connector_id, task_id) DO NOTHING`);
  const set = db.prepare(`
    INSERT INTO task_schedules (connector_id, task_id, interval_minutes, next_run_at) VALUES (@connectorId, @taskId, @interval, @next)
    ON CONFLICT (connector_id, task_id) DO UPDATE SET interval_minutes = excluded.interval_minutes, next_run_at = excluded.next_run_at`);
  const due = db.prepare(`
    SELECT connector_id, task_id, interval_minutes, next_run_at FROM task_schedules
    WHERE interval_minutes IS NOT NULL AND next_run_at <= ?`);
  const advance = db.prepare(`UPDATE task_schedules SET next_run_at = @next WHERE connector_id = @connectorId AND task_id = @taskId
    AND (@from IS NULL OR next_run_at = @from)`);

  return {
    get(connectorId: string, taskId: string): Schedule {
      const r = get.get(connectorId, taskId) as { interval_minutes: number | null; next_run_at: number | null } | undefined;
      return { connectorId, taskId, intervalMinutes: r?.interval_minutes ?? null, nextRunAt: r?.next_run_at ?? null };
    },
    /** A task's default schedule, written once; a staff change is never overwritten. */
    seedDefault(connectorId: string, taskId: string, interval: number | null, now: number): void {
      seed.run({ connectorId, taskId, interval, next: interval === null ? null : now + interval * 60_000 });
    },
    set(connectorId: string, taskId: string, interval: number | null, now: number): Schedule {
      const next = interval === null ? null : now + interval * 60_000;
      set.run({ connectorId, taskId, interval, next });
      return { connectorId, taskId, intervalMinutes: interval, nextRunAt: next };
    },
    due(now: number): Schedule[] {
      return (due.all(now) as { connector_id: string; task_id: string; interval_minutes: number; next_run_at: number }[]).map(
        (r) => ({ connectorId: r.connector_id, taskId: r.task_id, intervalMinutes: r.interval_minutes, nextRunAt: r.next_run_at }),
      );
    },
    /**
     * Moves the next slot on. With `from` (the slot read as due), only if it is still that one: of several engines
     * reading the same due slot, one moves it and fires; the others answer false and leave it.
     */
    advance(connectorId: string, taskId: string, next: number, from: number | null = null): boolean {
      return advance.run({ connectorId, taskId, next, from }).changes === 1;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type SchedulesRepo = AsyncRepo<ReturnType<typeof createSchedulesRepo>>;
