// Code lists change rarely and template editing asks for them often: kept for "Cache lookups for (seconds)".
// In memory for now (one per process); a stored cache can replace it behind the same two methods.

export interface LookupsCache {
  /**
   * The cached value under key while it is younger than seconds, else load() once (concurrent callers share it).
   * `fresh` (Refresh lookups) always loads, and what it loads replaces the cached entry, so the next ordinary read
   * (save validation's) returns it.
   */
  get<T>(key: string, seconds: number, load: () => Promise<T>, options?: { fresh?: boolean }): Promise<T>;
  clear(): void;
}

export function createLookupsCache(now: () => number = Date.now): LookupsCache {
  const entries = new Map<string, { at: number; value: unknown; seq: number }>();
  // The newest load per key: ordinary callers join it, whichever kind started it.
  const pending = new Map<string, { p: Promise<unknown>; seq: number }>();
  let started = 0;
  return {
    async get<T>(key: string, seconds: number, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
      if (seconds > 0 && !options.fresh) {
        const hit = entries.get(key);
        if (hit && now() - hit.at < seconds * 1000) return hit.value as T;
      }
      const waiting = pending.get(key);
      // A fresh read never joins a load that may have started before it was asked for.
      if (waiting && !options.fresh) return waiting.p as Promise<T>;
      const seq = ++started;
      const p = load().then((value) => {
        // A failed load caches nothing: the next call asks again. An older load that ends after a newer one does
        // not put its answer back over the newer one's.
        const current = entries.get(key);
        if (seconds > 0 && (!current || current.seq < seq)) entries.set(key, { at: now(), value, seq });
        return value;
      });
      pending.set(key, { p, seq });
      const forget = () => {
        if (pending.get(key)?.seq === seq) pending.delete(key);
      };
      p.then(forget, forget);
      return p;
    },
    clear(): void {
      entries.clear();
    },
  };
}

/** Shared by every client of this process, so template saves and jobs use one cache. */
export const sharedLookupsCache = createLookupsCache();
