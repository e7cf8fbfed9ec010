// How a failed remote call is classified decides what the engine does next.
export type FailureKind =
  | 'connectivity' // refused, reset, timeout, 5xx: retried with backoff
  | 'rate_limited' // 429: retried after Retry-After
  | 'auth' // 401/403: the connection pauses until credentials are saved
  | 'credentials_unavailable' // the keychain did not answer: pause, no attempt burned
  | 'validation' // the remote refused the data: never retried
  | 'local' // a fault in SyncDesk itself, not the remote: retrying would not cure it, so never retried
  | 'in_doubt'; // an earlier attempt may have taken effect and reconciliation cannot tell: staff decide

export class RemoteError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** maybeApplied: the request may have reached the remote (a timeout or reset after sending). */
    readonly extra: { status?: number; retryAfterMs?: number; details?: string; code?: string; maybeApplied?: boolean } = {},
  ) {
    super(message);
    this.name = 'RemoteError';
  }

  get retryable(): boolean {
    return this.kind === 'connectivity' || this.kind === 'rate_limited';
  }
}

/** Failures before anything reached the remote: the connection was never made. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function codeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns whatever a call threw into a RemoteError. Network failures are transient (and, unless the connection was never
 * made, may have reached the remote); anything else thrown is a fault in SyncDesk itself, which no retry cures.
 */
export function classifyError(err: unknown): RemoteError {
  if (err instanceof RemoteError) return err;
  if ((err as { code?: string })?.code === 'keychain_unavailable')
    return new RemoteError('credentials_unavailable', `credentials unavailable: ${(err as Error).message}`);
  const name = (err as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new RemoteError('connectivity', 'the remote did not answer in time (timeout)', { code: 'TIMEOUT', maybeApplied: true });
  const code = codeOf(err);
  if (code) {
    const what: Record<string, string> = {
      ECONNREFUSED: 'connection refused',
      ECONNRESET: 'connection reset',
      UND_ERR_SOCKET: 'connection reset',
      ETIMEDOUT: 'connection timed out',
      ENOTFOUND: 'host not found',
    };
    return new RemoteError('connectivity', `${what[code] ?? 'network error'} (${code})`, { code, maybeApplied: !NOT_SENT_CODES.has(code) });
  }
  const msg = (err as Error)?.message ?? String(err);
  // fetch's own failure without a known cause: the network, not SyncDesk.
  if (err instanceof TypeError && msg === 'fetch failed') return new RemoteError('connectivity', 'network error (fetch failed)', { maybeApplied: true });
  return new RemoteError('local', `SyncDesk could not carry this out: ${msg}`);
}

export function classifyStatus(status: number, retryAfter: string | null, bodyExcerpt: string): RemoteError | null {
  if (status >= 200 && status < 300) return null;
  const tail = bodyExcerpt ? `: ${bodyExcerpt.slice(0, 300)}` : '';
  if (status === 401 || status === 403)
    return new RemoteError('auth', `credentials rejected (HTTP ${status})${tail}`, { status });
  if (status === 429)
    return new RemoteError('rate_limited', `rate limited (HTTP 429)${tail}`, { status, retryAfterMs: parseRetryAfter(retryAfter) });
  if (status >= 500 || status === 408)
    return new RemoteError('connectivity', `server error (HTTP ${status})${tail}`, { status });
  return new RemoteError('validation', `refused (HTTP ${status})${tail}`, { status });
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value.trim());
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const at = Date.parse(value);
  if (Number.isFinite(at)) return Math.max(0, at - now);
  return undefined;
}
