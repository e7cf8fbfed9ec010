import { ensureDataPaths } from '../config/data-dir';
import { lockDataDir } from '../config/data-dir-lock';
import { openDatabase } from '../store/database';
import { createRepositories } from '../store/repositories';
import { MIN_STAFF_PASSWORD, createStaffAccounts } from '../staff/staff-accounts';
import { StaffEmail } from '../../src-preload/contract';
import { AppErrorException } from '../errors/app-error';
import type { Repositories } from '../store/repositories';
import { openPgPool } from '../store/postgres/pool';
import { migratePg } from '../store/postgres/migrate';
import { createPgRepositories } from '../store/postgres/repositories';

export class CreateAdminError extends Error {}

/** The password for --create-admin: SYNCDESK_ADMIN_PASSWORD, else the first line on standard input. */
export async function adminPassword(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): Promise<string> {
  if (env.SYNCDESK_ADMIN_PASSWORD !== undefined) return env.SYNCDESK_ADMIN_PASSWORD;
  const chunks: Buffer[] = [];
  for await (const c of stdin) {
    chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/**
 * Creates a team server's admin: in the data folder's store (the server need not run; it must not hold the folder), or
 * with `database` in that PostgreSQL database (engines may be running on it).
 */
export async function createAdmin(opts: { dataDir: string; database?: string | null; email: string; password: string; now?: () => number }): Promise<string> {
  const email = StaffEmail.safeParse(opts.email);
  if (!email.success) throw new CreateAdminError(`"${opts.email}" is not an email address`);
  if (opts.password.length < MIN_STAFF_PASSWORD)
    throw new CreateAdminError(`the password needs at least ${MIN_STAFF_PASSWORD} characters (set SYNCDESK_ADMIN_PASSWORD or type it on standard input)`);
  const add = async (repos: Repositories) => {
    try {
      const user = await createStaffAccounts({ repos, now: opts.now ?? Date.now }).add({ email: email.data, name: email.data.split('@')[0]!, role: 'admin', password: opts.password });
      return `admin created: ${user.email} (id ${user.id})`;
    } catch (err) {
      if (err instanceof AppErrorException) throw new CreateAdminError(err.message);
      throw err;
    }
  };
  if (opts.database) {
    const pool = openPgPool(opts.database, { max: 1, applicationName: 'syncdesk create-admin' });
    try {
      await migratePg(pool);
      return await add(createPgRepositories(pool));
    } finally {
      await pool.end();
    }
  }
  const paths = ensureDataPaths(opts.dataDir);
  const lock = lockDataDir(paths.root);
  try {
    const db = openDatabase(paths.database);
    try {
      return await add(createRepositories(db));
    } finally {
      db.close();
    }
  } finally {
    lock.release();
  }
}
