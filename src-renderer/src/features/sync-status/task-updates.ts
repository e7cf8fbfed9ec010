import type { RunProgress, RunSummary, TaskStatus } from '../../../../src-preload/contract';

// Pure reducers for live events, kept apart from the store so they are unit-tested without a DOM.

export const RECENT_RUNS_KEPT = 30;

export function taskKey(connectorId: string, taskId: string): string {
  return `${connectorId}/${taskId}`;
}

function emptyProgress(run: RunSummary): RunProgress {
  return { runId: run.id, connectorId: run.connectorId, taskId: run.taskId, phase: 'starting', done: 0, total: null, counts: run.counts };
}

export function applyRunUpdate(task: TaskStatus, run: RunSummary): TaskStatus {
  const finished = run.status !== 'running';
  const recent = task.recent.some((r) => r.id === run.id)
    ? task.recent.map((r) => (r.id === run.id ? run : r))
    : [...task.recent, run].sort((a, b) => a.startedAt - b.startedAt || a.id - b.id).slice(-RECENT_RUNS_KEPT);
  const lastRun = !task.lastRun || run.id >= task.lastRun.id ? run : task.lastRun;
  let running = task.running;
  if (finished && (!running || running.runId === run.id || running.runId < run.id)) running = null;
  else if (!finished && (!running || running.runId !== run.id)) running = emptyProgress(run);
  return { ...task, recent, lastRun, running };
}

export function applyProgress(task: TaskStatus, progress: RunProgress): TaskStatus {
  // A late progress event must not resurrect a run that already finished.
  if (task.lastRun && task.lastRun.id === progress.runId && task.lastRun.status !== 'running') return task;
  if (task.running && task.running.runId > progress.runId) return task;
  return { ...task, running: progress };
}

/** done/total as 0..1, or null while the total is unknown (an indeterminate bar). */
export function progressFraction(progress: RunProgress): number | null {
  if (progress.total == null || progress.total <= 0) return null;
  return Math.max(0, Math.min(1, progress.done / progress.total));
}
