// PostgreSQL's migrations: numbered SQL applied forward-only in one transaction under an advisory lock, so engines
// that start together on one database take turns: the first applies what is missing, the others then find nothing to
// do. The versions applied are rows of schema_migrations (PostgreSQL has no user_version).
import type pg from 'pg';
import type { Migration } from '../migrations';
import { PG_MIGRATIONS } from './pg-migrations';

/** The advisory lock every schema change of SyncDesk takes ('SDSK' as a number): one at a time per database. */
export const SCHEMA_LOCK = 0x5344_534b;

export class PgDatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
    what = 'This database',
  ) {
    super(
      `${what} was written by a newer SyncDesk (schema ${found}; this version knows up to ${supported}). ` +
        'Update SyncDesk on every engine, or point --database at another database.',
    );
  }
}

function checkNumbering(migrations: readonly Migration[], whose: string): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${whose} migrations must be numbered 1..N; found ${m.version} at place ${i + 1}`);
  });
}

/** Runs the work in one transaction that holds the schema lock: the lock ends with the transaction. */
async function underSchemaLock<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Applies the platform's pending migrations (up to `target`); answers the version the database is at. */
export async function migratePg(pool: pg.Pool, migrations: readonly Migration[] = PG_MIGRATIONS, target: number = migrations.length): Promise<number> {
  checkNumbering(migrations, 'PostgreSQL');
  return await underSchemaLock(pool, async (client) => {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    const latest = migrations.length;
    if (current > latest) throw new PgDatabaseTooNewError(current, latest);
    for (const m of migrations.filter((m) => m.version > current && m.version <= target)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
    }
    return Math.max(current, Math.min(target, latest));
  });
}

/** The platform's schema version of a database (0 before the first migration). */
export async function pgSchemaVersion(pool: pg.Pool): Promise<number> {
  const table = await pool.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!table.rows[0]?.t) return 0;
  const { rows } = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

/**
 * A connector's own numbered migrations, after the platform's: tracked per connector in connector_schema, applied
 * under the same lock; a version newer than the connector knows is refused.
 */
export async function migrateConnectorPg(pool: pg.Pool, connectorId: string, migrations: readonly Migration[]): Promise<number> {
  checkNumbering(migrations, `the "${connectorId}" connector's`);
  return await underSchemaLock(pool, async (client) => {
    const { rows } = await client.query<{ version: number }>('SELECT version FROM connector_schema WHERE connector_id = $1', [connectorId]);
    const current = rows[0]?.version ?? 0;
    const latest = migrations.length;
    if (current > latest) throw new PgDatabaseTooNewError(current, latest, `The tables of the "${connectorId}" connector`);
    for (const m of migrations.slice(current)) {
      await client.query(m.sql);
      await client.query(
        `INSERT INTO connector_schema (connector_id, version, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (connector_id) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at`,
        [connectorId, m.version, Date.now()],
      );
    }
    return latest;
  });
}
