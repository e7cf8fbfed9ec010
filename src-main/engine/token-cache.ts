// One cache for the tokens connectors sign in for (OAuth access tokens, session ids): shared by every client of the
// same connection in this process, so a run, its jobs and a live search sign in once between them.
import { createHash } from 'node:crypto';

/**
 * What a cache entry is filed under: a hash of the parts (connector, endpoint, user, secrets), so a settings change
 * never reuses an old token and no secret sits in memory as a map key. Made only by `tokenKey`.
 */
export type TokenKey = string & { readonly [keyBrand]: true };
declare const keyBrand: unique symbol;

/** The key for these parts, in order. Length-prefixed before hashing, so ('ab', 'c') and ('a', 'bc') differ. */
export function tokenKey(...parts: readonly string[]): TokenKey {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${Buffer.byteLength(p)}:`).update(p).update('\0');
  return h.digest('base64url') as TokenKey;
}

export interface FetchedToken<T> {
  value: T;
  /** How long the remote says it lasts; Infinity for a session that lasts until the remote refuses it. */
  lifetimeMs: number;
}

/**
 * Signs in. `previous` is the last token under the key, even lapsed or invalidated (an OAuth client refreshes with
 * its refresh token); undefined when there is none, after a failed fetch, or when the caller passed `previous: false`.
 */
export type TokenFetch<T> = (previous: T | undefined) => Promise<FetchedToken<T>>;

export interface TokenGetOptions {
  /** Fetch a new token even when the cached one is good (test connection proves the credentials now). */
  fresh?: boolean;
  /** false: the fetch gets no previous token (sign in with the password, not a refresh token). */
  previous?: boolean;
  /** The caller's clock, for a client with an injected one; else the cache's. */
  now?: () => number;
}

export interface TokenCache {
  /**
   * The token under key while it is good for longer than the margin; else one fetch that every concurrent caller
   * of the key shares (a fetch in flight is joined even when `fresh`). A failed fetch caches nothing and drops the
   * old token: every caller waiting on it gets the error, the next call fetches again.
   */
  get<T>(key: TokenKey, fetch: TokenFetch<T>, options?: TokenGetOptions): Promise<T>;
  /**
   * After the remote refused `stale` (a 401): the next get fetches anew, handing it `stale` as previous. A no-op when
   * another caller has already replaced it, so a burst of 401s signs in once. Returns whether it dropped the token.
   */
  invalidate<T>(key: TokenKey, stale: T): boolean;
  /** Forgets every token, and the result of any fetch in flight (tests that restart a simulator). */
  clear(): void;
}

export interface TokenCacheOptions {
  now?: () => number;
  /** How long before expiry a token is renewed, from its lifetime: so a call never leaves with one about to lapse. */
  marginMs?: (lifetimeMs: number) => number;
}

/** A minute, or a tenth of a short-lived token's life. */
export const DEFAULT_MARGIN = (lifetimeMs: number): number => Math.min(60_000, lifetimeMs / 10);

interface Entry {
  value: unknown;
  /** Good while now is before this (expiry less the margin); -Infinity once invalidated. */
  renewAt: number;
}

export function createTokenCache(options: TokenCacheOptions = {}): TokenCache {
  const clock = options.now ?? Date.now;
  const marginOf = options.marginMs ?? DEFAULT_MARGIN;
  const entries = new Map<TokenKey, Entry>();
  const pending = new Map<TokenKey, Promise<unknown>>();
  // Bumped by clear(), so a fetch that started before it cannot write an entry after it.
  let generation = 0;

  function start<T>(key: TokenKey, fetch: TokenFetch<T>, previous: T | undefined, now: () => number): Promise<T> {
    const gen = generation;
    let fetched: Promise<FetchedToken<T>>;
    try {
      fetched = fetch(previous);
    } catch (err) {
      // A fetch that throws before its first await fails like one that rejects.
      fetched = Promise.reject(err);
    }
    const p = fetched.then(
      (t) => {
        if (gen === generation) entries.set(key, { value: t.value, renewAt: now() + t.lifetimeMs - marginOf(t.lifetimeMs) });
        return t.value;
      },
      (err: unknown) => {
        if (gen === generation) entries.delete(key);
        throw err;
      },
    );
    pending.set(key, p);
    const done = () => {
      if (pending.get(key) === p) pending.delete(key);
    };
    p.then(done, done);
    return p;
  }

  return {
    get<T>(key: TokenKey, fetch: TokenFetch<T>, opts: TokenGetOptions = {}): Promise<T> {
      const now = opts.now ?? clock;
      const entry = entries.get(key);
      if (!opts.fresh && entry && now() < entry.renewAt) return Promise.resolve(entry.value as T);
      const inFlight = pending.get(key) as Promise<T> | undefined;
      if (inFlight) return inFlight;
      const previous = opts.previous === false ? undefined : (entry?.value as T | undefined);
      return start(key, fetch, previous, now);
    },

    invalidate<T>(key: TokenKey, stale: T): boolean {
      const entry = entries.get(key);
      if (!entry || entry.value !== stale) return false;
      entry.renewAt = -Infinity;
      return true;
    },

    clear(): void {
      generation++;
      entries.clear();
      pending.clear();
    },
  };
}
