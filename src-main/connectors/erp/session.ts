// The ERP's cookie sessions, shared by every client of one connection in this process: a run, its jobs and a test
// connection sign in once between them, so the license's few API user slots are not used up. The last client to close
// signs the session out.
import { tokenKey, type TokenKey } from '../../engine/token-cache';
import type { ErpSettings } from './settings';

export interface SharedSession {
  /** The Cookie header to send; null until signed in, or after the ERP refused it. */
  cookie: string | null;
  /** The sign-in in flight, joined by every caller. */
  opening: Promise<string> | null;
  users: number;
}

const sessions = new Map<TokenKey, SharedSession>();

/** What a session is filed under: the address, endpoint, user, password and tenant (a settings change never reuses one). */
export function sessionKey(s: ErpSettings): TokenKey {
  return tokenKey('erp', s.baseUrl, s.username, s.password, s.tenant);
}

export function acquireSession(key: TokenKey, shared: boolean): SharedSession {
  if (!shared) return { cookie: null, opening: null, users: 1 };
  let s = sessions.get(key);
  if (!s) sessions.set(key, (s = { cookie: null, opening: null, users: 0 }));
  s.users++;
  return s;
}

/** True when the caller was the last user: it signs the session out. */
export function releaseSession(key: TokenKey, s: SharedSession): boolean {
  s.users--;
  if (s.users > 0) return false;
  if (sessions.get(key) === s) sessions.delete(key);
  return true;
}

/** Forgets every shared session without signing out (tests that restart the simulator). */
export function forgetErpSessions(): void {
  sessions.clear();
}
