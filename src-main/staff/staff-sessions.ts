import { createHash, randomBytes } from 'node:crypto';
import { createLoginThrottle, normaliseEmailKey, type LoginThrottle, type ThrottleAnswer } from '../customers/login-throttle';
import { needsRehash, hashPassword, verifyPassword } from '../customers/password-hash';
import type { Repositories } from '../store/repositories';
import type { StaffSessionRow, StaffUserRow } from '../store/staff-repo';

export interface StaffSessionOptions {
  /** A session not used for this long ends (sliding): 12 hours. */
  idleMs?: number;
  /**
   * Failed sign-ins: per email from one client address 5 in 15 minutes, per client address 20 in 15 minutes. The
   * email's count is kept per address so that an attacker who fails on every staff email locks out only their own
   * address, never the staff signing in from theirs.
   */
  perEmail?: LoginThrottle;
  perAddress?: LoginThrottle;
}

export type SignInAnswer =
  | { ok: true; token: string; user: StaffUserRow; session: StaffSessionRow }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export interface SignedIn {
  user: StaffUserRow;
  session: StaffSessionRow;
}

/** The cookie's token is random; the store keeps only this digest of it. */
export const tokenHashOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
// last_seen_at is written at most this often per session: a busy console does not write on every call.
const TOUCH_EVERY_MS = 60_000;

/** Staff sign-in on a team server: Argon2id verification, rate limits, and cookie sessions kept in the store. */
export function createStaffSessions(deps: { repos: Repositories; now: () => number }, options: StaffSessionOptions = {}) {
  const { repos, now } = deps;
  const idleMs = options.idleMs ?? 12 * 60 * 60 * 1000;
  const perEmail = options.perEmail ?? createLoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000, now });
  const perAddress = options.perAddress ?? createLoginThrottle({ maxFailures: 20, windowMs: 15 * 60_000, now });

  const emailKey = (email: string, address: string) => `${normaliseEmailKey(email).slice(0, 200)} from ${address}`;

  const refused = (...answers: ThrottleAnswer[]): SignInAnswer | null => {
    const waits = answers.flatMap((a) => (a.allowed ? [] : [a.retryAfterSeconds]));
    return waits.length === 0 ? null : { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(...waits) };
  };

  return {
    async signIn(email: string, password: string, address: string): Promise<SignInAnswer> {
      const key = emailKey(email, address);
      const before = refused(perEmail.check(key), perAddress.check(address));
      if (before) return before;
      const user = await repos.staff.byEmail(email);
      // An unknown or disabled user costs the same Argon2id work as a wrong password, and gets the same answer.
      const matches = await verifyPassword(user && !user.disabled ? user.passwordHash : null, password);
      if (!user || user.disabled || !matches) {
        // This attempt was verified, so it is answered as it was; the limit refuses the next one.
        perEmail.fail(key);
        perAddress.fail(address);
        return { ok: false, reason: 'wrong' };
      }
      perEmail.succeed(key);
      const t = now();
      const token = randomBytes(32).toString('base64url');
      const session: StaffSessionRow = {
        tokenHash: tokenHashOf(token),
        userId: user.id,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt: t,
        expiresAt: t + idleMs,
        lastSeenAt: t,
      };
      await repos.transaction(async (tx) => {
        await tx.staff.deleteExpiredSessions(t);
        await tx.staff.addSession(session);
        await tx.staff.recordSignIn(user.id, t);
      });
      if (needsRehash(user.passwordHash)) await repos.staff.setPasswordHash(user.id, await hashPassword(password));
      return { ok: true, token, user: { ...user, lastSignInAt: t }, session };
    },

    /** The user a cookie's token signs in, or null (unknown, expired, or the user disabled since). */
    async resolve(token: string | null | undefined): Promise<SignedIn | null> {
      if (!token || !TOKEN_SHAPE.test(token)) return null;
      const hash = tokenHashOf(token);
      const session = await repos.staff.session(hash);
      const t = now();
      if (!session) return null;
      if (session.expiresAt <= t) {
        await repos.staff.deleteSession(hash);
        return null;
      }
      const user = await repos.staff.byId(session.userId);
      if (!user || user.disabled) return null;
      if (t - session.lastSeenAt >= TOUCH_EVERY_MS) {
        await repos.staff.touchSession(hash, t, t + idleMs);
        return { user, session: { ...session, lastSeenAt: t, expiresAt: t + idleMs } };
      }
      return { user, session };
    },

    /** Whether a session still signs its user in (not ended, not expired, the user not disabled), without extending it. */
    async stillSignedIn(tokenHash: string): Promise<boolean> {
      const session = await repos.staff.session(tokenHash);
      if (!session || session.expiresAt <= now()) return false;
      const user = await repos.staff.byId(session.userId);
      return !!user && !user.disabled;
    },

    async signOut(token: string | null | undefined): Promise<void> {
      if (token && TOKEN_SHAPE.test(token)) await repos.staff.deleteSession(tokenHashOf(token));
    },
    idleMs,
  };
}

export type StaffSessions = ReturnType<typeof createStaffSessions>;
