// The PostgreSQL store for the suites that run a whole core on both stores (test/support/core-store.ts): each data
// folder gets a database of its own, copied from the run's migrated template, as a team server's engine opens it
// with `serve --database` (its migrations found applied, the connectors' own applied at start, pg-boss installed by
// the first core). Assertions' SQL is SQLite's with `?` placeholders, turned into PostgreSQL's `$n`.
import pg from 'pg';
import type { CoreStore, OpenedCoreStore, StoreSql } from '../../support/core-store';
import { childEnvFor, postgresCoreOptions } from '../../support/child-store';
import { freshDatabase } from './pg-store';

const INT8 = 20;
const NUMERIC = 1700;

// Counts (bigint) and sums of bigints (numeric) come back as numbers, as SQLite answers them.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** `?` placeholders (outside quoted text) as `$1`, `$2`, ... */
export function numbered(text: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}

function pgSql(pool: pg.Pool): StoreSql {
  const rows = async (text: string, params: unknown[]) => (await pool.query({ text: numbered(text), values: params, rowMode: 'array' })).rows as unknown[][];
  const objects = async <T>(text: string, params: unknown[]) => (await pool.query(numbered(text), params)).rows as T[];
  return {
    all: async <T>(text: string, ...params: unknown[]) => await objects<T>(text, params),
    get: async <T>(text: string, ...params: unknown[]) => (await objects<T>(text, params))[0],
    value: async <T>(text: string, ...params: unknown[]) => (await rows(text, params))[0]?.[0] as T,
    column: async <T>(text: string, ...params: unknown[]) => (await rows(text, params)).map((r) => r[0] as T),
  };
}

const open = new Map<string, Promise<OpenedCoreStore>>();

async function openDatabase(dataDir: string): Promise<OpenedCoreStore> {
  const db = await freshDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 2, types });
  pool.on('error', () => undefined);
  return {
    core: postgresCoreOptions(db.url),
    env: childEnvFor(db.url),
    sql: pgSql(pool),
    async close() {
      open.delete(dataDir);
      await pool.end();
      await db.drop();
    },
  };
}

/** PostgreSQL: a database per data folder, the same one for every core started on that folder until it is closed. */
export const postgresCoreStore: CoreStore = {
  name: 'PostgreSQL',
  async open(dataDir) {
    let opened = open.get(dataDir);
    if (!opened) {
      opened = openDatabase(dataDir);
      open.set(dataDir, opened);
      opened.catch(() => open.delete(dataDir));
    }
    return await opened;
  },
};
