import type { AppError, ChannelName, Result } from '../../../src-preload/contract';

function failure(message: string, code: AppError['code'] = 'internal'): Result<never> {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'data' in value;
  return v.ok === false && typeof v.error?.message === 'string' && typeof v.error?.code === 'string';
}

/**
 * POST /api/<channel> with the session token, or on a team server with the session cookie (sent by the browser) and
 * its CSRF token; the body is always a Result, even when the server answers 4xx/5xx.
 */
export function createHttpInvoke(token: string | { csrfToken: string }, baseUrl = '') {
  const auth: Record<string, string> = typeof token === 'string' ? { Authorization: `Bearer ${token}` } : { 'X-CSRF-Token': token.csrfToken };
  return async function invoke(channel: ChannelName, input: unknown): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    } catch (err) {
      return failure(`Cannot reach the SyncDesk server: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await response.text().catch(() => '');
    try {
      const parsed: unknown = JSON.parse(text);
      if (isResult(parsed)) return parsed;
    } catch {
      // Not JSON: fall through to a message built from the status.
    }
    if (response.status === 401 || response.status === 403) {
      if (typeof token !== 'string') return failure('Your session has ended: reload the page and sign in again.', 'forbidden');
      return failure('The session token was refused. Open the console from the address printed at start-up.', 'forbidden');
    }
    return failure(`The server answered ${response.status} ${response.statusText || ''}`.trim());
  };
}
