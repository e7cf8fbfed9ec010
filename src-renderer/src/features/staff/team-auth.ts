import type { AppError, StaffSession } from '../../../../src-preload/contract';
import { useStaffStore } from '../../api/staff-store';

export type MeAnswer = { kind: 'signed-in'; session: StaffSession } | { kind: 'signed-out' } | { kind: 'not-team' };

/** Asks the server who the session cookie signs in: a server without team mode has no /auth/ at all. */
export async function whoAmI(): Promise<MeAnswer> {
  const r = await fetch('/auth/me', { credentials: 'same-origin' });
  if (r.status === 200) return { kind: 'signed-in', session: ((await r.json()) as { data: StaffSession }).data };
  if (r.status === 401) return { kind: 'signed-out' };
  return { kind: 'not-team' };
}

export async function signIn(email: string, password: string): Promise<{ ok: true; session: StaffSession } | { ok: false; error: AppError }> {
  let r: Response;
  try {
    r = await fetch('/auth/sign-in', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: `Cannot reach the SyncDesk server: ${err instanceof Error ? err.message : String(err)}` } };
  }
  const body = (await r.json().catch(() => null)) as { ok: boolean; data?: StaffSession; error?: AppError } | null;
  if (body?.ok && body.data) return { ok: true, session: body.data };
  return { ok: false, error: body?.error ?? { code: 'internal', message: `The server answered ${r.status}.` } };
}

export async function signOut(): Promise<void> {
  const csrf = useStaffStore.getState().csrfToken ?? '';
  await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } }).catch(() => undefined);
  window.location.reload();
}
