// Errors the store owns, so nothing above it reads a driver's error codes (SQLite's today, PostgreSQL's later).

/** A write would break a uniqueness rule (a name, key or link that must be unique). */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
}

/** A write names a row that does not exist (a foreign key with nothing behind it). */
export class NotFound extends Error {
  override readonly name = 'NotFound';
}

/** Whether an error says another connection holds the database's lock (SQLite's busy or locked). */
export function isLockHeld(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** The store's own error for a driver error it knows; anything else as it came. */
export function toStoreError(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new UniqueViolation((err as Error).message, { cause: err });
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new NotFound((err as Error).message, { cause: err });
  return err;
}
