// The PostgreSQL server the server bench runs on: a private cluster of its own (initdb into a temporary folder, with the
// server's own durability defaults), or the server of `--database URL` / SYNCDESK_DATABASE_URL. Either way each round
// gets a scratch database of its own beside it, a copy of one migrated template (pg-boss's schema in it), dropped at
// the end: the given database itself is never written to.
import { join } from 'node:path';
import { openPgPool } from '../store/postgres/pool';
import { migratePg } from '../store/postgres/migrate';
import { createPgRepositories } from '../store/postgres/repositories';
import { createPgBossJobQueue } from '../team-server/pg-boss-queue';
import { CERM_ID } from '../connectors/cerm';
import { CONFIRM_ID } from '../connectors/confirm';
import { withoutPassword } from '../core/open-store';
import { createDatabase, databaseUrl, dropDatabase, startCluster } from './pg-cluster';

export interface BenchPg {
  /** Where the server is, as the table says it (the password masked). */
  where: string;
  /** The cluster's data folder when the bench started it (its CPU time is then read from /proc), else null. */
  dataDir: string | null;
  /** The server's fsync and synchronous_commit settings. */
  durability: { fsync: string; synchronousCommit: string };
  /** A new database with the platform's migrations and pg-boss's schema applied. */
  newDatabase(): Promise<string>;
  close(): Promise<void>;
}

/** The connectors the bench's cores run: a pg-boss queue each. */
const QUEUES = [CERM_ID, CONFIRM_ID];

const isPrivilegeError = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '42501';

export async function openBenchPg(database: string | undefined): Promise<BenchPg> {
  const cluster = database ? null : await startCluster({ durable: true });
  const url = database ?? cluster!.url;
  const prefix = `syncdesk_bench_${process.pid}`;
  const made: string[] = [];
  const drop = async () => {
    for (const name of made.splice(0).reverse()) await dropDatabase(url, name).catch(() => undefined);
  };
  try {
    const template = `${prefix}_template`;
    try {
      await createDatabase(url, template);
    } catch (err) {
      if (!isPrivilegeError(err)) throw err;
      throw new Error(`the bench makes scratch databases beside ${withoutPassword(url)} and drops them at the end; its role may not create databases (ALTER ROLE ... CREATEDB)`, { cause: err });
    }
    made.push(template);
    const pool = openPgPool(databaseUrl(url, template), { max: 1 });
    let durability;
    try {
      await migratePg(pool);
      // pg-boss's schema and the connectors' queues too: every round's engines would otherwise install them again.
      const queue = await createPgBossJobQueue({ repos: createPgRepositories(pool), url: databaseUrl(url, template), connectorIds: QUEUES, now: Date.now });
      await queue.close();
      const setting = async (name: string) => (await pool.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0]!.v;
      durability = { fsync: await setting('fsync'), synchronousCommit: await setting('synchronous_commit') };
    } finally {
      await pool.end();
    }
    return {
      where: cluster ? `a private cluster on 127.0.0.1:${cluster.port}` : withoutPassword(url),
      dataDir: cluster ? join(cluster.dir, 'data') : null,
      durability,
      async newDatabase() {
        const name = `${prefix}_${made.length}`;
        const copy = await createDatabase(url, name, template);
        made.push(name);
        return copy;
      },
      async close() {
        await drop();
        cluster?.stop();
      },
    };
  } catch (err) {
    await drop();
    cluster?.stop();
    throw err;
  }
}
