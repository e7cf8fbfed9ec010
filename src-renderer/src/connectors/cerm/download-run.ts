import type { RunProgress, RunSummary, TaskStatus } from '../../../../src-preload/contract';

// The Download customers run as this screen follows it: pure reducers over the engine's events, tested without a DOM.

export const DOWNLOAD_TASK = { connectorId: 'cerm', taskId: 'download-customers' } as const;

export interface DownloadRun {
  /** The run in progress, or null when none is. */
  runId: number | null;
  /** Its latest progress; null until the first event (the bar is indeterminate meanwhile). */
  progress: RunProgress | null;
  /** The last run that ended, for its outcome. */
  finished: RunSummary | null;
}

export const IDLE: DownloadRun = { runId: null, progress: null, finished: null };

export function isDownloadTask(x: { connectorId: string; taskId: string }): boolean {
  return x.connectorId === DOWNLOAD_TASK.connectorId && x.taskId === DOWNLOAD_TASK.taskId;
}

/** The state as Sync Status reports it (on opening the screen, or after missed events). */
export function fromTask(task: TaskStatus | undefined): DownloadRun {
  if (!task) return IDLE;
  if (task.running) return { runId: task.running.runId, progress: task.running, finished: null };
  return { runId: null, progress: null, finished: task.lastRun && task.lastRun.status !== 'running' ? task.lastRun : null };
}

/** Sync Now answered with the run's id; a run so short that it already ended stays ended. */
export function started(state: DownloadRun, runId: number): DownloadRun {
  if (state.finished?.id === runId) return state;
  if (state.runId === runId) return state;
  return { ...state, runId, progress: null };
}

export function applyDownloadProgress(state: DownloadRun, progress: RunProgress): DownloadRun {
  if (!isDownloadTask(progress)) return state;
  // A late event must not bring back a run that ended, nor an older run replace a newer one.
  if (state.finished && progress.runId <= state.finished.id) return state;
  if (state.runId != null && progress.runId < state.runId) return state;
  return { ...state, runId: progress.runId, progress };
}

/** Returns the new state and whether this update is the end of a run not seen ending before. */
export function applyDownloadRunUpdate(state: DownloadRun, run: RunSummary): { state: DownloadRun; ended: boolean } {
  if (!isDownloadTask(run)) return { state, ended: false };
  if (state.finished && run.id < state.finished.id) return { state, ended: false };
  if (run.status === 'running') {
    if (state.finished?.id === run.id || (state.runId != null && run.id < state.runId)) return { state, ended: false };
    const progress = state.progress?.runId === run.id ? state.progress : null;
    return { state: { ...state, runId: run.id, progress }, ended: false };
  }
  if (state.runId != null && run.id < state.runId) return { state, ended: false };
  const ended = state.finished?.id !== run.id;
  return { state: { runId: null, progress: null, finished: run }, ended };
}
