import Database from 'better-sqlite3';
import { LATEST_VERSION } from '../store/migrations';

export class CopyRefusedError extends Error {}

/**
 * Whether a file is a whole SyncDesk database this version can open: SQLite's integrity check passes and its schema is
 * not newer than ours. Opens the file itself read-write (callers hand it their own staged copy, never staff's original)
 * and leaves it in rollback-journal mode, so it is one self-contained file.
 */
export function checkDatabaseCopy(file: string): { schemaVersion: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (err) {
    throw new CopyRefusedError(`The file cannot be opened as a database (${(err as Error).message}).`);
  }
  try {
    let problems: string[];
    let version: number;
    try {
      db.pragma('journal_mode = DELETE');
      problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      throw new CopyRefusedError(`The file is not a readable SQLite database (${(err as Error).message}).`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok')
      throw new CopyRefusedError(`The copy is damaged; SQLite's integrity check found: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ' …' : ''}.`);
    if (version > LATEST_VERSION)
      throw new CopyRefusedError(`The copy was written by a newer SyncDesk (schema ${version}; this version knows up to ${LATEST_VERSION}). Update SyncDesk first.`);
    const tables = db.prepare(`SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('app_settings', 'connections', 'jobs')`).pluck().get() as number;
    if (version === 0 || tables < 3) throw new CopyRefusedError('The file is a database, but not a SyncDesk one.');
    return { schemaVersion: version };
  } finally {
    db.close();
  }
}
