import { describe, expect, it } from 'vitest';
import { DEFAULT_MARGIN, createTokenCache, tokenKey, type FetchedToken } from '../../src-main/engine/token-cache';

/** A sign-in the test resolves or fails by hand, counting how often it was asked and with which previous token. */
function remote(lifetimeMs = 3_600_000) {
  let issued = 0;
  const previous: (string | undefined)[] = [];
  const waiting: { resolve: (t: FetchedToken<string>) => void; reject: (e: Error) => void }[] = [];
  return {
    get issued() {
      return issued;
    },
    previous,
    /** Answers at once with token-1, token-2, ... */
    fetch: async (prev: string | undefined): Promise<FetchedToken<string>> => {
      previous.push(prev);
      issued++;
      return { value: `token-${issued}`, lifetimeMs };
    },
    /** Answers when the test says so. */
    held: (prev: string | undefined): Promise<FetchedToken<string>> => {
      previous.push(prev);
      issued++;
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    answer(value: string) {
      waiting.shift()!.resolve({ value, lifetimeMs });
    },
    fail(message: string) {
      waiting.shift()!.reject(new Error(message));
    },
  };
}

const key = tokenKey('cerm', 'https://tenant-api.cerm.be/', 'client', 'demo', 'secret', 'password');

describe('token cache', () => {
  it('shares one fetch between concurrent callers, then serves the cached token', async () => {
    const cache = createTokenCache();
    const r = remote();
    const all = Promise.all([cache.get(key, r.held), cache.get(key, r.held), cache.get(key, r.held, { fresh: true })]);
    expect(r.issued).toBe(1);
    r.answer('shared');
    expect(await all).toEqual(['shared', 'shared', 'shared']);
    expect(await cache.get(key, r.held)).toBe('shared');
    expect(r.issued).toBe(1);
  });

  it('renews a margin before expiry (a minute, or a tenth of a short life), handing the fetch the old token', async () => {
    let now = 1_000_000;
    const cache = createTokenCache({ now: () => now });
    const hour = remote(3_600_000);
    expect(await cache.get(key, hour.fetch)).toBe('token-1');
    now += 3_600_000 - 60_000 - 1;
    expect(await cache.get(key, hour.fetch)).toBe('token-1');
    now += 1;
    expect(await cache.get(key, hour.fetch)).toBe('token-2');
    expect(hour.previous).toEqual([undefined, 'token-1']);

    const other = tokenKey('confirm-web', 'short');
    const short = remote(10_000);
    expect(await cache.get(other, short.fetch)).toBe('token-1');
    now += 9_000 - 1;
    expect(await cache.get(other, short.fetch)).toBe('token-1');
    now += 1;
    expect(await cache.get(other, short.fetch)).toBe('token-2');
    expect(DEFAULT_MARGIN(10_000)).toBe(1_000);
  });

  it('takes a per-call clock (a client with its own), a custom margin, and keeps a session without expiry', async () => {
    let now = 0;
    const cache = createTokenCache({ marginMs: () => 0 });
    const r = remote(1_000);
    expect(await cache.get(key, r.fetch, { now: () => now })).toBe('token-1');
    now = 999;
    expect(await cache.get(key, r.fetch, { now: () => now })).toBe('token-1');
    now = 1_000;
    expect(await cache.get(key, r.fetch, { now: () => now })).toBe('token-2');

    const session = createTokenCache();
    const uuid = async () => ({ value: 'session-uuid', lifetimeMs: Infinity });
    expect(await session.get(key, uuid, { now: () => 1e15 })).toBe('session-uuid');
    let asked = 0;
    expect(await session.get(key, async () => ({ value: `again-${++asked}`, lifetimeMs: Infinity }), { now: () => 8e15 })).toBe('session-uuid');
    expect(asked).toBe(0);
  });

  it('invalidates after a 401 only the token that was refused, so a burst of 401s signs in once', async () => {
    const cache = createTokenCache();
    const r = remote();
    const first = await cache.get(key, r.fetch);
    // Two calls were refused with the same token: the first invalidates, the second finds it already replaced.
    expect(cache.invalidate(key, first)).toBe(true);
    const renewed = await cache.get(key, r.fetch);
    expect(renewed).toBe('token-2');
    expect(cache.invalidate(key, first)).toBe(false);
    expect(await cache.get(key, r.fetch)).toBe('token-2');
    expect(r.issued).toBe(2);
    // The refused token is still handed to the fetch (an OAuth client refreshes with its refresh token).
    expect(r.previous).toEqual([undefined, 'token-1']);
    expect(cache.invalidate(tokenKey('nothing', 'here'), 'token-2')).toBe(false);
  });

  it('fresh fetches even when the cached token is good; previous: false hands the fetch nothing', async () => {
    const cache = createTokenCache();
    const r = remote();
    await cache.get(key, r.fetch);
    expect(await cache.get(key, r.fetch, { fresh: true })).toBe('token-2');
    expect(await cache.get(key, r.fetch, { fresh: true, previous: false })).toBe('token-3');
    expect(r.previous).toEqual([undefined, 'token-1', undefined]);
  });

  it('caches no failed fetch: every waiter gets the error, the old token is dropped, the next call asks again', async () => {
    let now = 0;
    const cache = createTokenCache({ now: () => now });
    const r = remote(100_000);
    const first = cache.get(key, r.held);
    r.answer('old');
    await first;
    now = 200_000;
    const waiters = [cache.get(key, r.held), cache.get(key, r.held)];
    r.fail('sign-in refused');
    for (const w of waiters) await expect(w).rejects.toThrow('sign-in refused');
    const next = cache.get(key, r.held);
    expect(r.issued).toBe(3);
    r.answer('new');
    expect(await next).toBe('new');
    // The failure dropped 'old': the third fetch had no previous token to refresh with.
    expect(r.previous).toEqual([undefined, 'old', undefined]);
  });

  it('fails a fetch that throws synchronously like one that rejects, and caches nothing', async () => {
    const cache = createTokenCache();
    const throwing = () => {
      throw new Error('not configured');
    };
    await expect(cache.get(key, throwing)).rejects.toThrow('not configured');
    const r = remote();
    expect(await cache.get(key, r.fetch)).toBe('token-1');
  });

  it('keeps keys apart: another connector, endpoint, user or secret never gets the token', async () => {
    const cache = createTokenCache();
    const keys = [
      tokenKey('cerm', 'https://a/', 'demo', 'pw'),
      tokenKey('erp', 'https://a/', 'demo', 'pw'),
      tokenKey('cerm', 'https://b/', 'demo', 'pw'),
      tokenKey('cerm', 'https://a/', 'other', 'pw'),
      tokenKey('cerm', 'https://a/', 'demo', 'changed'),
      // Joined without a boundary these two would read the same.
      tokenKey('cerm', 'https://a/', 'demop', 'w'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    let n = 0;
    const values = await Promise.all(keys.map((k) => cache.get(k, async () => ({ value: `token-${++n}`, lifetimeMs: 60_000 }))));
    expect(new Set(values).size).toBe(keys.length);
    expect(await cache.get(tokenKey('cerm', 'https://a/', 'demo', 'pw'), async () => ({ value: 'never', lifetimeMs: 1 }))).toBe('token-1');
  });

  it('hashes the key: no part, secrets included, appears in it', () => {
    const k = tokenKey('cerm', 'https://tenant-api.cerm.be/', 'demo', 'sup3r-secret');
    expect(k).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const part of ['cerm', 'tenant', 'demo', 'sup3r-secret']) expect(k).not.toContain(part);
    expect(tokenKey('cerm', 'https://tenant-api.cerm.be/', 'demo', 'sup3r-secret')).toBe(k);
  });

  it('clear forgets every token, and a fetch in flight at the time stores nothing', async () => {
    const cache = createTokenCache();
    const r = remote();
    await cache.get(key, r.fetch);
    const inFlight = cache.get(key, r.held, { fresh: true });
    cache.clear();
    r.answer('from-before-clear');
    expect(await inFlight).toBe('from-before-clear');
    expect(await cache.get(key, r.fetch)).toBe('token-3');
    expect(r.previous).toEqual([undefined, 'token-1', undefined]);
  });
});
