// Errors cross the bridge as data: a closed set of codes the renderer can act on.
export const ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'not_found',
  'conflict',
  'keychain_unavailable',
  'connection_failed',
  'credentials_rejected',
  'forbidden',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a schema refused, so a screen can word it with the field's own label (issue-words.ts). */
export type IssueRule =
  | 'required'
  | 'too_long'
  | 'too_short'
  | 'too_small'
  | 'too_big'
  | 'too_few'
  | 'too_many'
  | 'number'
  | 'email'
  | 'url'
  | 'choice'
  | 'format'
  | 'unknown';

export interface IssueView {
  /** The field the issue is about, as the channel's input names it ("rows.0.source"); never shown as it is. */
  path: string;
  /** Plain words that stand alone, without the field's name. */
  message: string;
  rule?: IssueRule;
  limit?: number;
}

export interface AppError {
  code: ErrorCode;
  /** The headline: what happened and what to do, in the words of the screen. */
  message: string;
  issues?: IssueView[];
  /** Technical detail (an errno, the remote's own text) for a "Details" disclosure, never the headline. */
  detail?: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, issues?: IssueView[], detail?: string): Result<never> {
  return { ok: false, error: { code, message, ...(issues ? { issues } : {}), ...(detail ? { detail } : {}) } };
}
