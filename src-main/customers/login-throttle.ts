/**
 * Slows password guessing for one email: after `maxFailures` failed sign-ins within `windowMs`, that email is
 * answered "too many" (HTTP 429 with Retry-After) until the oldest of those failures leaves the window. A success
 * clears the count.
 *
 * In memory with at most `maxEntries` emails. When full, expired entries go first, then the least recently failed:
 * guessing at random emails cannot grow it. Pushing an email out gives it a fresh count, so an attacker buys
 * `maxFailures` more guesses at one victim with `maxEntries` failed sign-ins at other emails inside the window, each a
 * full password verification (see password-hash.ts): 5 guesses for 10,000 verifications with the defaults.
 *
 * Call check() before verifying and fail() only for a verification that ran; a refused attempt records nothing.
 */
export interface LoginThrottleOptions {
  maxFailures?: number;
  windowMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export type ThrottleAnswer = { allowed: true } | { allowed: false; status: 429; retryAfterMs: number; retryAfterSeconds: number; message: string };

export interface LoginThrottle {
  /** Ask before verifying a password. */
  check(email: string): ThrottleAnswer;
  /** Record a failed sign-in; answers as check() would now. */
  fail(email: string): ThrottleAnswer;
  succeed(email: string): void;
  readonly size: number;
}

const MAX_KEY = 254; // the longest valid email address

export function normaliseEmailKey(email: string): string {
  return email.trim().toLowerCase().slice(0, MAX_KEY);
}

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  if (maxFailures < 1 || windowMs <= 0 || maxEntries < 1) throw new RangeError('the login throttle needs positive limits');
  // email -> times of its failures in the window, oldest first (at most maxFailures). Map order = least recently failed first.
  const failures = new Map<string, number[]>();

  function recent(key: string, t: number): number[] {
    const list = failures.get(key);
    if (!list) return [];
    const kept = list.filter((at) => at > t - windowMs);
    if (kept.length === 0) failures.delete(key);
    else if (kept.length !== list.length) failures.set(key, kept);
    return kept;
  }

  function answer(list: number[], t: number): ThrottleAnswer {
    if (list.length < maxFailures) return { allowed: true };
    const retryAfterMs = Math.max(1, list[list.length - maxFailures]! + windowMs - t);
    const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return {
      allowed: false,
      status: 429,
      retryAfterMs,
      retryAfterSeconds,
      message: `Too many failed sign-ins for this email. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}, or reset the password.`,
    };
  }

  function makeRoom(t: number): void {
    for (const key of [...failures.keys()]) {
      if (failures.size < maxEntries) return;
      recent(key, t);
    }
    while (failures.size >= maxEntries) failures.delete(failures.keys().next().value!);
  }

  return {
    check(email) {
      const t = now();
      return answer(recent(normaliseEmailKey(email), t), t);
    },
    fail(email) {
      const t = now();
      const key = normaliseEmailKey(email);
      const list = recent(key, t);
      if (!failures.has(key)) makeRoom(t);
      failures.delete(key); // re-inserted last: the most recently failed
      const next = [...list, t].slice(-maxFailures);
      failures.set(key, next);
      return answer(next, t);
    },
    succeed(email) {
      failures.delete(normaliseEmailKey(email));
    },
    get size() {
      return failures.size;
    },
  };
}
