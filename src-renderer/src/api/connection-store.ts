import { create } from 'zustand';
import type { SocketState } from './event-socket';

interface ConnectionState {
  mode: 'electron' | 'headless';
  state: SocketState;
  /** Increments on every reconnect after a drop: screens reload then, since events were missed meanwhile. */
  resyncs: number;
  setState(state: SocketState): void;
}

export const useConnectionStore = create<ConnectionState>()((set, get) => ({
  mode: 'electron',
  state: 'connected',
  resyncs: 0,
  setState(state) {
    const previous = get().state;
    if (state === previous) return;
    const reconnected = state === 'connected' && previous === 'disconnected';
    set({ state, resyncs: get().resyncs + (reconnected ? 1 : 0) });
  },
}));
