import { z } from 'zod';

export const AlertKind = z.enum(['task_failing', 'task_paused', 'credentials']);
export type AlertKind = z.infer<typeof AlertKind>;

export const Alert = z.object({
  id: z.number(),
  kind: AlertKind,
  connectorId: z.string(),
  connectorName: z.string(),
  /** null for a connection's alert. */
  taskId: z.string().nullable(),
  message: z.string(),
  raisedAt: z.number(),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  clearedAt: z.number().nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const TaskPause = z.object({ connectorId: z.string(), taskId: z.string(), reason: z.string(), pausedAt: z.number() });
export type TaskPause = z.infer<typeof TaskPause>;

export const AlertSettings = z.object({
  /** Failed runs in a row that raise an alert. */
  failingRuns: z.number().int().min(1).max(100),
  /** Failed runs in a row after which the task pauses itself (its schedule is skipped until Resume). */
  pauseAfter: z.number().int().min(1).max(1000),
  /** One digest email of new alerts goes here (through Settings > Email); null sends none. */
  adminEmail: z.string().trim().email().max(254).nullable(),
  /** How long new alerts gather before the digest goes out. */
  digestMinutes: z.number().int().min(1).max(24 * 60),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { failingRuns: 3, pauseAfter: 10, adminEmail: null, digestMinutes: 15 };

export const AlertsView = z.object({ alerts: z.array(Alert), paused: z.array(TaskPause) });
export type AlertsView = z.infer<typeof AlertsView>;
