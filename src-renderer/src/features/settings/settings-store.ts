import { create } from 'zustand';
import type { AppError, AppSettingsView, Faults, SandboxView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { callOrToast, settle } from '../../api/call';

interface SettingsState {
  settings: AppSettingsView | null;
  loadError: AppError | null;
  sandboxes: SandboxView[];
  sandboxError: AppError | null;
  savingSandboxMode: boolean;
  load(): Promise<void>;
  loadSandboxes(): Promise<void>;
  setSandboxMode(on: boolean): Promise<void>;
  setFaults(connectorId: string, faults: Partial<Faults>): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  settings: null,
  loadError: null,
  sandboxes: [],
  sandboxError: null,
  savingSandboxMode: false,

  async load() {
    const result = await settle(api().settingsGet({}));
    if (result.ok) set({ settings: result.data, loadError: null });
    else set({ loadError: result.error });
    await get().loadSandboxes();
  },

  async loadSandboxes() {
    const result = await settle(api().sandboxList({}));
    if (result.ok) set({ sandboxes: result.data, sandboxError: null });
    else set({ sandboxError: result.error });
  },

  async setSandboxMode(sandboxMode) {
    set({ savingSandboxMode: true });
    const saved = await callOrToast('Switching sandbox mode', api().settingsSave({ sandboxMode }));
    set({ savingSandboxMode: false });
    if (saved) set({ settings: saved });
    // Simulators start or stop with the mode.
    await get().loadSandboxes();
  },

  async setFaults(connectorId, faults) {
    const updated = await callOrToast('Changing the simulator faults', api().sandboxSetFaults({ connectorId, faults }));
    if (updated) set({ sandboxes: get().sandboxes.map((s) => (s.connectorId === connectorId ? updated : s)) });
  },
}));
