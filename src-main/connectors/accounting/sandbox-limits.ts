// The simulator's bookkeeping that is not data: the per-license rate limit of a rolling second, with the counters
// tests assert on, and the change log behind the sync feed with its opaque cursors.
import { performance } from 'node:perf_hooks';

const WINDOW_MS = 1_000;
const MAX_EVENTS = 20_000;

/** One request the rate limit judged: when it arrived (performance.now()) and whether it was let through. */
export interface RateEvent {
  at: number;
  license: string;
  admitted: boolean;
}

/** Arrival times within the last second (older ones dropped). */
function windowOf(map: Map<string, number[]>, key: string, now: number): number[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  let drop = 0;
  while (drop < list.length && list[drop]! <= now - WINDOW_MS) drop++;
  if (drop) list.splice(0, drop);
  return list;
}

export class RollingRateLimit {
  /** Requests admitted per license in any rolling second. */
  limit: number;
  /** The most requests (admitted or refused) that arrived for one license within any rolling second. */
  peakArrivalsPerSecond = 0;
  /** The most requests admitted for one license within any rolling second (never above the limit). */
  peakAdmittedPerSecond = 0;
  /** Requests refused, by the limit or forced. */
  refused = 0;
  readonly events: RateEvent[] = [];
  private readonly admitted = new Map<string, number[]>();
  private readonly arrivals = new Map<string, number[]>();
  private forced: { left: number; retryAfterSec: number } | null = null;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Counts one arrival; null when it is let through, else the Retry-After (seconds) to answer. */
  admit(license: string): number | null {
    const now = performance.now();
    const arrived = windowOf(this.arrivals, license, now);
    arrived.push(now);
    this.peakArrivalsPerSecond = Math.max(this.peakArrivalsPerSecond, arrived.length);
    const admitted = windowOf(this.admitted, license, now);
    let retryAfter: number | null = null;
    if (this.forced && this.forced.left > 0) {
      this.forced.left--;
      retryAfter = this.forced.retryAfterSec;
    } else if (admitted.length >= this.limit) {
      retryAfter = Math.max(1, Math.ceil((admitted[0]! + WINDOW_MS - now) / 1000));
    } else {
      admitted.push(now);
      this.peakAdmittedPerSecond = Math.max(this.peakAdmittedPerSecond, admitted.length);
    }
    if (retryAfter !== null) this.refused++;
    if (this.events.length < MAX_EVENTS) this.events.push({ at: now, license, admitted: retryAfter === null });
    return retryAfter;
  }

  /** The next `times` requests are refused with `Retry-After: retryAfterSec`. */
  force(times: number, retryAfterSec: number): void {
    this.forced = { left: times, retryAfterSec };
  }

  reset(): void {
    this.peakArrivalsPerSecond = 0;
    this.peakAdmittedPerSecond = 0;
    this.refused = 0;
    this.events.length = 0;
    this.admitted.clear();
    this.arrivals.clear();
  }
}

/**
 * Every change in order. An entry is current while it is its record's latest change: the feed sends a record once,
 * at its latest change, however often it changed. Cursors carry an epoch: resetting bumps it, and a cursor of an
 * older epoch is answered from the beginning.
 */
export class ChangeLog {
  private readonly log: { seq: number; id: string }[] = [];
  private readonly seqOf = new Map<string, number>();
  private nextSeq = 1;
  private epoch = 1;

  append(id: string): void {
    const seq = this.nextSeq++;
    this.log.push({ seq, id });
    this.seqOf.set(id, seq);
  }

  resetCursors(): void {
    this.epoch++;
  }

  /** null when the cursor is not one this log issued. */
  decode(cursor: string): { seq: number; reset: boolean } | null {
    const m = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
    if (!m) return null;
    return Number(m[1]) === this.epoch ? { seq: Number(m[2]), reset: false } : { seq: 0, reset: true };
  }

  /** Up to `size` current changes after `afterSeq`, the cursor after them, and whether any remain. */
  page(afterSeq: number, size: number): { ids: string[]; nextCursor: string; more: boolean } {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log[mid]!.seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    const ids: string[] = [];
    let i = lo;
    let last = afterSeq;
    for (; i < this.log.length && ids.length < size; i++) {
      const e = this.log[i]!;
      last = e.seq;
      if (this.seqOf.get(e.id) === e.seq) ids.push(e.id);
    }
    while (i < this.log.length && this.seqOf.get(this.log[i]!.id) !== this.log[i]!.seq) i++;
    return { ids, nextCursor: Buffer.from(`${this.epoch}:${last}`).toString('base64url'), more: i < this.log.length };
  }
}
