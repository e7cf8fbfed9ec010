// The PostgreSQL store's connection handling: a pool for calls outside any transaction, one client per transaction
// (BEGIN .. COMMIT), nested transactions as savepoints, and every call made inside the work (through whichever handle)
// found through the async context and sent on the transaction's client.
//
// The engine's code was written against one writer whose transactions never interleave; within one process this store
// keeps that promise (its transactions take turns), and across engines the database's own locks, unique indexes and
// SKIP LOCKED claims coordinate. Calls outside a transaction do not wait for one (PostgreSQL shows them committed rows
// only), but run one after another in the order they were made, as on SQLite: log lines written in a row keep their
// order, whichever pooled connection would have reached the server first.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { toStoreErrorPg } from './pg-errors';

interface OpenTransaction {
  client: pg.PoolClient;
  open: boolean;
  savepoints: number;
  /** The last statement sent on the client: the work's calls made at once (Promise.all) go one after another. */
  last: Promise<unknown>;
}

/**
 * A statement on the transaction's client once the ones sent before it are done: one client runs one query at a time,
 * and pg only queues concurrent calls by a deprecated leniency (pg 9 refuses them).
 */
function onClient<R extends pg.QueryResultRow>(tx: OpenTransaction, text: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
  const call = tx.last.then(() => tx.client.query<R>(text, params));
  tx.last = call.catch(() => undefined);
  return call;
}

export class PgSession {
  private readonly context = new AsyncLocalStorage<OpenTransaction>();
  private turn: Promise<void> = Promise.resolve();
  private lastCall: Promise<unknown> = Promise.resolve();

  constructor(readonly pool: pg.Pool) {}

  private inside(): OpenTransaction | undefined {
    const tx = this.context.getStore();
    return tx?.open ? tx : undefined;
  }

  /** Whether the caller runs inside an open transaction of this store. */
  get inTransaction(): boolean {
    return this.inside() !== undefined;
  }

  /** One statement, on the open transaction's client or else the pool; driver errors leave as the store's own. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    const tx = this.inside();
    if (tx) {
      try {
        return await onClient<R>(tx, text, params);
      } catch (err) {
        throw toStoreErrorPg(err);
      }
    }
    const call = this.lastCall.then(() => this.pool.query<R>(text, params));
    this.lastCall = call.catch(() => undefined);
    try {
      return await call;
    } catch (err) {
      throw toStoreErrorPg(err);
    }
  }

  async rows<R extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R[]> {
    return (await this.query<R>(text, params)).rows;
  }

  async one<R extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<R | undefined> {
    return (await this.query<R>(text, params)).rows[0];
  }

  /** Rows the statement changed. */
  async changes(text: string, params?: unknown[]): Promise<number> {
    return (await this.query(text, params)).rowCount ?? 0;
  }

  /** Runs the work in one transaction; nested calls become savepoints of the open one. */
  async transaction<T>(work: () => T | Promise<T>): Promise<T> {
    const open = this.inside();
    if (open) return await this.savepoint(open, work);
    const before = this.turn;
    let done!: () => void;
    this.turn = new Promise((resolve) => (done = resolve));
    await before;
    let client: pg.PoolClient | null = null;
    let broken = false;
    try {
      client = await this.pool.connect();
      const tx: OpenTransaction = { client, open: true, savepoints: 0, last: Promise.resolve() };
      try {
        await client.query('BEGIN');
        const result = await this.context.run(tx, work);
        // Calls the work left running after it returned must not slip in between COMMIT and the next transaction.
        tx.open = false;
        await tx.last;
        await client.query('COMMIT');
        return result;
      } finally {
        tx.open = false;
      }
    } catch (err) {
      if (client) await client.query('ROLLBACK').catch(() => (broken = true));
      throw toStoreErrorPg(err);
    } finally {
      // A client whose ROLLBACK failed is in an unknown state: it is closed rather than handed to the next caller.
      client?.release(broken);
      done();
    }
  }

  private async savepoint<T>(tx: OpenTransaction, work: () => T | Promise<T>): Promise<T> {
    const name = `sp${++tx.savepoints}`;
    await onClient(tx, `SAVEPOINT ${name}`);
    try {
      const result = await work();
      await onClient(tx, `RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await onClient(tx, `ROLLBACK TO SAVEPOINT ${name}`);
      await onClient(tx, `RELEASE SAVEPOINT ${name}`);
      throw toStoreErrorPg(err);
    }
  }
}
