import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The safer welcome email (link mode): instead of a password, a single-use link to choose one. The token is 32 random
 * bytes (256 bits) from the OS CSPRNG, base64url so it sits in a URL untouched; only its SHA-256 is stored, so a copy
 * of the database lets no one in. A fast hash is enough: the token is random and long, not a guessable password.
 */
export const SET_PASSWORD_TTL_MS = 72 * 60 * 60 * 1000;

export interface IssuedToken {
  /** Goes in the email's link, never stored. */
  token: string;
  /** What the store keeps (hex). */
  tokenHash: string;
  expiresAt: number;
}

export interface StoredToken {
  tokenHash: string;
  expiresAt: number;
  /** Set when the token was used: single use is the store's update of this, in the same transaction as the password. */
  usedAt?: number | null;
}

export type TokenCheck = 'ok' | 'invalid' | 'expired' | 'used';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashSetPasswordToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function issueSetPasswordToken(now: number = Date.now(), ttlMs: number = SET_PASSWORD_TTL_MS): IssuedToken {
  if (!(ttlMs > 0)) throw new RangeError('a set-password link must stay valid for some time');
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSetPasswordToken(token), expiresAt: now + ttlMs };
}

/**
 * Whether a presented token is the stored one and may still be used. The store finds the row by the presented
 * token's hash; comparing again here, in constant time, keeps this check whole on its own.
 */
export function checkSetPasswordToken(presented: string, stored: StoredToken | null | undefined, now: number = Date.now()): TokenCheck {
  if (!stored || !TOKEN_SHAPE.test(presented)) return 'invalid';
  const a = Buffer.from(hashSetPasswordToken(presented), 'hex');
  const b = Buffer.from(stored.tokenHash, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'invalid';
  if (stored.usedAt != null) return 'used';
  if (now >= stored.expiresAt) return 'expired';
  return 'ok';
}

/** Builds the link the email carries: the site's set-password page with the token as a query parameter. */
export function setPasswordUrl(pageUrl: string, token: string): string {
  const url = new URL(pageUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
