// Keeps the calls of one Infusion license within its limit of ten requests a second.
//
// Why not a library: node_modules holds no rate limiter (p-limit bounds concurrency, not rate), and new dependencies
// are not ours to add here. Why not a token bucket: a bucket of 10 refilled at 10/s lets 10 go at once and 10 more
// trickle in over the next second, up to 20 within one rolling second, which a server counting per rolling second
// refuses. Instead each call holds one of `limit` slots from the moment it is sent until `windowMs` after its answer
// came back. The server counts a request at some instant between our send and our receipt of its answer, so the
// (limit+1)-th call, sent a full window after an earlier call's answer, arrives more than a window after it arrived:
// no rolling second at the server can hold more than `limit`, whatever the network's delays.
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

export interface PacerOptions {
  limit?: number;
  windowMs?: number;
}

export class RequestPacer {
  readonly limit: number;
  readonly windowMs: number;
  private inFlight = 0;
  /** When each finished call's slot frees up again (ascending). */
  private freesAt: number[] = [];
  private pausedUntil = 0;
  /** Turns are taken one at a time, in the order asked: a waiting call is not overtaken. */
  private queue: Promise<void> = Promise.resolve();
  private released: (() => void) | null = null;
  /** Total time calls waited for a slot or a pause (ms): lets callers report pacing. */
  waitedMs = 0;

  constructor(opts: PacerOptions = {}) {
    this.limit = opts.limit ?? 10;
    this.windowMs = opts.windowMs ?? 1_000;
  }

  /** Runs `fn` once a slot is free; the slot stays taken until a window after `fn` settles. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    await turn;
    try {
      return await fn();
    } finally {
      this.inFlight--;
      this.freesAt.push(performance.now() + this.windowMs);
      const wake = this.released;
      this.released = null;
      wake?.();
    }
  }

  /** Holds every call of this pacer until `ms` from now (a 429's Retry-After applies to the whole license). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = performance.now();
      while (this.freesAt.length && this.freesAt[0]! <= now) this.freesAt.shift();
      let waitMs = 0;
      if (this.pausedUntil > now) waitMs = this.pausedUntil - now;
      else if (this.inFlight + this.freesAt.length < this.limit) {
        this.inFlight++;
        return;
      } else if (this.freesAt.length) waitMs = this.freesAt[0]! - now;
      const started = performance.now();
      if (waitMs > 0) await sleep(Math.ceil(waitMs), undefined, { signal });
      // Every slot is held by a call still running: its end frees one.
      else
        await new Promise<void>((resolve, reject) => {
          this.released = resolve;
          signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        });
      this.waitedMs += performance.now() - started;
    }
  }
}

// One pacer per license and address: every client made for the same connection (a run, a job, a connection test)
// shares it, as they share the license's limit at the server.
const pacers = new Map<string, RequestPacer>();

export function pacerFor(key: string, opts?: PacerOptions): RequestPacer {
  let p = pacers.get(key);
  if (!p) pacers.set(key, (p = new RequestPacer(opts)));
  return p;
}

/** Forgets every pacer (tests that restart the simulator). */
export function forgetPacers(): void {
  pacers.clear();
}
