// A page of records stored in consecutive transactions of about a target duration. On SQLite a transaction is one
// synchronous stretch of the main thread (its statements and its commit, under the one writer), and every contract
// call waits behind it; on a loaded machine a fixed 500 rows can take 60 ms. Each slice's time on the main thread
// sizes the next: on PostgreSQL most of a slice is the server's round trips, during which the main thread is free (the
// console's reads go on beside it), so its slices stay whole pages instead of many small commits.

/** What a slice should take: short enough that a contract call due during it still answers well within 50 ms. */
const TARGET_MS = 8;
/** Below this, commits (an fsync each) would cost more than the stretches they shorten. */
const MIN_ROWS = 50;

export interface SliceSizer {
  readonly size: number;
  took(rows: number, ms: number): void;
}

export function createSliceSizer(max: number, targetMs = TARGET_MS): SliceSizer {
  const min = Math.min(MIN_ROWS, max);
  let size = max;
  return {
    get size() {
      return size;
    },
    took(rows, ms) {
      // A short tail that was quick says nothing about a full slice.
      if (rows < size && ms < targetMs) return;
      const ideal = ms > 0 ? (rows * targetMs) / ms : max;
      // Halfway to the ideal: one slow slice (a GC, the machine busy) does not collapse the size at once.
      size = Math.max(min, Math.min(max, Math.round((size + ideal) / 2)));
    },
  };
}

/**
 * Calls `apply` on consecutive slices of `items` (in order, each awaited; `last` on the final one), sized by `sizer`
 * from the main thread's busy time during each, with the event loop's turn between them.
 */
export async function inTimedSlices<T>(items: T[], sizer: SliceSizer, yieldNow: () => Promise<void>, apply: (slice: T[], last: boolean) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; ) {
    const n = Math.min(sizer.size, items.length - i);
    const before = performance.eventLoopUtilization();
    await apply(items.slice(i, i + n), i + n >= items.length);
    // The event loop's busy time over the slice (a synchronous one's whole length; not the waits for a server).
    sizer.took(n, performance.eventLoopUtilization(before).active);
    i += n;
    if (i < items.length) await yieldNow();
  }
}
