import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSetPasswordToken, hashSetPasswordToken, issueSetPasswordToken, SET_PASSWORD_TTL_MS, setPasswordUrl } from '../../src-main/customers/set-password-token';

describe('set-password tokens', () => {
  it('are 32 random bytes in base64url, stored only as their SHA-256, valid 72 hours by default', () => {
    const now = Date.UTC(2026, 11, 1);
    const t = issueSetPasswordToken(now);
    expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t.token, 'base64url')).toHaveLength(32);
    expect(t.tokenHash).toBe(createHash('sha256').update(t.token).digest('hex'));
    expect(t.tokenHash).toBe(hashSetPasswordToken(t.token));
    expect(t.tokenHash).not.toContain(t.token);
    expect(t.expiresAt - now).toBe(72 * 3600 * 1000);
    expect(SET_PASSWORD_TTL_MS).toBe(72 * 3600 * 1000);
    expect(issueSetPasswordToken(now, 60_000).expiresAt).toBe(now + 60_000);
    expect(() => issueSetPasswordToken(now, 0)).toThrow();
  });

  it('never repeat', () => {
    const seen = new Set(Array.from({ length: 5_000 }, () => issueSetPasswordToken().token));
    expect(seen.size).toBe(5_000);
  });

  it('check: ok until expiry, then expired; used once used; invalid for any other token', () => {
    const now = 1_000_000;
    const t = issueSetPasswordToken(now, 10_000);
    const stored = { tokenHash: t.tokenHash, expiresAt: t.expiresAt };
    expect(checkSetPasswordToken(t.token, stored, now + 9_999)).toBe('ok');
    expect(checkSetPasswordToken(t.token, stored, now + 10_000)).toBe('expired');
    expect(checkSetPasswordToken(t.token, { ...stored, usedAt: now + 5 }, now + 6)).toBe('used');
    expect(checkSetPasswordToken(issueSetPasswordToken(now).token, stored, now)).toBe('invalid');
    expect(checkSetPasswordToken(t.token.slice(1), stored, now)).toBe('invalid');
    expect(checkSetPasswordToken(t.token, null, now)).toBe('invalid');
    expect(checkSetPasswordToken(t.token, { ...stored, tokenHash: 'abc' }, now)).toBe('invalid');
  });

  it('goes in the link as a query parameter, keeping the page address', () => {
    const { token } = issueSetPasswordToken();
    expect(setPasswordUrl('https://shop.example.com/account/set-password?lang=en', token)).toBe(`https://shop.example.com/account/set-password?lang=en&token=${token}`);
  });
});
