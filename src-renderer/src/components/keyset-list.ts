import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { AppError, Result } from '../../../src-preload/contract';
import { settle } from '../api/call';

// One keyset-paged query as a store: the first page on every new query, the next page as the table nears its end.
// Pages answered for an older query are dropped, so a slow page never lands in a newer list.

export interface KeysetPage<T, C> {
  rows: readonly T[];
  nextCursor: C | null;
  total?: number;
}

export interface KeysetListState<T, Q, C> {
  query: Q;
  rows: T[];
  nextCursor: C | null;
  exhausted: boolean;
  loading: boolean;
  /** Whether the current query has answered at least once (an empty list means "none", not "not yet"). */
  loaded: boolean;
  error: AppError | null;
  total: number | null;
  /** Bumps on every fresh query; the table scrolls to the top when it changes. */
  queryId: number;
  setQuery(patch: Partial<Q>): Promise<void>;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  /** Puts a fresher copy of a loaded row in place (e.g. after its detail was reloaded). */
  replaceRow(row: T): void;
  /** Drops a loaded row (e.g. after it was deleted), keeping the rest and the scroll. */
  removeRow(key: string | number): void;
}

export interface KeysetListOptions<T, Q, C> {
  initialQuery: Q;
  rowKey(row: T): string | number;
  fetchPage(query: Q, cursor: C | null): Promise<Result<KeysetPage<T, C>>>;
}

/** Appends a page, skipping rows already listed (a row can move between pages while the reader scrolls). */
export function appendUnique<T>(current: readonly T[], page: readonly T[], rowKey: (row: T) => string | number): T[] {
  if (current.length === 0) return [...page];
  const seen = new Set(current.map(rowKey));
  return [...current, ...page.filter((row) => !seen.has(rowKey(row)))];
}

export type KeysetListStore<T, Q, C> = UseBoundStore<StoreApi<KeysetListState<T, Q, C>>>;

export function createKeysetList<T, Q, C>(options: KeysetListOptions<T, Q, C>): KeysetListStore<T, Q, C> {
  return create<KeysetListState<T, Q, C>>()((set, get) => ({
    query: options.initialQuery,
    rows: [],
    nextCursor: null,
    exhausted: false,
    loading: false,
    loaded: false,
    error: null,
    total: null,
    queryId: 0,

    async setQuery(patch) {
      set({ query: { ...get().query, ...patch } });
      await get().reload();
    },

    async reload() {
      const queryId = get().queryId + 1;
      set({ queryId, rows: [], nextCursor: null, exhausted: false, loading: true, loaded: false, error: null });
      const result = await settle(options.fetchPage(get().query, null));
      if (get().queryId !== queryId) return;
      if (!result.ok) return set({ loading: false, loaded: true, error: result.error });
      const { rows, nextCursor, total } = result.data;
      set({ rows: [...rows], nextCursor, exhausted: nextCursor == null, loading: false, loaded: true, total: total ?? null });
    },

    async loadMore() {
      const { loading, exhausted, nextCursor, queryId } = get();
      if (loading || exhausted || nextCursor == null) return;
      set({ loading: true, error: null });
      const result = await settle(options.fetchPage(get().query, nextCursor));
      if (get().queryId !== queryId) return;
      if (!result.ok) return set({ loading: false, error: result.error });
      const { rows, nextCursor: next, total } = result.data;
      set({
        rows: appendUnique(get().rows, rows, options.rowKey),
        nextCursor: next,
        exhausted: next == null,
        loading: false,
        total: total ?? get().total,
      });
    },

    replaceRow(row) {
      const key = options.rowKey(row);
      const rows = get().rows;
      if (rows.some((r) => options.rowKey(r) === key)) set({ rows: rows.map((r) => (options.rowKey(r) === key ? row : r)) });
    },

    removeRow(key) {
      const rows = get().rows;
      if (rows.some((r) => options.rowKey(r) === key)) set({ rows: rows.filter((r) => options.rowKey(r) !== key), total: get().total == null ? null : Math.max(0, get().total! - 1) });
    },
  }));
}
