import type { RemoteError } from '../engine/remote-error';

// A remote's failure as staff read it: the headline says what happened and what to do; the errno, the HTTP status and
// the remote's own words go under "Details".

const TECHNICAL = /\s*\((?:E[A-Z]+|UND_ERR_[A-Z_]+|TIMEOUT|timeout|fetch failed|HTTP \d{3})\)/g;

const WHAT_TO_DO: Partial<Record<RemoteError['kind'], string>> = {
  connectivity: 'Check the address and that the system is running, then try again.',
  rate_limited: 'The system asks SyncDesk to slow down: try again in a minute.',
  auth: 'Check the user name and password (or key) and save them again.',
  credentials_unavailable: 'The keychain is not reachable now: unlock or start it, then try again.',
};

// The system's own codes as the engine appends them to a reason: "connection refused (ECONNREFUSED)".
const CODES = /\s*\((?:E[A-Z]{2,}|UND_ERR_[A-Z_]+|TIMEOUT|timeout|fetch failed)\)/g;

/** A stored reason in staff's words: the errno cut out (it stays on the error's code, for Details). */
export function withoutCodes(text: string): string {
  return text.replace(CODES, '');
}

/** The technical detail to keep beside a plain reason: the remote's own text, and the code when it names none. */
export function detailOf(err: RemoteError): string | null {
  const details = err.extra.details ?? null;
  const code = err.extra.code;
  if (!code || details?.includes(code)) return details;
  return details ? `${details}\nCode: ${code}` : `Code: ${code}`;
}

export function plainRemote(err: RemoteError): { headline: string; detail: string | undefined } {
  let headline = err.message.replace(TECHNICAL, '').replace(/^credentials unavailable: /, 'The keychain did not answer: ').trim();
  headline = headline ? headline[0]!.toUpperCase() + headline.slice(1) : 'The remote system failed';
  if (!/[.!?]$/.test(headline)) headline += '.';
  const tip = WHAT_TO_DO[err.kind];
  if (tip && !headline.includes(tip)) headline += ` ${tip}`;
  const lines = [
    err.extra.code ? `Code: ${err.extra.code}` : null,
    err.extra.status ? `HTTP status: ${err.extra.status}` : null,
    err.extra.details ? `The remote said: ${err.extra.details}` : null,
    `Message: ${err.message}`,
  ].filter((l): l is string => l !== null);
  return { headline, detail: lines.length > 1 || headline !== err.message ? lines.join('\n') : undefined };
}
