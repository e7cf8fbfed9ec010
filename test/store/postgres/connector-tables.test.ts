// Connectors' own tables on a team server: the shipped connectors' PostgreSQL migrations and repositories, through the
// registry a `serve --database` start builds, and the refusal of a connector that has a SQLite side only.
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPgRegistry, shippedConnectors } from '../../../src-main/connectors/registry';
import type { AccountingRepo } from '../../../src-main/connectors/accounting/repositories';
import type { AsyncRepo } from '../../../src-main/store/serial-writer';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { PgSession } from '../../../src-main/store/postgres/pg-session';
import { createPgRepositories } from '../../../src-main/store/postgres/repositories';
import { freshDatabase } from './pg-store';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function open(): Promise<pg.Pool> {
  const db = await freshDatabase();
  const pool = openPgPool(db.url, { max: 2 });
  cleanup = async () => {
    await pool.end();
    await db.drop();
  };
  return pool;
}

describe("connectors' own tables on PostgreSQL", () => {
  it('applies every shipped connector\'s PostgreSQL migrations once, and the accounting links work inside the store\'s transactions', async () => {
    const pool = await open();
    const session = new PgSession(pool);
    const registry = await createPgRegistry(shippedConnectors(), session);
    // A second engine starting on the same database finds them applied.
    await createPgRegistry(shippedConnectors(), new PgSession(pool));
    const versions = (await pool.query<{ connector_id: string; version: number }>('SELECT connector_id, version FROM connector_schema ORDER BY 1')).rows;
    expect(versions).toEqual([{ connector_id: 'accounting', version: 1 }]);

    const repos = createPgRepositories(pool, {}, session);
    const own = registry.own('accounting') as AsyncRepo<AccountingRepo>;
    const ada = await repos.customers.insert({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', company: 'Engines', origin: 'import' }, 1_000);
    const bob = await repos.customers.insert({ email: 'bob@example.com', firstName: 'Bob', lastName: 'Babbage', origin: 'import' }, 1_000);
    await repos.transaction(async () => {
      await own.link({ customerId: ada, accountingUuid: 'u-ada', accountNumber: 'ACC-1', versionNumber: 3, runId: null }, 2_000);
      await own.link({ customerId: bob, accountingUuid: 'u-bob', accountNumber: 'ACC-2', versionNumber: 1, runId: null }, 2_000);
    });
    // A link written in a transaction that rolls back is gone with it.
    await expect(repos.transaction(async () => {
      await own.setState(ada, 'unflagged', 4, 3_000);
      throw new Error('undone');
    })).rejects.toThrow('undone');
    expect(await own.byUuid('u-ada')).toMatchObject({ customerId: ada, state: 'flagged', versionNumber: 3 });
    expect(await own.setState(ada, 'unflagged', 4, 3_000)).toBe(true);
    expect(await own.setState(ada, 'unflagged', 4, 3_000)).toBe(false);
    expect(await own.count()).toBe(2);
    const page = await own.page({ q: 'LOVE', after: null, limit: 10 });
    expect(page.rows.map((r) => [r.email, r.state])).toEqual([['ada@example.com', 'unflagged']]);
    expect((await own.page({ after: null, limit: 1 })).next).toBe(bob);
    const all: number[] = [];
    for await (const r of own.iterate(1)) all.push(r.customerId);
    expect(all).toEqual([ada, bob]);
  });

  it('refuses a connector with SQLite tables and no PostgreSQL side, in words, changing nothing', async () => {
    const pool = await open();
    const sqliteOnly = { ...shippedConnectors()[2]!, pgMigrations: undefined, pgRepositories: undefined };
    await expect(createPgRegistry([sqliteOnly], new PgSession(pool))).rejects.toThrow(/the "Accounting" connector keeps tables of its own on SQLite only, so it cannot run on a team server's PostgreSQL database/);
    expect((await pool.query('SELECT 1 FROM connector_schema')).rowCount).toBe(0);
  });
});
