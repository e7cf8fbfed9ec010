import { create } from 'zustand';
import type { AppError, BackupView, CleanupResult, ConfigImportResult, ConfigPreview, RetentionSettings, RetentionView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { callOrToast, settle } from '../../api/call';
import { triggerDownload } from '../../api/download';
import { showSuccess } from '../../components/toaster';
import { cleanupSummary, type SecretAnswers } from './maintenance-text';

/** A configuration file staff chose: its text, read in the browser, so it works the same in a window and headless. */
export interface ChosenConfig {
  fileName: string;
  text: string;
}

interface MaintenanceState {
  retention: RetentionView | null;
  backups: BackupView | null;
  loadError: AppError | null;
  busy: 'cleanup' | 'backup' | 'restore' | 'export' | 'preview' | 'import' | 'save-retention' | 'save-backups' | null;
  chosen: ChosenConfig | null;
  preview: ConfigPreview | null;
  previewError: AppError | null;
  imported: ConfigImportResult | null;
  restoreError: AppError | null;
  load(): Promise<void>;
  saveRetention(patch: Partial<RetentionSettings>): Promise<AppError | null>;
  cleanupNow(): Promise<CleanupResult | undefined>;
  saveBackups(patch: { enabled?: boolean; intervalHours?: number; keep?: number; folder?: string | null }): Promise<AppError | null>;
  backupNow(): Promise<void>;
  restore(path: string): Promise<boolean>;
  cancelRestore(): Promise<void>;
  exportConfig(): Promise<void>;
  previewConfig(chosen: ChosenConfig): Promise<void>;
  importConfig(secrets: SecretAnswers): Promise<void>;
  clearConfig(): void;
}

export const useMaintenanceStore = create<MaintenanceState>()((set, get) => ({
  retention: null,
  backups: null,
  loadError: null,
  busy: null,
  chosen: null,
  preview: null,
  previewError: null,
  imported: null,
  restoreError: null,

  async load() {
    const [retention, backups] = await Promise.all([settle(api().opsRetention({})), settle(api().opsBackups({}))]);
    set({
      retention: retention.ok ? retention.data : get().retention,
      backups: backups.ok ? backups.data : get().backups,
      loadError: !retention.ok ? retention.error : !backups.ok ? backups.error : null,
    });
  },

  async saveRetention(patch) {
    set({ busy: 'save-retention' });
    const r = await settle(api().opsSaveRetention(patch));
    set({ busy: null, ...(r.ok ? { retention: r.data } : {}) });
    if (r.ok) showSuccess('Retention saved.');
    return r.ok ? null : r.error;
  },

  async cleanupNow() {
    set({ busy: 'cleanup' });
    const done = await callOrToast('Cleaning up', api().opsCleanup({}));
    set({ busy: null });
    if (done) {
      showSuccess(cleanupSummary(done));
      await get().load();
    }
    return done;
  },

  async saveBackups(patch) {
    set({ busy: 'save-backups' });
    const r = await settle(api().opsSaveBackupSettings(patch));
    set({ busy: null, ...(r.ok ? { backups: r.data } : {}) });
    if (r.ok) showSuccess('Backup settings saved.');
    return r.ok ? null : r.error;
  },

  async backupNow() {
    set({ busy: 'backup' });
    const file = await callOrToast('Backing up', api().opsBackupNow({}));
    set({ busy: null });
    if (file) {
      showSuccess(`Backed up to ${file.name}.`);
      await get().load();
    }
  },

  async restore(path) {
    set({ busy: 'restore', restoreError: null });
    const r = await settle(api().opsRestore({ path }));
    set({ busy: null, restoreError: r.ok ? null : r.error });
    if (r.ok) {
      showSuccess(r.data.message);
      await get().load();
    }
    return r.ok;
  },

  async cancelRestore() {
    const view = await callOrToast('Cancelling the restore', api().opsCancelRestore({}));
    if (view) set({ backups: view });
  },

  async exportConfig() {
    set({ busy: 'export' });
    const r = await callOrToast('Exporting the configuration', api().opsExportConfig({}));
    set({ busy: null });
    if (!r || r.cancelled) return;
    const items = `${r.rows} item${r.rows === 1 ? '' : 's'}`;
    // In a browser the file comes as a download: a path on the server's disk would mean nothing there.
    if (r.downloadUrl) {
      triggerDownload(r.downloadUrl);
      showSuccess(`Exported the configuration (${items}): your browser saves the file.`);
    } else showSuccess(`Exported the configuration (${items})${r.path ? ` to ${r.path}` : ''}.`);
  },

  async previewConfig(chosen) {
    set({ busy: 'preview', chosen, preview: null, previewError: null, imported: null });
    const r = await settle(api().opsPreviewConfig({ text: chosen.text }));
    set({ busy: null, preview: r.ok ? r.data : null, previewError: r.ok ? null : r.error });
  },

  async importConfig(secrets) {
    const chosen = get().chosen;
    if (!chosen) return;
    set({ busy: 'import' });
    const r = await settle(api().opsImportConfig({ text: chosen.text, secrets }));
    set({ busy: null, ...(r.ok ? { imported: r.data, preview: null } : { previewError: r.error }) });
    if (r.ok) showSuccess(`Imported ${r.data.applied} item${r.data.applied === 1 ? '' : 's'} from ${chosen.fileName}.`);
  },

  clearConfig() {
    set({ chosen: null, preview: null, previewError: null, imported: null });
  },
}));
