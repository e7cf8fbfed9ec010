import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { StaffRole } from '../../src-preload/contract';

export interface StaffUserRow {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
  lastSignInAt: number | null;
}

export interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  createdAt: number;
}

export interface StaffSessionRow {
  /** SHA-256 (hex) of the token the cookie carries. */
  tokenHash: string;
  userId: number;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

interface RawUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  disabled: number;
  created_at: number;
  last_sign_in_at: number | null;
}

interface RawSession {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

export const staffUserOf = (r: RawUser): StaffUserRow => ({
  id: Number(r.id),
  email: r.email,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  disabled: Number(r.disabled) === 1,
  createdAt: Number(r.created_at),
  lastSignInAt: r.last_sign_in_at === null ? null : Number(r.last_sign_in_at),
});

export const staffSessionOf = (r: RawSession): StaffSessionRow => ({
  tokenHash: r.token_hash,
  userId: Number(r.user_id),
  csrfToken: r.csrf_token,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  lastSeenAt: Number(r.last_seen_at),
});

/** Staff users (email unique whatever its case) and their sign-in sessions. */
export function createStaffRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO staff_users (email, name, role, password_hash, disabled, created_at) VALUES (lower(@email), @name, @role, @passwordHash, 0, @createdAt)
    RETURNING *`);
  const byId = db.prepare(`SELECT * FROM staff_users WHERE id = ?`);
  const byEmail = db.prepare(`SELECT * FROM staff_users WHERE email = lower(?)`);
  const list = db.prepare(`SELECT * FROM staff_users ORDER BY email`);
  const setRole = db.prepare(`UPDATE staff_users SET role = ? WHERE id = ? RETURNING *`);
  const setDisabled = db.prepare(`UPDATE staff_users SET disabled = ? WHERE id = ? RETURNING *`);
  const setHash = db.prepare(`UPDATE staff_users SET password_hash = ? WHERE id = ?`);
  const signedIn = db.prepare(`UPDATE staff_users SET last_sign_in_at = ? WHERE id = ?`);
  const activeAdmins = db.prepare(`SELECT COUNT(*) FROM staff_users WHERE role = 'admin' AND disabled = 0`).pluck();
  const addSession = db.prepare(`
    INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)
    VALUES (@tokenHash, @userId, @csrfToken, @createdAt, @expiresAt, @lastSeenAt)`);
  const session = db.prepare(`SELECT * FROM staff_sessions WHERE token_hash = ?`);
  const touch = db.prepare(`UPDATE staff_sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`);
  const dropSession = db.prepare(`DELETE FROM staff_sessions WHERE token_hash = ?`);
  const dropSessionsOf = db.prepare(`DELETE FROM staff_sessions WHERE user_id = ?`);
  const dropExpired = db.prepare(`DELETE FROM staff_sessions WHERE expires_at <= ?`);
  const user = (r: unknown) => (r === undefined ? undefined : staffUserOf(r as RawUser));
  return {
    add(u: NewStaffUser): StaffUserRow {
      return staffUserOf(insert.get(u) as RawUser);
    },
    byId: (id: number) => user(byId.get(id)),
    byEmail: (email: string) => user(byEmail.get(email.trim())),
    list: () => (list.all() as RawUser[]).map(staffUserOf),
    setRole: (id: number, role: StaffRole) => user(setRole.get(role, id)),
    setDisabled: (id: number, disabled: boolean) => user(setDisabled.get(disabled ? 1 : 0, id)),
    setPasswordHash(id: number, hash: string): void {
      setHash.run(hash, id);
    },
    recordSignIn(id: number, at: number): void {
      signedIn.run(at, id);
    },
    /** Admins who can sign in: the last one is never demoted or disabled. */
    activeAdminCount: () => activeAdmins.get() as number,
    addSession(s: StaffSessionRow): void {
      addSession.run(s);
    },
    session(tokenHash: string): StaffSessionRow | undefined {
      const r = session.get(tokenHash) as RawSession | undefined;
      return r && staffSessionOf(r);
    },
    touchSession(tokenHash: string, lastSeenAt: number, expiresAt: number): void {
      touch.run(lastSeenAt, expiresAt, tokenHash);
    },
    deleteSession(tokenHash: string): void {
      dropSession.run(tokenHash);
    },
    deleteSessionsOf(userId: number): number {
      return dropSessionsOf.run(userId).changes;
    },
    deleteExpiredSessions(now: number): number {
      return dropExpired.run(now).changes;
    },
  };
}

export type StaffRepo = AsyncRepo<ReturnType<typeof createStaffRepo>>;
