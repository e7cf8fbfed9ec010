import { NotFound, UniqueViolation } from '../store-errors';

// SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** The store's own error for a PostgreSQL error it knows; anything else as it came. */
export function toStoreErrorPg(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === UNIQUE_VIOLATION) return new UniqueViolation((err as Error).message, { cause: err });
  if (code === FOREIGN_KEY_VIOLATION) return new NotFound((err as Error).message, { cause: err });
  return err;
}
