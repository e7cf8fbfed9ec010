import type { Repositories } from '../store/repositories';
import type { ConnectorRegistry } from '../connectors/registry';
import type { TaskRunner } from './task-runner';

/** Starts due scheduled runs. A task already running is not started again; its next slot moves on. */
export function createScheduler(deps: { repos: Repositories; registry: ConnectorRegistry; tasks: TaskRunner; now: () => number }, tickMs = 15_000) {
  let timer: NodeJS.Timeout | null = null;

  async function tick(): Promise<void> {
    const t = deps.now();
    for (const s of await deps.repos.schedules.due(t)) {
      if (!s.intervalMinutes) continue;
      // Skip missed slots after a long sleep: one catch-up run, then the regular rhythm. Only the engine that moves the
      // slot on fires it (several engines may share one database).
      if (!(await deps.repos.schedules.advance(s.connectorId, s.taskId, t + s.intervalMinutes * 60_000, s.nextRunAt))) continue;
      const state = (await deps.repos.connections.get(s.connectorId))?.state;
      if (state === 'auth_required' || state === 'credentials_unavailable' || state === 'disabled') continue;
      // A task that paused itself after failing run after run waits for staff to resume it.
      if (await deps.repos.alerts.isPaused(s.connectorId, s.taskId)) continue;
      try {
        await deps.tasks.start(s.connectorId, s.taskId, 'schedule');
      } catch {
        // An unknown task (connector removed) keeps its row but never runs.
      }
    }
  }

  return {
    /** Writes each task's default schedule once, so staff changes are kept across restarts. */
    async seedDefaults(): Promise<void> {
      const t = deps.now();
      for (const c of deps.registry.all())
        for (const task of c.tasks) await deps.repos.schedules.seedDefault(c.id, task.id, task.defaultIntervalMinutes, t);
    },
    async start(): Promise<void> {
      if (timer) return;
      await tick();
      timer = setInterval(tick, tickMs);
      timer.unref?.();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    tick,
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
