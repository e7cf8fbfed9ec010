import { create } from 'zustand';
import type { AppError, RunProgress, RunSummary, TaskStatus } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { callOrToast, settle } from '../../api/call';
import { showInfo } from '../../components/toaster';
import { applyProgress, applyRunUpdate, taskKey } from './task-updates';

interface SyncState {
  tasks: TaskStatus[];
  loaded: boolean;
  loadError: AppError | null;
  /** Tasks whose Sync Now request is in flight. */
  starting: Record<string, true>;
  load(): Promise<void>;
  runNow(connectorId: string, taskId: string): Promise<void>;
  setSchedule(connectorId: string, taskId: string, intervalMinutes: number | null): Promise<void>;
  resetCursor(connectorId: string, taskId: string): Promise<void>;
  onProgress(progress: RunProgress): void;
  onRunUpdated(run: RunSummary): void;
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null;
let loadSeq = 0;

function replaceTask(tasks: TaskStatus[], connectorId: string, taskId: string, fn: (t: TaskStatus) => TaskStatus) {
  return tasks.map((t) => (t.connectorId === connectorId && t.taskId === taskId ? fn(t) : t));
}

export const useSyncStore = create<SyncState>()((set, get) => ({
  tasks: [],
  loaded: false,
  loadError: null,
  starting: {},

  async load() {
    const seq = ++loadSeq;
    const result = await settle(api().syncTasks({}));
    if (seq !== loadSeq) return;
    if (result.ok) set({ tasks: result.data, loaded: true, loadError: null });
    else set({ loaded: true, loadError: result.error });
  },

  async runNow(connectorId, taskId) {
    const key = taskKey(connectorId, taskId);
    set({ starting: { ...get().starting, [key]: true } });
    const started = await callOrToast('Sync Now', api().syncRun({ connectorId, taskId }));
    const { [key]: _done, ...rest } = get().starting;
    set({ starting: rest });
    if (!started) return;
    if (started.alreadyRunning) showInfo('That task is already running; its progress is shown in the row.');
    // The authoritative state (running or, for a very short run, already finished) comes from the core.
    await get().load();
  },

  async resetCursor(connectorId, taskId) {
    const updated = await callOrToast('Resetting the cursor', api().syncResetCursor({ connectorId, taskId }));
    if (updated) set({ tasks: replaceTask(get().tasks, connectorId, taskId, () => updated) });
  },

  async setSchedule(connectorId, taskId, intervalMinutes) {
    const updated = await callOrToast('Changing the schedule', api().syncSchedule({ connectorId, taskId, intervalMinutes }));
    if (updated) set({ tasks: replaceTask(get().tasks, connectorId, taskId, () => updated) });
  },

  onProgress(progress) {
    set({ tasks: replaceTask(get().tasks, progress.connectorId, progress.taskId, (t) => applyProgress(t, progress)) });
  },

  onRunUpdated(run) {
    set({ tasks: replaceTask(get().tasks, run.connectorId, run.taskId, (t) => applyRunUpdate(t, run)) });
    if (run.status !== 'running') {
      // Next-run times and connection state move when a run ends; one reload covers a burst of endings.
      if (reloadTimer) clearTimeout(reloadTimer);
      reloadTimer = setTimeout(() => void get().load(), 400);
    }
  },
}));

/** Live updates while the screen is open; returns the unsubscribe. */
export function subscribeSyncEvents(): () => void {
  const store = useSyncStore.getState();
  const offs = [
    api().onSyncProgress((p) => store.onProgress(p)),
    api().onSyncRunUpdated((r) => store.onRunUpdated(r)),
    api().onConnectionsChanged(() => void store.load()),
  ];
  return () => offs.forEach((off) => off());
}
