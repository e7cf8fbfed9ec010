import type { RemoteError } from './remote-error';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 2_000, maxDelayMs: 15 * 60_000 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so 200 jobs that fail together
 * spread over a window instead of retrying in one burst. Written here rather than taken from a retry library because
 * the delay is stored in the job row (durable), not awaited in memory.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Delay before the next attempt, honouring Retry-After on 429 (plus a little jitter). */
export function nextDelay(err: RemoteError, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  if (err.kind === 'rate_limited' && err.extra.retryAfterMs !== undefined)
    return err.extra.retryAfterMs + Math.round(random() * Math.min(1000, policy.baseDelayMs));
  return backoffDelay(attempt, policy, random);
}
