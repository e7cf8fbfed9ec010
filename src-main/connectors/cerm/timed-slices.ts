// A page of records stored in consecutive transactions of about a target duration. On SQLite a transaction is one
// synchronous stretch of the main thread (its statements and its commit, under the one writer), and every contract
// call waits behind it; on a loaded machine a fixed 500 rows can take 60 ms. Each slice's busy time on the main thread
// sizes the next.
//
// - Its statements' time, not its commit's: the commit's fsync costs about the same for 50 rows as for 500, so
//   cutting a page into more slices on a slow disk only adds fsyncs (timing whole transactions, a busy disk shrank
//   slices to 50 rows: ten commits a page, each as slow).
// - The main thread's busy time, not the wall time: on PostgreSQL most of a slice is the server's round trips, during
//   which the main thread is free (the console's reads go on beside it), so its slices stay whole pages.

import { performance } from 'node:perf_hooks';

/** What a slice should take: short enough that a contract call due during it still answers well within 50 ms. */
const TARGET_MS = 8;
/** Below this, commits (an fsync each) would cost more than the stretches they shorten. */
const MIN_ROWS = 50;

export interface SliceSizer {
  readonly size: number;
  took(rows: number, ms: number): void;
}

/**
 * `statementsOnMainThread` false (PostgreSQL): slices stay `max`. The main thread's busy time during a transaction
 * there is mostly other work (the next page parsed, the console's calls) done while the server answers, and each
 * slice more is a commit more, an fsync on the server and a few round trips, with nothing gained.
 */
export function createSliceSizer(max: number, opts: { targetMs?: number; statementsOnMainThread?: boolean } = {}): SliceSizer {
  const targetMs = opts.targetMs ?? TARGET_MS;
  const min = Math.min(MIN_ROWS, max);
  let size = max;
  return {
    get size() {
      return size;
    },
    took(rows, ms) {
      if (opts.statementsOnMainThread === false) return;
      // A short tail that was quick says nothing about a full slice.
      if (rows < size && ms < targetMs) return;
      const ideal = ms > 0 ? (rows * targetMs) / ms : max;
      // Halfway to the ideal: one slow slice (a GC, the machine busy) does not collapse the size at once.
      size = Math.max(min, Math.min(max, Math.round((size + ideal) / 2)));
    },
  };
}

/**
 * Runs `work` in one transaction, and says how long it kept the main thread busy inside it (its statements, without
 * the commit, and without the waits for a server's answers).
 */
export async function timedTransaction<T>(repos: { transaction<R>(work: () => Promise<R>): Promise<R> }, work: () => Promise<T>): Promise<{ value: T; workMs: number }> {
  let workMs = 0;
  const value = await repos.transaction(async () => {
    const before = performance.eventLoopUtilization();
    const out = await work();
    workMs = performance.eventLoopUtilization(before).active;
    return out;
  });
  return { value, workMs };
}

/**
 * Calls `apply` on consecutive slices of `items` (in order, each awaited; `last` on the final one), sized by `sizer`,
 * with the event loop's turn between them. `apply` answers its statements' busy time (timedTransaction); where it
 * answers nothing, the main thread's busy time over the whole call counts.
 */
export async function inTimedSlices<T>(items: T[], sizer: SliceSizer, yieldNow: () => Promise<void>, apply: (slice: T[], last: boolean) => Promise<number | void>): Promise<void> {
  for (let i = 0; i < items.length; ) {
    const n = Math.min(sizer.size, items.length - i);
    const before = performance.eventLoopUtilization();
    const workMs = await apply(items.slice(i, i + n), i + n >= items.length);
    sizer.took(n, typeof workMs === 'number' ? workMs : performance.eventLoopUtilization(before).active);
    i += n;
    if (i < items.length) await yieldNow();
  }
}
