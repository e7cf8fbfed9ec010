import { create } from 'zustand';
import type { AppError, DownloadView, RunProgress, RunSummary } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { callOrToast, settle } from '../../api/call';
import { deliverExport } from '../../api/download';
import { currentScreen, showError, showInfo, showSuccess } from '../../components/toaster';
import { createCermCustomerList } from '../../features/departments/cerm-customer-list';
import { applyDownloadProgress, applyDownloadRunUpdate, DOWNLOAD_TASK, fromTask, IDLE, started, type DownloadRun } from './download-run';

export type ExportFormat = 'json' | 'csv' | 'xlsx';

interface CermState {
  downloads: DownloadView[];
  downloadsLoaded: boolean;
  downloadsError: AppError | null;
  run: DownloadRun;
  starting: boolean;
  exporting: ExportFormat | null;
  load(): Promise<void>;
  loadDownloads(): Promise<void>;
  startDownload(): Promise<void>;
  exportAs(format: ExportFormat): Promise<void>;
  onProgress(progress: RunProgress): void;
  onRunUpdated(run: RunSummary): void;
}

export const useCermBrowser = createCermCustomerList();

const FORMAT_LABEL: Record<ExportFormat, string> = { json: 'raw JSON', csv: 'CSV', xlsx: 'XLSX' };

let downloadsSeq = 0;

export const useCermStore = create<CermState>()((set, get) => ({
  downloads: [],
  downloadsLoaded: false,
  downloadsError: null,
  run: IDLE,
  starting: false,
  exporting: null,

  async load() {
    const tasks = await settle(api().syncTasks({}));
    if (tasks.ok) {
      const task = tasks.data.find((t) => t.connectorId === DOWNLOAD_TASK.connectorId && t.taskId === DOWNLOAD_TASK.taskId);
      set({ run: fromTask(task) });
    }
    await Promise.all([get().loadDownloads(), useCermBrowser.getState().reload()]);
  },

  async loadDownloads() {
    const seq = ++downloadsSeq;
    const result = await settle(api().cermDownloads({}));
    if (seq !== downloadsSeq) return;
    if (result.ok) set({ downloads: result.data, downloadsLoaded: true, downloadsError: null });
    else set({ downloadsLoaded: true, downloadsError: result.error });
  },

  async startDownload() {
    set({ starting: true });
    const result = await callOrToast('Download customers from CERM', api().syncRun({ ...DOWNLOAD_TASK }));
    set({ starting: false });
    if (!result) return;
    if (result.alreadyRunning) showInfo('A download is already running; its progress is shown here.');
    set({ run: started(get().run, result.runId) });
    // A download record appears as the run starts.
    void get().loadDownloads();
  },

  async exportAs(format) {
    set({ exporting: format });
    const startedOn = currentScreen();
    const result = await callOrToast(`Export as ${FORMAT_LABEL[format]}`, api().cermExport({ format, q: format === 'json' ? undefined : useCermBrowser.getState().query.q.trim() || undefined }));
    set({ exporting: null });
    if (result) deliverExport(result, `the CERM customers as ${FORMAT_LABEL[format]}`, { startedOn });
  },

  onProgress(progress) {
    const run = applyDownloadProgress(get().run, progress);
    if (run !== get().run) set({ run });
  },

  onRunUpdated(summary) {
    const { state, ended } = applyDownloadRunUpdate(get().run, summary);
    if (state === get().run) return;
    set({ run: state });
    if (!ended) return;
    if (summary.status === 'success') showSuccess(`Downloaded ${summary.counts.fetched.toLocaleString()} customers from CERM.`);
    else if (summary.status === 'failed') showError('Download customers from CERM', { code: 'internal', message: summary.message ?? 'the run failed' });
    void get().loadDownloads();
    void useCermBrowser.getState().reload();
  },
}));

export function subscribeCermEvents(): () => void {
  const store = useCermStore.getState();
  const offs = [api().onSyncProgress((p) => store.onProgress(p)), api().onSyncRunUpdated((r) => store.onRunUpdated(r))];
  return () => offs.forEach((off) => off());
}
