// Code lists change rarely and template editing asks for them often: kept for "Cache lookups for (seconds)".
// In memory for now (one per process); a stored cache can replace it behind the same two methods.

export interface LookupsCache {
  /** The cached value under key while it is younger than seconds, else load() once (concurrent callers share it). */
  get<T>(key: string, seconds: number, load: () => Promise<T>): Promise<T>;
  clear(): void;
}

export function createLookupsCache(now: () => number = Date.now): LookupsCache {
  const entries = new Map<string, { at: number; value: unknown }>();
  const pending = new Map<string, Promise<unknown>>();
  return {
    async get<T>(key: string, seconds: number, load: () => Promise<T>): Promise<T> {
      if (seconds > 0) {
        const hit = entries.get(key);
        if (hit && now() - hit.at < seconds * 1000) return hit.value as T;
      }
      let p = pending.get(key) as Promise<T> | undefined;
      if (!p) {
        p = load().then((value) => {
          // A failed load caches nothing: the next call asks again.
          if (seconds > 0) entries.set(key, { at: now(), value });
          return value;
        });
        pending.set(key, p);
        const forget = () => pending.delete(key);
        p.then(forget, forget);
      }
      return p;
    },
    clear(): void {
      entries.clear();
    },
  };
}

/** Shared by every client of this process, so template saves and jobs use one cache. */
export const sharedLookupsCache = createLookupsCache();
