import { classifyError, RemoteError } from '../engine/remote-error';
import { createRedactor } from '../engine/redactor';

/** What nodemailer puts on the errors it throws (the parts we read). */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  originalCode?: string;
  rejected?: string[];
}

/** The connection was never made: nothing can have been sent. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EDNS']);

/** Auth replies: 530 authentication required, 534 mechanism too weak, 535 credentials invalid, 538 encryption required. */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);

/** The server's first line, cut short, with the known secrets and anything credential-shaped masked. */
function serverReply(response: string | undefined, secrets: readonly (string | null | undefined)[]): string | undefined {
  if (!response) return undefined;
  const redactor = createRedactor();
  for (const s of secrets) redactor.remember(s);
  return redactor.redact(response.split(/\r?\n/)[0]!.slice(0, 200));
}

/** "550 5.1.1" from "550 5.1.1 Mailbox unavailable…": the codes, which carry no server-chosen text. */
function replyCodes(status: number, response: string | undefined): string {
  const enhanced = response?.match(/^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/)?.[1];
  return enhanced ? `SMTP ${status} ${enhanced}` : `SMTP ${status}`;
}

/**
 * Turns what nodemailer threw into the engine's RemoteError. The message is plain words and the reply codes; the
 * server's own words go to `details` (masked). Neither ever holds the message, whose body may carry a password:
 * nothing here reads it.
 *
 * - connection failures (refused, timed out, socket errors, a connection dropped half way) and 4xx replies:
 *   'connectivity', retried with backoff;
 * - 5xx replies (a recipient that does not exist, a refused sender or message): 'validation', tried once;
 * - 530/534/535/538 and other sign-in failures: 'auth', the connection pauses until the settings are saved.
 *
 * `secrets` are values to mask should a server echo them (the SMTP password).
 */
export function classifySmtpError(err: unknown, secrets: readonly (string | null | undefined)[] = []): RemoteError {
  if (err instanceof RemoteError) return err;
  const e = (err ?? {}) as SmtpFailure;
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const details = serverReply(e.response, secrets);
  const extra = (more: Partial<RemoteError['extra']> = {}) => ({ ...(status ? { status } : {}), ...(details ? { details } : {}), code: e.code, ...more });

  if (e.code === 'EAUTH' || e.code === 'ENOAUTH' || (status !== undefined && AUTH_REPLIES.has(status))) {
    const why =
      e.code === 'ENOAUTH'
        ? 'the mail server needs a user name and password, and none is set'
        : status === 538 || status === 534
          ? 'the mail server will not accept this way of signing in; try Security: STARTTLS or TLS'
          : status === 530
            ? 'the mail server needs you to sign in; set the user name and password'
            : 'the mail server refused the user name or password';
    return new RemoteError('auth', status ? `${why} (${replyCodes(status, e.response)})` : why, extra({ maybeApplied: false }));
  }

  if (status !== undefined && status >= 400) {
    const codes = replyCodes(status, e.response);
    // 503 is "bad sequence of commands": the session was in the wrong state, not the message refused (RFC 5321).
    if (status < 500 || status === 503) {
      const what = status === 421 ? 'the mail server is not taking mail right now' : 'the mail server could not take the message just now';
      return new RemoteError('connectivity', `${what}; it will be tried again (${codes})`, extra({ maybeApplied: false }));
    }
    const what =
      e.command === 'RCPT TO'
        ? (e.rejected?.length ?? 0) > 0
          ? `the mail server refused the recipient address${(e.rejected?.length ?? 0) > 1 ? 'es' : ''} (no such mailbox, or not allowed)`
          : 'the mail server refused the recipient address (no such mailbox, or not allowed)'
        : e.command === 'MAIL FROM'
          ? 'the mail server refused the From address; check Settings > Email'
          : 'the mail server refused the message';
    return new RemoteError('validation', `${what} (${codes})`, extra({ maybeApplied: false }));
  }

  switch (e.code) {
    case 'ESOCKET':
    case 'EDNS':
    case 'ECONNECTION':
    case 'ETIMEDOUT':
    case 'EPROTOCOL':
    case 'EMAXLIMIT':
    case 'ETLS':
    case 'EPROXY': {
      const cause = e.originalCode ?? (e.code === 'ESOCKET' ? socketCodeFromMessage(err) : undefined);
      const never = (cause && NEVER_CONNECTED.has(cause)) || e.code === 'EDNS';
      const what =
        cause === 'ECONNREFUSED'
          ? 'the mail server refused the connection (is the host and port right, and is it running?)'
          : cause === 'ENOTFOUND' || cause === 'EAI_AGAIN' || e.code === 'EDNS'
            ? 'the mail server\'s host name was not found'
            : e.code === 'ETIMEDOUT' || cause === 'ETIMEDOUT'
              ? 'the mail server did not answer in time'
              : e.code === 'ETLS'
                ? 'a secure connection to the mail server could not be set up (check the Security setting)'
                : e.code === 'ECONNECTION'
                  ? 'the connection to the mail server closed unexpectedly'
                  : e.code === 'EPROTOCOL'
                    ? 'the mail server gave an answer that is not SMTP (check the port and Security setting)'
                    : 'the connection to the mail server failed';
      const label = cause && cause !== e.code ? `${e.code}, ${cause}` : e.code;
      // Without a reply to the end of DATA nobody knows whether the server kept the message.
      return new RemoteError('connectivity', `${what}; it will be tried again (${label})`, extra({ maybeApplied: !never, code: cause ?? e.code }));
    }
    case 'EENVELOPE':
      return new RemoteError('validation', 'the message has no valid recipient or sender address', extra({ maybeApplied: false }));
    default:
      break;
  }
  // Plain socket errors (no nodemailer wrapping) and anything else: the engine's own rules.
  return classifyError(err);
}

/** ESOCKET hides the socket's code in its message on some paths ("connect ECONNREFUSED 127.0.0.1:25"). */
function socketCodeFromMessage(err: unknown): string | undefined {
  const m = String((err as Error)?.message ?? '').match(/\b(E[A-Z_]{3,})\b/);
  return m?.[1];
}
