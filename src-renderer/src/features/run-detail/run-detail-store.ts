import { create } from 'zustand';
import type { AppError, RunItem, RunSummary } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';

const PAGE_SIZE = 500;

interface RunDetailState {
  runId: number | null;
  run: RunSummary | null;
  items: RunItem[];
  nextCursor: number | null;
  exhausted: boolean;
  loading: boolean;
  error: AppError | null;
  open(runId: number): Promise<void>;
  loadMore(): Promise<void>;
  onRunUpdated(run: RunSummary): void;
}

// Guards against a slow page of a previous run landing after the user opened another one.
let generation = 0;

export const useRunDetailStore = create<RunDetailState>()((set, get) => ({
  runId: null,
  run: null,
  items: [],
  nextCursor: null,
  exhausted: false,
  loading: false,
  error: null,

  async open(runId) {
    const gen = ++generation;
    set({ runId, run: null, items: [], nextCursor: null, exhausted: false, loading: true, error: null });
    const result = await settle(api().syncRunDetail({ runId, cursor: null, limit: PAGE_SIZE }));
    if (gen !== generation) return;
    if (!result.ok) return set({ loading: false, error: result.error });
    const { run, items, nextCursor } = result.data;
    set({ run, items, nextCursor, exhausted: nextCursor == null, loading: false });
  },

  async loadMore() {
    const { runId, nextCursor, loading, exhausted } = get();
    if (runId == null || loading || exhausted || nextCursor == null) return;
    const gen = generation;
    set({ loading: true, error: null });
    const result = await settle(api().syncRunDetail({ runId, cursor: nextCursor, limit: PAGE_SIZE }));
    if (gen !== generation) return;
    if (!result.ok) return set({ loading: false, error: result.error });
    set({
      run: result.data.run,
      items: [...get().items, ...result.data.items],
      nextCursor: result.data.nextCursor,
      exhausted: result.data.nextCursor == null,
      loading: false,
    });
  },

  onRunUpdated(run) {
    const { runId, run: current } = get();
    if (run.id !== runId) return;
    // Items recorded while the page was open are only visible after a reload from the first page.
    if (current?.status === 'running' && run.status !== 'running') void get().open(run.id);
    else set({ run });
  },
}));
