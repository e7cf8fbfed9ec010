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

export interface IssueView {
  path: string;
  message: string;
}

export interface AppError {
  code: ErrorCode;
  message: string;
  issues?: IssueView[];
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string, issues?: IssueView[]): Result<never> {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}
