import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { AlertKind, TaskPause } from '../../src-preload/contract';

export interface AlertRow {
  id: number;
  kind: AlertKind;
  connectorId: string;
  taskId: string | null;
  message: string;
  raisedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  clearedAt: number | null;
  mailedAt: number | null;
}

export interface RawAlert {
  id: number;
  kind: AlertKind;
  connector_id: string;
  task_id: string;
  message: string;
  raised_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  cleared_at: number | null;
  mailed_at: number | null;
}

export const toAlert = (r: RawAlert): AlertRow => ({
  id: r.id,
  kind: r.kind,
  connectorId: r.connector_id,
  taskId: r.task_id === '' ? null : r.task_id,
  message: r.message,
  raisedAt: r.raised_at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by,
  clearedAt: r.cleared_at,
  mailedAt: r.mailed_at,
});

export function createAlertsRepo(db: Db) {
  const raise = db.prepare(`
    INSERT INTO alerts (kind, connector_id, task_id, message, raised_at) VALUES (@kind, @connectorId, @taskId, @message, @now)
    ON CONFLICT (kind, connector_id, task_id) WHERE cleared_at IS NULL DO NOTHING
    RETURNING *`);
  const clear = db.prepare(`
    UPDATE alerts SET cleared_at = @now WHERE kind = @kind AND connector_id = @connectorId AND task_id = @taskId AND cleared_at IS NULL`);
  const active = db.prepare(`SELECT * FROM alerts WHERE cleared_at IS NULL ORDER BY raised_at DESC, id DESC LIMIT 200`);
  const get = db.prepare(`SELECT * FROM alerts WHERE id = ?`);
  const ack = db.prepare(`UPDATE alerts SET acknowledged_at = @now, acknowledged_by = @by WHERE id = @id AND acknowledged_at IS NULL`);
  const unmailed = db.prepare(`SELECT * FROM alerts WHERE mailed_at IS NULL ORDER BY id LIMIT 500`);
  const markMailed = db.prepare(`UPDATE alerts SET mailed_at = @now WHERE id = @id`);
  const pause = db.prepare(`
    INSERT INTO task_pauses (connector_id, task_id, reason, paused_at) VALUES (@connectorId, @taskId, @reason, @now)
    ON CONFLICT (connector_id, task_id) DO NOTHING`);
  const resume = db.prepare(`DELETE FROM task_pauses WHERE connector_id = ? AND task_id = ?`);
  const pauses = db.prepare(`SELECT connector_id, task_id, reason, paused_at FROM task_pauses ORDER BY paused_at`);
  const paused = db.prepare(`SELECT 1 FROM task_pauses WHERE connector_id = ? AND task_id = ?`).pluck();

  return {
    /** Raises an alert unless one of its kind is active for the same subject; returns the new one, or null. */
    raise(kind: AlertKind, connectorId: string, taskId: string | null, message: string, now: number): AlertRow | null {
      const r = raise.get({ kind, connectorId, taskId: taskId ?? '', message, now }) as RawAlert | undefined;
      return r ? toAlert(r) : null;
    },
    /** Its cause went away: the active alert of that kind and subject leaves the banner. */
    clear(kind: AlertKind, connectorId: string, taskId: string | null, now: number): boolean {
      return clear.run({ kind, connectorId, taskId: taskId ?? '', now }).changes > 0;
    },
    active: (): AlertRow[] => (active.all() as RawAlert[]).map(toAlert),
    get(id: number): AlertRow | null {
      const r = get.get(id) as RawAlert | undefined;
      return r ? toAlert(r) : null;
    },
    acknowledge(id: number, by: string, now: number): boolean {
      return ack.run({ id, by, now }).changes === 1;
    },
    unmailed: (): AlertRow[] => (unmailed.all() as RawAlert[]).map(toAlert),
    markMailed(ids: number[], now: number): void {
      for (const id of ids) markMailed.run({ id, now });
    },
    pause(connectorId: string, taskId: string, reason: string, now: number): boolean {
      return pause.run({ connectorId, taskId, reason, now }).changes === 1;
    },
    resume(connectorId: string, taskId: string): boolean {
      return resume.run(connectorId, taskId).changes === 1;
    },
    isPaused(connectorId: string, taskId: string): boolean {
      return paused.get(connectorId, taskId) !== undefined;
    },
    pauses: (): TaskPause[] =>
      (pauses.all() as { connector_id: string; task_id: string; reason: string; paused_at: number }[]).map((r) => ({ connectorId: r.connector_id, taskId: r.task_id, reason: r.reason, pausedAt: r.paused_at })),
  };
}

export type AlertsRepo = AsyncRepo<ReturnType<typeof createAlertsRepo>>;
