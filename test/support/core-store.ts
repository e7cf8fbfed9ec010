// The store a test's core runs on, for the suites that run on both stores (the crash, fault and connectors' tests):
// SQLite in the core's data folder (the desktop), or a new PostgreSQL database of the run's private cluster (a team
// server: test/store/postgres/pg-core-store.ts, in the postgres project only, which starts the cluster). A suite file
// exports describe<Name>(store) and runs itself on SQLite at its bottom (whenRunAlone); a postgres-project file calls
// the same function with the PostgreSQL store. Assertions written in SQL read through `sql`, on either store.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { CoreOptions } from '../../src-main/core/create-core';

/** Read-only SQL for assertions, `?` placeholders, on whichever store the core runs; counts come back as numbers. */
export interface StoreSql {
  all<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of the first row (undefined when there is none). */
  value<T = unknown>(text: string, ...params: unknown[]): Promise<T>;
  /** The first column of every row. */
  column<T = unknown>(text: string, ...params: unknown[]): Promise<T[]>;
}

export interface OpenedCoreStore {
  /** What createCore takes to run on this store (nothing on SQLite: the data folder's own file). */
  core: Pick<CoreOptions, 'postgres'>;
  /** For a child process that opens a core on it (see childCoreStore). */
  env: Record<string, string>;
  sql: StoreSql;
  /** Lets the store go (the database dropped); the cores on it are closed first. */
  close(): Promise<void>;
}

export interface CoreStore {
  name: 'SQLite' | 'PostgreSQL';
  /**
   * The store of the cores whose data folder is `dataDir`: new and empty the first time, the same one again (a
   * restart) until it is closed, as the data folder's own file is on SQLite.
   */
  open(dataDir: string): Promise<OpenedCoreStore>;
}

const peeks = new Map<string, Database.Database>();

/**
 * A read-only connection of the test's own on a core's database file, for assertions written in SQL: the store hands
 * out no handle of its own. WAL lets it read every committed change while the core writes.
 */
export function peekDb(file: string): Database.Database {
  let db = peeks.get(file);
  if (!db) {
    db = new Database(file, { readonly: true, fileMustExist: true });
    peeks.set(file, db);
  }
  return db;
}

/** The file a core keeps in its data folder (config/data-dir.ts). */
const databaseFileOf = (dataDir: string) => join(dataDir, 'syncdesk.db');

function sqliteSql(file: string): StoreSql {
  // Opened on first use: the core creates the file.
  const db = () => {
    if (!existsSync(file)) throw new Error(`no database at ${file} yet: read it once a core has opened it`);
    return peekDb(file);
  };
  return {
    all: async <T>(text: string, ...params: unknown[]) => db().prepare(text).all(...params) as T[],
    get: async <T>(text: string, ...params: unknown[]) => db().prepare(text).get(...params) as T | undefined,
    value: async <T>(text: string, ...params: unknown[]) => db().prepare(text).pluck().get(...params) as T,
    column: async <T>(text: string, ...params: unknown[]) => db().prepare(text).pluck().all(...params) as T[],
  };
}

/** SQLite: the database file in the core's data folder; the data folder goes with the test. */
export const sqliteCoreStore: CoreStore = {
  name: 'SQLite',
  async open(dataDir) {
    return { core: {}, env: {}, sql: sqliteSql(databaseFileOf(dataDir)), close: async () => undefined };
  },
};

/**
 * Runs a suite on SQLite when its own file is the test file being run: a postgres-project file imports the suite's
 * describe function, and would otherwise run the SQLite half a second time. Call it at the suite file's bottom with
 * `import.meta.url`.
 */
export function whenRunAlone(suiteUrl: string, describeSuite: (store: CoreStore) => void): void {
  if (expect.getState().testPath === fileURLToPath(suiteUrl)) describeSuite(sqliteCoreStore);
}
