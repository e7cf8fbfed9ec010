import { parseOptions } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { generatePassword } from '../../src-main/customers/password';
import { DUMMY_HASH, HASH_PARAMS, hashPassword, MAX_PASSWORD_LENGTH, needsRehash, verifyPassword } from '../../src-main/customers/password-hash';

describe('password hashing', () => {
  it('makes an Argon2id PHC string with the OWASP parameters and a fresh salt each time', async () => {
    const pw = generatePassword();
    const [a, b] = await Promise.all([hashPassword(pw), hashPassword(pw)]);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(parseOptions(a)).toMatchObject({ ...HASH_PARAMS, algorithm: 2, saltLen: 16, outputLen: 32 });
    expect(a).not.toContain(pw);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const pw = generatePassword();
    const stored = await hashPassword(pw);
    expect(await verifyPassword(stored, pw)).toBe(true);
    expect(await verifyPassword(stored, `${pw}x`)).toBe(false);
    expect(await verifyPassword(stored, pw.toUpperCase())).toBe(false);
    expect(await verifyPassword(stored, 'x'.repeat(MAX_PASSWORD_LENGTH + 1))).toBe(false);
  });

  it('answers false for an unknown email by verifying against the dummy hash, made with the same parameters', async () => {
    expect(parseOptions(DUMMY_HASH)).toMatchObject({ ...HASH_PARAMS, algorithm: 2 });
    expect(needsRehash(DUMMY_HASH)).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword(undefined, '')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('refuses to hash an empty or an overlong password', async () => {
    await expect(hashPassword('')).rejects.toThrow(/empty/);
    await expect(hashPassword('x'.repeat(MAX_PASSWORD_LENGTH + 1))).rejects.toThrow(/at most/);
  });

  it('tells a hash made with other parameters from one made with today’s', async () => {
    const { hash } = await import('@node-rs/argon2');
    const old = await hash('pw', { memoryCost: 4_096, timeCost: 3, parallelism: 1 });
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('pw'))).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
    expect(await verifyPassword(old, 'pw')).toBe(true);
  });

  it('hashes off the main thread: the event loop keeps turning while several hashes run', async () => {
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const started = turns;
    // Were the hashing done on this thread, every turn would wait for all of it, and none would run in between.
    const hashes = await Promise.all(Array.from({ length: 4 }, (_, i) => hashPassword(`password-${i}`)));
    const duringHashing = turns - started;
    const verified = await Promise.all(hashes.map((h, i) => verifyPassword(h, `password-${i}`)));
    running = false;
    expect(verified).toEqual([true, true, true, true]);
    expect(duringHashing).toBeGreaterThan(0);
  });
});
