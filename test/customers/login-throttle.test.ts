import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from '../../src-main/customers/login-throttle';

const MIN = 60_000;

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('login throttle', () => {
  it('answers 429 with a retry-after after 5 failures in 15 minutes, until the oldest leaves the window', () => {
    const c = clock();
    const th = createLoginThrottle({ now: c.now });
    for (let i = 0; i < 4; i++) {
      expect(th.fail('ann@example.com')).toEqual({ allowed: true });
      c.advance(MIN);
    }
    const fifth = th.fail('ann@example.com');
    expect(fifth).toMatchObject({ allowed: false, status: 429, retryAfterMs: 11 * MIN, retryAfterSeconds: 660 });
    expect(fifth.allowed === false && fifth.message).toBe('Too many failed sign-ins for this email. Try again in 11 minutes, or reset the password.');
    expect(th.check('ann@example.com').allowed).toBe(false);
    c.advance(11 * MIN - 1);
    expect(th.check('ann@example.com')).toMatchObject({ allowed: false, retryAfterMs: 1, retryAfterSeconds: 1 });
    c.advance(1);
    expect(th.check('ann@example.com')).toEqual({ allowed: true });
    // The window slides: one more failure now makes five in the last 15 minutes again.
    expect(th.fail('ann@example.com')).toMatchObject({ allowed: false, retryAfterMs: MIN });
  });

  it('counts per email, ignoring case and spaces, and a success clears the count', () => {
    const c = clock();
    const th = createLoginThrottle({ now: c.now, maxFailures: 2 });
    th.fail(' Ann@Example.com');
    expect(th.fail('ann@example.com').allowed).toBe(false);
    expect(th.check('bob@example.com').allowed).toBe(true);
    th.succeed('ANN@example.com');
    expect(th.check('ann@example.com').allowed).toBe(true);
    expect(th.size).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const c = clock();
    const th = createLoginThrottle({ now: c.now });
    for (let i = 0; i < 4; i++) th.fail('ann@example.com');
    c.advance(15 * MIN);
    expect(th.fail('ann@example.com').allowed).toBe(true);
    expect(th.check('ann@example.com').allowed).toBe(true);
  });

  it('stays within maxEntries however many emails fail, pushing out expired entries first, then the least recent', () => {
    const c = clock();
    const th = createLoginThrottle({ now: c.now, maxEntries: 100, maxFailures: 3 });
    for (let i = 0; i < 3; i++) th.fail('victim@example.com');
    c.advance(16 * MIN);
    for (let i = 0; i < 3; i++) th.fail('locked@example.com');
    for (let i = 0; i < 10_000; i++) th.fail(`spray-${i}@example.com`);
    expect(th.size).toBe(100);
    expect(th.check('spray-9999@example.com').allowed).toBe(true); // one failure each
    expect(th.check('spray-9900@example.com').allowed).toBe(true);
    // The least recently failed went first: the early sprays and the locked email are gone, the last 100 stay.
    expect(th.check('locked@example.com').allowed).toBe(true);
    const c2 = clock();
    const small = createLoginThrottle({ now: c2.now, maxEntries: 3, maxFailures: 2 });
    small.fail('old@example.com');
    c2.advance(16 * MIN);
    small.fail('a@example.com');
    small.fail('a@example.com');
    small.fail('b@example.com');
    small.fail('c@example.com'); // full: the expired entry makes room, not the locked one
    expect(small.size).toBe(3);
    expect(small.check('a@example.com').allowed).toBe(false);
  });

  it('bounds the key length, so an absurd email cannot take much room', () => {
    const th = createLoginThrottle({ maxFailures: 1 });
    th.fail(`${'x'.repeat(10_000)}@example.com`);
    expect(th.check(`${'x'.repeat(254)}`).allowed).toBe(false);
  });
});
