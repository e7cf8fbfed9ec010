// The case aggregates' names and searches behave as SQLite's whatever locale the database was created with: here a
// database whose default collation is ICU's en-US (which sorts "É" among the e's and lowers it to "é"), where the
// run's C-locale template would hide a query that leant on the database's collation.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migratePg } from '../../../src-main/store/postgres/migrate';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { createPgRepositories, type PgRepositories } from '../../../src-main/store/postgres/repositories';
import { describeCasesContract } from '../contract/cases.test';
import { describeReferencesContract } from '../contract/references.test';
import { describeTemplatesContract } from '../contract/templates.test';
import { IDENTITY_CONNECTOR, type StoreFactory } from '../contract/store-under-test';
import { databaseUrl, emptied } from './pg-store';

const DATABASE = `icu_en_${process.pid}`;

interface Sample {
  sorted: string[];
  folded: string;
}

async function onAdmin<T>(work: (admin: ReturnType<typeof openPgPool>) => Promise<T>): Promise<T> {
  const admin = openPgPool(inject('postgres').url, { max: 1 });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

let database: Promise<Sample> | null = null;

/**
 * A migrated database with en-US as its default collation, once per worker. Answers how that database itself sorts
 * and lowers a few words, so the test can show its collation is not SQLite's.
 */
async function icuDatabase(): Promise<Sample> {
  await onAdmin(async (admin) => {
    await admin.query(`CREATE DATABASE ${DATABASE} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`);
  });
  const pool = openPgPool(databaseUrl(inject('postgres').url, DATABASE), { max: 1 });
  try {
    await migratePg(pool);
    const { rows } = await pool.query<Sample>(
      `SELECT array_agg(n ORDER BY n) AS sorted, lower('ÉTUDE') AS folded FROM unnest(ARRAY['f', 'É', 'B', 'a']) AS n`);
    return rows[0]!;
  } finally {
    await pool.end();
  }
}

/** That database, emptied for each test (as the run's other PostgreSQL stores are). */
const icuStore: StoreFactory<PgRepositories> = async () => {
  database ??= icuDatabase();
  await database;
  const pool = openPgPool(databaseUrl(inject('postgres').url, DATABASE), { max: 2 });
  try {
    await emptied(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return { repos: createPgRepositories(pool, { customerIdentity: IDENTITY_CONNECTOR }), close: async () => await pool.end() };
};

afterAll(async () => {
  if (database) await onAdmin(async (admin) => await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
});

describe('PostgreSQL store on a database created with the en-US locale', () => {
  it('is a database whose own collation orders and folds text unlike SQLite', async () => {
    database ??= icuDatabase();
    // SQLite (and a C-locale database) would answer ['B', 'a', 'f', 'É'] and 'Étude'.
    expect(await database).toEqual({ sorted: ['a', 'B', 'É', 'f'], folded: 'étude' });
  });
});

describeReferencesContract('PostgreSQL (en-US database)', icuStore);
describeTemplatesContract('PostgreSQL (en-US database)', icuStore);
describeCasesContract('PostgreSQL (en-US database)', icuStore);
