// Which store the core runs on: the desktop's SQLite file in the data folder (held by the data-folder lock), or a team
// server's PostgreSQL database (`serve --database`), where the database itself coordinates the engines sharing it and
// connection secrets are sealed in it with the server's key.
import { startPgConfigCache, type PgConfigCache } from '../store/postgres/pg-config-cache';
import type pg from 'pg';
import type { Connector } from '../connectors/connector';
import type { DataPaths } from '../config/data-dir';
import type { Repositories } from '../store/repositories';
import type { EncryptionKeys } from '../secrets/encryption-keys';
import { lockDataDir } from '../config/data-dir-lock';
import { openDatabase } from '../store/database';
import { createRepositories } from '../store/repositories';
import { createPgRegistry, createRegistry, type ConnectorRegistry } from '../connectors/registry';
import { applyStagedRestore } from '../ops/restore';
import { openPgPool } from '../store/postgres/pool';
import { migratePg } from '../store/postgres/migrate';
import { PgSession } from '../store/postgres/pg-session';
import { createPgRepositories, type PgRepositories } from '../store/postgres/repositories';
import { createDatabaseCredentialStore, type DatabaseCredentialStore } from '../secrets/database-credential-store';

/** A team server's database: `postgres://user@host:port/db`, and the key its secrets are sealed with. */
export interface PostgresChoice {
  url: string;
  keys: EncryptionKeys;
  /** Connections this engine's pool opens at most. */
  poolMax?: number;
}

export interface OpenedStore {
  repos: Repositories;
  registry: ConnectorRegistry;
  /** PostgreSQL: the sealed secrets in the database; null on the desktop (the OS keychain). */
  credentials: DatabaseCredentialStore | null;
  /**
   * A team server's database, null on the desktop: its URL, the engine's pool (the event relay sends on it), and the
   * same store as `repos` typed as the PostgreSQL store (the job queue joins its transactions).
   */
  postgres: { url: string; pool: pg.Pool; repos: PgRepositories } | null;
  close(): Promise<void>;
}

const customerIdentityOf = (registry: ConnectorRegistry) => registry.all().find((c) => c.customerIdentity)?.id ?? null;

export async function openStore(opts: { paths: DataPaths; connectors: Connector[]; postgres?: PostgresChoice; now: () => number; onInfo: (message: string) => void }): Promise<OpenedStore> {
  return opts.postgres ? await openPostgres(opts.postgres, opts.connectors, opts.now, opts.onInfo) : openSqlite(opts.paths, opts.connectors, opts.now, opts.onInfo);
}

function openSqlite(paths: DataPaths, connectors: Connector[], now: () => number, onInfo: (message: string) => void): OpenedStore {
  const lock = lockDataDir(paths.root);
  let db;
  try {
    // A restore staged by the last run goes in before anything opens the database.
    const restored = applyStagedRestore(paths, now());
    if (restored) onInfo(restored);
    db = openDatabase(paths.database);
  } catch (err) {
    lock.release();
    throw err;
  }
  let registry: ConnectorRegistry;
  try {
    registry = createRegistry(connectors, db);
  } catch (err) {
    db.close();
    lock.release();
    throw err;
  }
  const open = db;
  return {
    repos: createRepositories(open, { customerIdentity: customerIdentityOf(registry) }),
    registry,
    credentials: null,
    postgres: null,
    async close() {
      open.close();
      lock.release();
    },
  };
}

async function openPostgres(choice: PostgresChoice, connectors: Connector[], now: () => number, onInfo: (message: string) => void): Promise<OpenedStore> {
  const pool = openPgPool(choice.url, { max: choice.poolMax ?? 10, applicationName: 'syncdesk engine' });
  let configCache: PgConfigCache | null = null;
  try {
    // Under the schema lock: engines starting together take turns, the first applies what is missing.
    await migratePg(pool);
    const session = new PgSession(pool);
    const registry = await createPgRegistry(connectors, session);
    configCache = startPgConfigCache({ connectionString: choice.url, application_name: 'syncdesk config' }, { onStatus: onInfo });
    const repos = createPgRepositories(pool, { customerIdentity: customerIdentityOf(registry), configCache }, session);
    const cache = configCache;
    return {
      repos,
      registry,
      credentials: createDatabaseCredentialStore(repos.secrets, choice.keys, now),
      postgres: { url: choice.url, pool, repos },
      close: async () => {
        await cache.close();
        await pool.end();
      },
    };
  } catch (err) {
    await configCache?.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && !err.message.includes(' connector '))
      throw new Error(`the team server's database (${withoutPassword(choice.url)}) did not open: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The database's address as it may be shown and logged. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an address that is not a URL';
  }
}
