import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_SHAPE, generatePassword, PASSWORD_ALPHABET, passwordEntropyBits } from '../../src-main/customers/password';

describe('generated passwords', () => {
  it('are 15 characters in 3 dash-separated groups of 5, from an alphabet without look-alikes', () => {
    for (let i = 0; i < 500; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(p).not.toMatch(/[01loOIL]/);
      expect(p.replace(/-/g, '')).toHaveLength(15);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[2-9]/);
    }
  });

  it('use an alphabet of 32 distinct symbols, so 5 bits a character', () => {
    expect(new Set(PASSWORD_ALPHABET).size).toBe(32);
    expect(PASSWORD_ALPHABET).toHaveLength(32);
    for (const c of '01loOIL') expect(PASSWORD_ALPHABET).not.toContain(c);
  });

  it('carry at least 60 bits of entropy (74.98 with the default shape), and refuse a shape with less', () => {
    expect(passwordEntropyBits()).toBeCloseTo(74.98, 2);
    expect(passwordEntropyBits(DEFAULT_PASSWORD_SHAPE)).toBeGreaterThanOrEqual(60);
    expect(passwordEntropyBits({ groups: 3, groupSize: 4 })).toBeCloseTo(59.95, 2);
    expect(() => generatePassword({ groups: 3, groupSize: 4 })).toThrow(/60 bits/);
    expect(() => generatePassword({ groups: 2, groupSize: 5 })).toThrow(/12 characters/);
    expect(generatePassword({ groups: 4, groupSize: 4 })).toMatch(/^([a-z2-9]{4}-){3}[a-z2-9]{4}$/);
  });

  it('never repeat over many draws, and use every symbol about evenly', () => {
    const n = 20_000;
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const p = generatePassword();
      seen.add(p);
      for (const c of p.replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(seen.size).toBe(n);
    expect(counts.size).toBe(32);
    // 300,000 symbols, 9,375 expected each: a biased or stuck generator lands far outside ±10%.
    for (const c of counts.values()) expect(Math.abs(c - 9_375)).toBeLessThan(938);
  });
});
