import { create } from 'zustand';
import type { AppError, LogCursor, LogEntry, LogEntryDetail } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { callOrToast, settle } from '../../api/call';
import { deliverExport } from '../../api/download';
import { currentScreen, showInfo, showSuccess } from '../../components/toaster';
import { applyNextAttempts, EMPTY_FILTER, matchesFilter, mergeEntries, toLogFilter, type LogFilterForm } from './log-filter';

const PAGE_SIZE = 200;

/** Lines whose retry was asked for and whose next attempt is not shown yet: the retry's run may end before the
 * row learns it is queued, so each run line that arrives refreshes them too. */
const retriesAwaited = new Set<number>();

interface LogState {
  filter: LogFilterForm;
  entries: LogEntry[];
  nextCursor: LogCursor | null;
  exhausted: boolean;
  loading: boolean;
  error: AppError | null;
  /** Bumps on every fresh query; the list scrolls to the top when it changes. */
  queryId: number;
  atTop: boolean;
  pendingNew: number;
  selectedId: number | null;
  detail: LogEntryDetail | null;
  detailError: AppError | null;
  busyAction: 'retry' | 'dismiss' | null;
  exporting: boolean;
  setFilter(patch: Partial<LogFilterForm>): void;
  resetFilter(): void;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  setAtTop(atTop: boolean): void;
  onAppended(entries: LogEntry[]): void;
  select(id: number | null): Promise<void>;
  retry(id: number): Promise<void>;
  dismiss(id: number): Promise<void>;
  exportCsv(): Promise<void>;
}

export const useLogStore = create<LogState>()((set, get) => ({
  filter: EMPTY_FILTER,
  entries: [],
  nextCursor: null,
  exhausted: false,
  loading: false,
  error: null,
  queryId: 0,
  atTop: true,
  pendingNew: 0,
  selectedId: null,
  detail: null,
  detailError: null,
  busyAction: null,
  exporting: false,

  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } });
    void get().reload();
  },

  resetFilter() {
    set({ filter: EMPTY_FILTER });
    void get().reload();
  },

  async reload() {
    const queryId = get().queryId + 1;
    set({ queryId, entries: [], nextCursor: null, exhausted: false, loading: true, error: null, pendingNew: 0, atTop: true });
    const result = await settle(api().logPage({ ...toLogFilter(get().filter), cursor: null, limit: PAGE_SIZE }));
    if (get().queryId !== queryId) return;
    if (!result.ok) return set({ loading: false, error: result.error });
    const { entries, nextCursor } = result.data;
    set({ entries: mergeEntries(get().entries, entries), nextCursor, exhausted: nextCursor == null, loading: false });
  },

  async loadMore() {
    const { loading, exhausted, nextCursor, queryId } = get();
    if (loading || exhausted || nextCursor == null) return;
    set({ loading: true, error: null });
    const result = await settle(api().logPage({ ...toLogFilter(get().filter), cursor: nextCursor, limit: PAGE_SIZE }));
    if (get().queryId !== queryId) return;
    if (!result.ok) return set({ loading: false, error: result.error });
    set({
      entries: mergeEntries(get().entries, result.data.entries),
      nextCursor: result.data.nextCursor,
      exhausted: result.data.nextCursor == null,
      loading: false,
    });
  },

  setAtTop(atTop) {
    if (atTop !== get().atTop) set({ atTop });
  },

  onAppended(incoming) {
    const filter = toLogFilter(get().filter);
    // The first page of a query in flight will carry these entries itself.
    if (get().loading && get().entries.length === 0) return;
    // A retried run's line learns its next attempt from main (the run it started is linked there), once that run ends.
    if (incoming.some((e) => e.entityType === 'sync_run'))
      for (const e of get().entries) if ((e.retryQueued || retriesAwaited.has(e.id)) && e.jobId == null) void refreshRow(e.id);
    const before = get().entries;
    const retried = applyNextAttempts(before, incoming);
    if (retried !== before) set({ entries: retried });
    const { entries, atTop } = get();
    const selectedNow = get().selectedId;
    if (selectedNow != null && retried !== before && retried.some((e, i) => e.id === selectedNow && e !== before[i])) void get().select(selectedNow);
    const known = new Set(entries.map((e) => e.id));
    const matching = incoming.filter((e) => matchesFilter(e, filter) || known.has(e.id));
    if (matching.length === 0) return;
    const updates = matching.filter((e) => known.has(e.id));
    const fresh = matching.filter((e) => !known.has(e.id));
    // Prepending under a reader who scrolled down would shift what they are reading; count instead.
    if (atTop && !get().loading) set({ entries: mergeEntries(entries, matching) });
    else set({ entries: mergeEntries(entries, updates), pendingNew: get().pendingNew + fresh.length });
    const selected = get().selectedId;
    if (selected != null && updates.some((e) => e.id === selected)) void get().select(selected);
  },

  async select(id) {
    set({ selectedId: id, detailError: id === get().selectedId ? get().detailError : null });
    if (id == null) return set({ detail: null });
    const result = await settle(api().logEntry({ id }));
    if (get().selectedId !== id) return;
    if (result.ok) {
      // The entry may have moved on (retried, dismissed); the row shows what the details show.
      const { details: _details, ...fresh } = result.data;
      if (fresh.nextAttempt) retriesAwaited.delete(id);
      set({ detail: result.data, detailError: null, entries: get().entries.map((e) => (e.id === id ? fresh : e)) });
    } else set({ detail: null, detailError: result.error });
  },

  async retry(id) {
    set({ busyAction: 'retry' });
    retriesAwaited.add(id);
    const result = await callOrToast('Retry', api().logRetry({ id }));
    set({ busyAction: null });
    if (!result?.retried) retriesAwaited.delete(id);
    if (!result) return;
    if (result.retried) showSuccess(result.message || 'Queued for another attempt.');
    else showInfo(result.message || 'Nothing to retry.');
    if (get().selectedId === id) void get().select(id);
  },

  async dismiss(id) {
    set({ busyAction: 'dismiss' });
    const result = await callOrToast('Dismiss', api().logDismiss({ id }));
    set({ busyAction: null });
    if (!result) return;
    const hide = !get().filter.includeDismissed;
    const entries = get().entries.flatMap((e) => (e.id !== id ? [e] : hide ? [] : [{ ...e, dismissed: true }]));
    set({ entries });
    if (get().selectedId === id) {
      if (hide) set({ selectedId: null, detail: null });
      else void get().select(id);
    }
  },

  async exportCsv() {
    set({ exporting: true });
    const startedOn = currentScreen();
    const result = await callOrToast('Export', api().logExport(toLogFilter(get().filter)));
    set({ exporting: false });
    if (result) deliverExport(result, undefined, { startedOn });
  },
}));

async function refreshRow(id: number): Promise<void> {
  const result = await settle(api().logEntry({ id }));
  if (!result.ok) return;
  const { details: _details, ...fresh } = result.data;
  if (fresh.nextAttempt) retriesAwaited.delete(id);
  useLogStore.setState((s) => ({ entries: s.entries.map((e) => (e.id === id ? fresh : e)) }));
  if (useLogStore.getState().selectedId === id) useLogStore.setState({ detail: result.data });
}

export function subscribeLogEvents(): () => void {
  return api().onLogAppended(({ entries }) => useLogStore.getState().onAppended(entries));
}
