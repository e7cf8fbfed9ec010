import type { AppError, Result } from '../../../src-preload/contract';
import { showError } from '../components/toaster';

/** Awaits a contract call; a transport that throws still yields a Result, so no screen ever sees an exception. */
export async function settle<T>(pending: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await pending;
  } catch (err) {
    return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
  }
}

/** Calls, shows a failure as a toast titled with what was attempted, and returns the data or undefined. */
export async function callOrToast<T>(what: string, pending: Promise<Result<T>>): Promise<T | undefined> {
  const result = await settle(pending);
  if (result.ok) return result.data;
  showError(what, result.error);
  return undefined;
}

/** Reshapes the data of a successful Result; a failure passes through as it is. */
export function mapOk<T, U>(result: Result<T>, fn: (data: T) => U): Result<U> {
  return result.ok ? { ok: true, data: fn(result.data) } : result;
}
