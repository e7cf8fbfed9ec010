// The store the repository contract runs against. Each contract file exports describe<Aggregate>Contract(name,
// factory) and calls it for SQLite at its bottom; another store (PostgreSQL on a team server) calls the same
// functions with a factory of its own. The contract reaches the store only through the Repositories interface.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect } from 'vitest';
import { openDatabase } from '../../../src-main/store/database';
import { createRepositories, type Repositories } from '../../../src-main/store/repositories';

/** A fresh, empty store (every migration applied, no rows), and how to let it go; either may take a while. */
export type StoreFactory<R = Repositories> = () => StoreUnderTest<R> | Promise<StoreUnderTest<R>>;

export interface StoreUnderTest<R> {
  repos: R;
  close(): void | Promise<void>;
}

/**
 * A store with some of the aggregates (a store being ported has only those done): a contract asks for the ones it
 * uses, and both the whole SQLite store and a partial one satisfy it.
 */
export type StoreOf<K extends keyof Repositories> = Pick<Repositories, K> & {
  transaction<T>(work: (tx: StoreOf<K>) => T | Promise<T>): Promise<T>;
};

/**
 * The connector whose external customer id the customer list shows. Every factory builds its store with this one
 * as the customer identity (RepositoryOptions.customerIdentity on SQLite), so the customers contract can check it.
 */
export const IDENTITY_CONNECTOR = 'crm';

/** SQLite: a new database file in a temporary folder of its own, removed on close. */
export const sqliteStore: StoreFactory = () => {
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-contract-'));
  const db = openDatabase(join(dir, 'store.db'));
  return {
    repos: createRepositories(db, { customerIdentity: IDENTITY_CONNECTOR }),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** A fresh store for every test of the enclosing describe: call it there, read the store inside each test. */
export function freshStore<R>(factory: StoreFactory<R>): () => R {
  let current: StoreUnderTest<R> | null = null;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const done = current;
    current = null;
    await done?.close();
  });
  return () => {
    if (!current) throw new Error('the store is opened per test: read it inside it(), not at describe time');
    return current.repos;
  };
}

/**
 * Runs a contract against SQLite when its own file is the test file being run: another store's test file imports the
 * contract's describe function, and would otherwise run the SQLite half a second time. Call it at the contract
 * file's bottom with `import.meta.url`.
 */
export function onSqliteWhenRun(contractUrl: string, describeContract: (name: string, factory: StoreFactory) => void): void {
  if (expect.getState().testPath === fileURLToPath(contractUrl)) describeContract('SQLite', sqliteStore);
}
