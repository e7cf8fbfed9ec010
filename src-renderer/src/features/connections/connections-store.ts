import { create } from 'zustand';
import type { AppError, ChannelInput, ConnectionView, Result, TestResult } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';

interface ConnectionsState {
  connections: ConnectionView[];
  loaded: boolean;
  loadError: AppError | null;
  load(): Promise<void>;
  save(input: ChannelInput<'connections:save'>): Promise<Result<ConnectionView>>;
  test(connectorId: string): Promise<Result<TestResult>>;
}

let loadSeq = 0;

export const useConnectionsStore = create<ConnectionsState>()((set, get) => ({
  connections: [],
  loaded: false,
  loadError: null,

  async load() {
    const seq = ++loadSeq;
    const result = await settle(api().connectionsList({}));
    if (seq !== loadSeq) return;
    if (result.ok) set({ connections: result.data, loaded: true, loadError: null });
    else set({ loaded: true, loadError: result.error });
  },

  async save(input) {
    const result = await settle(api().connectionsSave(input));
    if (result.ok) {
      const saved = result.data;
      set({ connections: get().connections.map((c) => (c.connectorId === saved.connectorId ? saved : c)) });
    }
    return result;
  },

  async test(connectorId) {
    const result = await settle(api().connectionsTest({ connectorId }));
    // A test can change the connection state (credentials rejected, or accepted again).
    void get().load();
    return result;
  },
}));

export function subscribeConnectionEvents(): () => void {
  return api().onConnectionsChanged(() => void useConnectionsStore.getState().load());
}
