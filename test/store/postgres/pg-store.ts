// The PostgreSQL store under test. Each test worker copies the run's migrated template (see global-setup.ts) once,
// and each test starts from it emptied: every table truncated, identities restarted (a few milliseconds, where a
// database per test took a few hundred on this machine).
import type pg from 'pg';
import { inject } from 'vitest';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { createPgRepositories, type PgRepositories } from '../../../src-main/store/postgres/repositories';
import { IDENTITY_CONNECTOR, type StoreFactory } from '../contract/store-under-test';
import { createDatabase, databaseUrl, dropDatabase } from '../../../src-main/bench/pg-cluster';

export interface PostgresUnderTest {
  /** The tests' role (allowed to create databases) on the cluster's first database. */
  url: string;
  startMs: number;
}

export const TEMPLATE_DATABASE = 'syncdesk_template';

export { databaseUrl };

let created = 0;

/** A new empty database on the run's cluster: from the migrated template, or with no tables at all. */
export async function freshDatabase(from: 'template' | 'empty' = 'template'): Promise<{ url: string; drop(): Promise<void> }> {
  const { url } = inject('postgres');
  const name = `t_${process.pid}_${++created}`;
  return { url: await createDatabase(url, name, from === 'template' ? TEMPLATE_DATABASE : undefined), drop: async () => await dropDatabase(url, name) };
}

let workerDatabase: Promise<string> | null = null;

/** The store's tables (not the record of applied migrations), each after every table that refers to it. */
async function tablesChildrenFirst(pool: pg.Pool): Promise<string[]> {
  const tables = (await pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`)).rows.map((r) => r.name);
  const edges = (await pool.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid <> c.confrelid`)).rows;
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (t: string) => {
    if (placed.has(t)) return;
    placed.add(t);
    for (const e of edges) if (e.parent === t) visit(e.child);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

let tables: Promise<string[]> | null = null;

/**
 * Empties every table of the store, as a fresh copy of the template is: DELETE, in one round trip, children first
 * (on tables this small it takes milliseconds, where TRUNCATE's new files took a few hundred).
 */
export async function emptied(pool: pg.Pool): Promise<void> {
  tables ??= tablesChildrenFirst(pool);
  await pool.query((await tables).map((t) => `DELETE FROM "${t}";`).join(' '));
}

/** PostgreSQL: the worker's copy of the migrated template, emptied, through a pool of its own. */
export const postgresStore: StoreFactory<PgRepositories> = async () => {
  workerDatabase ??= freshDatabase().then((d) => d.url);
  const pool = openPgPool(await workerDatabase, { max: 4 });
  try {
    await emptied(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return {
    repos: createPgRepositories(pool, { customerIdentity: IDENTITY_CONNECTOR }),
    async close() {
      await pool.end();
    },
  };
};
