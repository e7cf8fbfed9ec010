import pg from 'pg';

const INT8 = 20;

// Ids, times (milliseconds) and counts are bigint columns; pg hands bigint back as text unless told. Every such value
// the store keeps is a safe integer, so it comes back as a number, as from SQLite; one that is not is refused rather
// than rounded.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 && format !== 'binary') {
      return (text: string) => {
        const n = Number(text);
        if (!Number.isSafeInteger(n)) throw new RangeError(`the database answered ${text}, beyond what a number holds exactly`);
        return n;
      };
    }
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

export interface PgPoolOptions {
  /** Connections at most (pg's default is 10). */
  max?: number;
  /** Shown in pg_stat_activity, so staff can tell the engines apart. */
  applicationName?: string;
}

/** A pool on the database at `url` (postgres://user@host:port/db), reading bigint columns as numbers. */
export function openPgPool(url: string, options: PgPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, application_name: options.applicationName ?? 'syncdesk' });
  // An idle connection the server closed (a restart, a dropped database) must not take the engine down with it.
  pool.on('error', () => undefined);
  return pool;
}
