import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';

/**
 * Customer passwords are stored as Argon2id hashes with OWASP's parameters (Password Storage Cheat Sheet: 19 MiB,
 * 2 iterations, 1 lane), as a PHC string that carries its own salt and parameters.
 *
 * Only the async API is used: napi-rs runs it as async work on libuv's threadpool, so the main thread (the IPC router,
 * the job runner) keeps turning while a hash takes its ~100 ms. That pool has 4 threads unless UV_THREADPOOL_SIZE
 * says more, shared with fs and dns: a bulk import hashes at most that many at once.
 */
// Algorithm is a const enum in the binding's types and absent at run time: its value, spelled out (Argon2id = 2).
const ARGON2ID = 2 as Algorithm;

export const HASH_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The hash of a random password no one knows, with the same parameters: verifying an unknown email against it costs
 * what a wrong password costs, so the time taken does not tell which emails have accounts.
 */
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$2qgwWnM+0hOj5271M2pWAw$lnBRVXlevhUCpOfIm3PobUD0YAweQ9XRnyZ9dwtOeHg';

/** A password longer than this is refused before hashing: Argon2 takes any length, and the time grows with it. */
export const MAX_PASSWORD_LENGTH = 1_024;

export async function hashPassword(password: string): Promise<string> {
  if (password.length === 0) throw new RangeError('an empty password is not hashed');
  if (password.length > MAX_PASSWORD_LENGTH) throw new RangeError(`a password is at most ${MAX_PASSWORD_LENGTH} characters`);
  return hash(password, { algorithm: ARGON2ID, ...HASH_PARAMS });
}

/**
 * True when the password matches the stored hash. `stored` null (no such customer, or no password set) still costs
 * one full verification, against DUMMY_HASH, and answers false. A malformed stored hash answers false too.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const tooLong = password.length > MAX_PASSWORD_LENGTH;
  const target = stored && !tooLong ? stored : DUMMY_HASH;
  let ok: boolean;
  try {
    ok = await verify(target, tooLong ? '' : password);
  } catch {
    await verify(DUMMY_HASH, '').catch(() => false); // same cost as a real miss
    return false;
  }
  return ok && target === stored;
}

/** True when a stored hash was made with other parameters than today's: rehash it after the next good sign-in. */
export function needsRehash(stored: string): boolean {
  try {
    const p = parseOptions(stored);
    return p.algorithm !== ARGON2ID || p.memoryCost !== HASH_PARAMS.memoryCost || p.timeCost !== HASH_PARAMS.timeCost || p.parallelism !== HASH_PARAMS.parallelism;
  } catch {
    return true;
  }
}
