import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Migration } from '../../../src-main/store/migrations';
import { migrateConnectorPg, migratePg, PgDatabaseTooNewError, pgSchemaVersion, SCHEMA_LOCK } from '../../../src-main/store/postgres/migrate';
import { PG_LATEST_VERSION, PG_MIGRATIONS } from '../../../src-main/store/postgres/pg-migrations';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { freshDatabase } from './pg-store';

const pools: pg.Pool[] = [];
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map(async (p) => await p.end()));
  await Promise.all(drops.splice(0).map(async (d) => await d()));
});

/** A database with no tables at all, and `n` pools on it (one per engine). */
async function emptyDatabase(n = 1): Promise<pg.Pool[]> {
  const db = await freshDatabase('empty');
  drops.push(db.drop);
  const made = Array.from({ length: n }, () => openPgPool(db.url, { max: 2 }));
  pools.push(...made);
  return made;
}

const applied = async (pool: pg.Pool) =>
  (await pool.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows;

/** Two toy migrations of a connector's own, numbered 1..2. */
const toyMigrations: Migration[] = [
  { version: 1, name: '0001_toy', sql: 'CREATE TABLE toy_things (id integer PRIMARY KEY, label text NOT NULL);' },
  { version: 2, name: '0002_toy_note', sql: 'ALTER TABLE toy_things ADD COLUMN note text;' },
];

describe('PostgreSQL migrations', () => {
  it('applies every migration to an empty database, records each, and finds nothing to do the second time', async () => {
    const [pool] = await emptyDatabase();
    expect(await pgSchemaVersion(pool!)).toBe(0);
    expect(await migratePg(pool!)).toBe(PG_LATEST_VERSION);
    expect(await applied(pool!)).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(await migratePg(pool!)).toBe(PG_LATEST_VERSION);
    expect((await applied(pool!)).length).toBe(PG_MIGRATIONS.length);
    const tables = (await pool!.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t);
    expect(tables).toEqual(expect.arrayContaining(['app_settings', 'connections', 'jobs', 'sync_runs', 'integration_log', 'connector_schema']));
  });

  it('lets three engines that start together migrate one database: each migration applied once, no one fails', async () => {
    const engines = await emptyDatabase(3);
    const versions = await Promise.all(engines.map(async (p) => await migratePg(p)));
    expect(versions).toEqual([PG_LATEST_VERSION, PG_LATEST_VERSION, PG_LATEST_VERSION]);
    expect(await applied(engines[0]!)).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('waits for the schema lock another engine holds, and migrates once it is let go', async () => {
    const [holder, engine] = await emptyDatabase(2);
    const other = await holder!.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      const migrating = migratePg(engine!);
      // The runner is queued on the lock (the server says so), and has written nothing yet.
      for (;;) {
        const waiting = await holder!.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1`, [SCHEMA_LOCK]);
        if (waiting.rowCount) break;
        await new Promise((done) => setTimeout(done, 10));
      }
      expect(await pgSchemaVersion(holder!)).toBe(0);
      await other.query('COMMIT');
      expect(await migrating).toBe(PG_LATEST_VERSION);
    } finally {
      other.release();
    }
  });

  it('migrates up to a version, then the rest; a failing migration leaves the database as it was', async () => {
    const [pool] = await emptyDatabase();
    const steps: Migration[] = [...PG_MIGRATIONS, { version: PG_LATEST_VERSION + 1, name: 'later', sql: 'CREATE TABLE later_things (id integer);' }];
    expect(await migratePg(pool!, steps, PG_LATEST_VERSION)).toBe(PG_LATEST_VERSION);
    expect(await pgSchemaVersion(pool!)).toBe(PG_LATEST_VERSION);
    const broken: Migration[] = [...steps, { version: PG_LATEST_VERSION + 2, name: 'broken', sql: 'CREATE TABLE nope (id no_such_type);' }];
    await expect(migratePg(pool!, broken)).rejects.toThrow(/no_such_type/);
    // Both steps were in one transaction: the good one went with the bad one.
    expect(await pgSchemaVersion(pool!)).toBe(PG_LATEST_VERSION);
    expect((await pool!.query(`SELECT to_regclass('later_things') AS t`)).rows[0].t).toBeNull();
    expect(await migratePg(pool!, steps)).toBe(PG_LATEST_VERSION + 1);
  });

  it('refuses a database a newer SyncDesk migrated, in plain words, and changes nothing', async () => {
    const [pool] = await emptyDatabase();
    await migratePg(pool!);
    await pool!.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, 0)', [PG_LATEST_VERSION + 1, 'from the future']);
    const refused = await migratePg(pool!).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PgDatabaseTooNewError);
    expect((refused as Error).message).toBe(
      `This database was written by a newer SyncDesk (schema ${PG_LATEST_VERSION + 1}; this version knows up to ${PG_LATEST_VERSION}). ` +
        'Update SyncDesk on every engine, or point --database at another database.');
    expect((await applied(pool!)).length).toBe(PG_MIGRATIONS.length + 1);
  });

  it("applies a connector's own migrations after the platform's, once, even with two engines at once", async () => {
    const [a, b] = await emptyDatabase(2);
    await migratePg(a!);
    expect(await Promise.all([migrateConnectorPg(a!, 'toy', toyMigrations.slice(0, 1)), migrateConnectorPg(b!, 'toy', toyMigrations.slice(0, 1))])).toEqual([1, 1]);
    expect(await Promise.all([migrateConnectorPg(a!, 'toy', toyMigrations), migrateConnectorPg(b!, 'toy', toyMigrations)])).toEqual([2, 2]);
    expect((await a!.query('SELECT connector_id, version FROM connector_schema')).rows).toEqual([{ connector_id: 'toy', version: 2 }]);
    await a!.query(`INSERT INTO toy_things (id, label, note) VALUES (1, 'one', 'noted')`);
    expect((await a!.query('SELECT label, note FROM toy_things')).rows).toEqual([{ label: 'one', note: 'noted' }]);
  });

  it("refuses a connector's tables from a newer version, and migrations not numbered 1..N", async () => {
    const [pool] = await emptyDatabase();
    await migratePg(pool!);
    await migrateConnectorPg(pool!, 'toy', toyMigrations);
    await expect(migrateConnectorPg(pool!, 'toy', toyMigrations.slice(0, 1))).rejects.toThrow(
      'The tables of the "toy" connector was written by a newer SyncDesk (schema 2; this version knows up to 1).');
    await expect(migrateConnectorPg(pool!, 'gappy', [toyMigrations[1]!])).rejects.toThrow(`the "gappy" connector's migrations must be numbered 1..N; found 2 at place 1`);
  });
});
