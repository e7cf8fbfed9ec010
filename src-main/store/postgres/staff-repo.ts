import type { StaffRole } from '../../../src-preload/contract';
import { staffSessionOf, staffUserOf, type NewStaffUser, type StaffRepo, type StaffSessionRow } from '../staff-repo';
import type { PgSession } from './pg-session';

type Raw = Parameters<typeof staffUserOf>[0];
type RawSession = Parameters<typeof staffSessionOf>[0];

export function createPgStaffRepo(db: PgSession): StaffRepo {
  const user = (r: Raw | undefined) => (r === undefined ? undefined : staffUserOf(r));
  return {
    async add(u: NewStaffUser) {
      const r = await db.one<Raw>(
        `INSERT INTO staff_users (email, name, role, password_hash, disabled, created_at) VALUES (lower($1), $2, $3, $4, 0, $5) RETURNING *`,
        [u.email, u.name, u.role, u.passwordHash, u.createdAt],
      );
      return staffUserOf(r!);
    },
    byId: async (id: number) => user(await db.one<Raw>(`SELECT * FROM staff_users WHERE id = $1`, [id])),
    byEmail: async (email: string) => user(await db.one<Raw>(`SELECT * FROM staff_users WHERE lower(email) = lower($1)`, [email.trim()])),
    list: async () => (await db.rows<Raw>(`SELECT * FROM staff_users ORDER BY email`)).map(staffUserOf),
    setRole: async (id: number, role: StaffRole) => user(await db.one<Raw>(`UPDATE staff_users SET role = $1 WHERE id = $2 RETURNING *`, [role, id])),
    setDisabled: async (id: number, disabled: boolean) =>
      user(await db.one<Raw>(`UPDATE staff_users SET disabled = $1 WHERE id = $2 RETURNING *`, [disabled ? 1 : 0, id])),
    async setPasswordHash(id: number, hash: string) {
      await db.query(`UPDATE staff_users SET password_hash = $1 WHERE id = $2`, [hash, id]);
    },
    async recordSignIn(id: number, at: number) {
      await db.query(`UPDATE staff_users SET last_sign_in_at = $1 WHERE id = $2`, [at, id]);
    },
    activeAdminCount: async () =>
      Number((await db.one<{ n: string }>(`SELECT COUNT(*) AS n FROM staff_users WHERE role = 'admin' AND disabled = 0`))!.n),
    async addSession(s: StaffSessionRow) {
      await db.query(
        `INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [s.tokenHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt, s.lastSeenAt],
      );
    },
    async session(tokenHash: string) {
      const r = await db.one<RawSession>(`SELECT * FROM staff_sessions WHERE token_hash = $1`, [tokenHash]);
      return r && staffSessionOf(r);
    },
    async touchSession(tokenHash: string, lastSeenAt: number, expiresAt: number) {
      await db.query(`UPDATE staff_sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3`, [lastSeenAt, expiresAt, tokenHash]);
    },
    async deleteSession(tokenHash: string) {
      await db.query(`DELETE FROM staff_sessions WHERE token_hash = $1`, [tokenHash]);
    },
    deleteSessionsOf: async (userId: number) => await db.changes(`DELETE FROM staff_sessions WHERE user_id = $1`, [userId]),
    deleteExpiredSessions: async (now: number) => await db.changes(`DELETE FROM staff_sessions WHERE expires_at <= $1`, [now]),
  };
}
