// A private PostgreSQL cluster for a test run or a bench: initdb into a temporary folder, pg_ctl on a free port with a
// socket folder of its own, one role and database; stopped and removed at the end. Debian's packages put the
// binaries in /usr/lib/postgresql/<version>/bin, outside PATH; as root, the cluster runs as the postgres user (the
// server refuses to run as root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
  /** The cluster's role (allowed to create databases) on its first database, over TCP on 127.0.0.1. */
  url: string;
  /** The same server as its superuser (for CREATE DATABASE from a template, and dropping). */
  adminUrl: string;
  port: number;
  /** The cluster's folder: its data, its log and its socket; removed by stop(). */
  dir: string;
  /** Milliseconds from initdb to a server taking connections. */
  startMs: number;
  stop(): void;
}

/** initdb and pg_ctl: on PATH, or the newest of Debian's /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = onPath.status === 0 ? onPath.stdout.trim() : '';
  // A symbolic link (as /usr/local/bin/initdb may be) leads to the folder that holds pg_ctl too.
  if (found) return dirname(realpathSync(found));
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('PostgreSQL is not installed: no initdb on PATH or in /usr/lib/postgresql/*/bin (apt install postgresql)');
  return join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const SUPERUSER = 'postgres';
export const CLUSTER_ROLE = 'syncdesk';
export const CLUSTER_DATABASE = 'syncdesk';

/**
 * `durable`: the server's own defaults for fsync and synchronous commit (a bench that compares it with SQLite's
 * synchronous=FULL pays the same flushes); otherwise both are off, as tests want.
 */
export async function startCluster(options: { durable?: boolean } = {}): Promise<PgCluster> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'syncdesk-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', SUPERUSER, '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    // In the cluster's folder: the postgres user may not enter the caller's working folder, and pg_ctl needs one.
    const out = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir });
    if (out.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${tool} ${args.join(' ')} failed (${out.status}): ${out.stderr || out.stdout}\n${serverLog}`);
    }
    return out.stdout;
  };
  const started = performance.now();
  const port = await freePort();
  // Trust is fine for a throwaway cluster that listens on loopback and on a socket folder only its owner can enter.
  run('initdb', ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  // Durability is not what the tests check (the engine's crash tests kill the engine, not the server).
  const fast = options.durable ? [] : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'];
  writeFileSync(join(data, 'postgresql.auto.conf'), [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dir}'`,
    ...fast,
    'max_connections = 200',
    '',
  ].join('\n'));
  try {
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
    const admin = new pg.Client({ host: dir, port, user: SUPERUSER, database: 'postgres' });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${CLUSTER_ROLE} LOGIN CREATEDB`);
      // DROP DATABASE .. WITH (FORCE) ends the sessions still on it, an autovacuum worker among them after a test that
      // wrote a lot: without this role, ending that worker is refused and the drop fails.
      await admin.query(`GRANT pg_signal_backend TO ${CLUSTER_ROLE}`);
      await admin.query(`CREATE DATABASE ${CLUSTER_DATABASE} OWNER ${CLUSTER_ROLE}`);
    } finally {
      await admin.end();
    }
  } catch (err) {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // It never started.
    }
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const startMs = performance.now() - started;
  let stopped = false;
  return {
    url: `postgres://${CLUSTER_ROLE}@127.0.0.1:${port}/${CLUSTER_DATABASE}`,
    adminUrl: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    port,
    dir,
    startMs,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The same server and role, another database. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A new database beside the one at `url` (its role needs CREATEDB), empty or a copy of `template`. A file copy of a
 * small template takes tens of milliseconds; PostgreSQL 15's default (WAL_LOG, writing every page to the write-ahead
 * log) took a second here. Older servers copy files anyway and know no STRATEGY.
 */
export async function createDatabase(url: string, name: string, template?: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || (template !== undefined && !/^[a-z_][a-z0-9_]*$/.test(template))) throw new RangeError(`"${name}" is not a plain database name`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const version = Number((await admin.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]!.v);
    const strategy = version >= 150_000 ? ' STRATEGY FILE_COPY' : '';
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}${strategy}` : ''}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(url, name);
}

/** Drops a database made by createDatabase, closing whatever connections are still on it. */
export async function dropDatabase(url: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new RangeError(`"${name}" is not a plain database name`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
