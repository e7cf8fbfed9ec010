import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, backoffDelay, nextDelay } from '../../src-main/engine/retry-policy';
import { RemoteError, classifyError, classifyStatus, parseRetryAfter } from '../../src-main/engine/remote-error';
import { mulberry32 } from '../../src-main/sandbox/sandbox-server';

describe('the real retry schedule', () => {
  it('doubles from 2 s with equal jitter, capped at 15 minutes, over 10 attempts', () => {
    const p = DEFAULT_RETRY_POLICY;
    expect(p.maxAttempts).toBe(10);
    const expected = [2, 4, 8, 16, 32, 64, 128, 256, 512, 900].map((s) => s * 1000);
    expected.forEach((full, i) => {
      expect(backoffDelay(i + 1, p, () => 0)).toBe(full / 2);
      expect(backoffDelay(i + 1, p, () => 0.999999)).toBeCloseTo(full, -1);
    });
  });

  it('spreads 200 jobs that fail at the same instant', () => {
    const rand = mulberry32(7);
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, DEFAULT_RETRY_POLICY, rand));
    expect(new Set(delays).size).toBeGreaterThan(180);
    const min = Math.min(...delays);
    const max = Math.max(...delays);
    expect(min).toBeGreaterThanOrEqual(4000);
    expect(max).toBeLessThanOrEqual(8000);
    expect(max - min).toBeGreaterThan(3000);
    // No more than a handful land in any 100 ms slot.
    const slots = new Map<number, number>();
    for (const d of delays) slots.set(Math.floor(d / 100), (slots.get(Math.floor(d / 100)) ?? 0) + 1);
    expect(Math.max(...slots.values())).toBeLessThanOrEqual(15);
  });

  it('waits what Retry-After says on 429', () => {
    const err = new RemoteError('rate_limited', '429', { retryAfterMs: 30_000 });
    const d = nextDelay(err, 1, DEFAULT_RETRY_POLICY, () => 0.5);
    expect(d).toBeGreaterThanOrEqual(30_000);
    expect(d).toBeLessThanOrEqual(31_000);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(55_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('failure classification', () => {
  it('retries connectivity failures and 5xx/429, pauses on 401/403, never retries other 4xx', () => {
    expect(classifyStatus(503, null, '')!.kind).toBe('connectivity');
    expect(classifyStatus(500, null, '')!.kind).toBe('connectivity');
    expect(classifyStatus(429, '3', '')!.extra.retryAfterMs).toBe(3000);
    expect(classifyStatus(401, null, '')!.kind).toBe('auth');
    expect(classifyStatus(403, null, '')!.kind).toBe('auth');
    expect(classifyStatus(422, null, '')!.kind).toBe('validation');
    expect(classifyStatus(404, null, '')!.retryable).toBe(false);
    expect(classifyStatus(204, null, '')).toBeNull();
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(classifyError(refused)).toMatchObject({ kind: 'connectivity', message: expect.stringMatching(/refused/) });
    const timeout = Object.assign(new Error('t'), { name: 'TimeoutError' });
    expect(classifyError(timeout).kind).toBe('connectivity');
  });
});
