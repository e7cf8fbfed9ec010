// The PostgreSQL store's connection handling: a pool for calls outside any transaction, one client per transaction
// (BEGIN .. COMMIT), nested transactions as savepoints, and every call made inside the work (through whichever handle)
// found through the async context and sent on the transaction's client.
//
// The engine's code was written against one writer whose transactions never interleave; within one process this store
// keeps that promise (its transactions take turns), and across engines the database's own locks, unique indexes and
// SKIP LOCKED claims coordinate. Calls outside a transaction do not wait for one (PostgreSQL shows them committed rows
// only), and see what they would see on SQLite, where they run one after another in the order they were made: a write
// waits for every call made before it (log lines written in a row keep their order, whichever pooled connection would
// have reached the server first), and a read waits for the writes made before it but not for other reads, so the job
// runner's slots and an open console read side by side instead of queueing behind each other's round trips.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { toStoreErrorPg } from './pg-errors';

interface OpenTransaction {
  client: pg.PoolClient;
  open: boolean;
  savepoints: number;
  /** The last statement sent on the client: the work's calls made at once (Promise.all) go one after another. */
  last: Promise<unknown>;
  /** Called once the transaction has committed or rolled back. */
  ended: (() => void)[];
}

/**
 * A statement on the transaction's client once the ones sent before it are done: one client runs one query at a time,
 * and pg only queues concurrent calls by a deprecated leniency (pg 9 refuses them).
 */
function onClient<R extends pg.QueryResultRow>(tx: OpenTransaction, text: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
  const call = tx.last.then(() => queryInTransaction<R>(tx.client, text, params));
  tx.last = call.catch(() => undefined);
  return call;
}

/**
 * A statement that only reads: a SELECT calling nothing that acts (notifications, sequences, advisory locks, row locks).
 * Anything else counts as a write; a wrong "write" only costs a wait.
 */
export function isPlainRead(text: string): boolean {
  return /^\s*SELECT\b/i.test(text) && !/\b(pg_notify|nextval|setval|pg_advisory\w*|set_config|FOR\s+(UPDATE|SHARE|NO\s+KEY|KEY))\b/i.test(text);
}

/** Distinct statements prepared by name at most (a statement made up of values, were there one, stops there). */
const MAX_PREPARED = 4000;
const prepared = new Map<string, string>();
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;
/** SQLSTATE 0A000 with this text: a prepared statement's table changed shape (a migration by a newer engine). */
const STALE_PLAN = /cached plan must not change result type/;

/**
 * The statement as sent: by a name made from its text, so each pooled connection parses and plans it once and then
 * only binds and runs it (planning took as long as running for the engine's short statements); utility statements
 * (BEGIN, SAVEPOINT) and anything past MAX_PREPARED go unnamed.
 */
function statementOf(text: string, values?: unknown[]): pg.QueryConfig {
  let name = prepared.get(text);
  if (name === undefined && PREPARABLE.test(text) && prepared.size < MAX_PREPARED) {
    name = `sd_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    prepared.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}

/** After a stale plan, the text gets a new name: every connection prepares it again from the table as it is now. */
function renamed(text: string): void {
  const name = prepared.get(text);
  if (name !== undefined) prepared.set(text, `${name.split('_r')[0]}_r${Date.now().toString(36)}`);
}

/**
 * One statement on a client inside a transaction. After a stale plan the transaction is aborted; the text gets a new
 * name, so the next transaction prepares it again.
 */
export function queryInTransaction<R extends pg.QueryResultRow>(client: pg.PoolClient, text: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
  return client.query<R>(statementOf(text, params)).catch((err: unknown) => {
    if (err instanceof Error && STALE_PLAN.test(err.message)) renamed(text);
    throw err;
  });
}

export class PgSession {
  private readonly context = new AsyncLocalStorage<OpenTransaction>();
  private turn: Promise<void> = Promise.resolve();
  /** The last write outside a transaction, and the reads made since (each leaves the set when it ends). */
  private lastWrite: Promise<unknown> = Promise.resolve();
  private readonly readsSince = new Set<Promise<unknown>>();

  constructor(readonly pool: pg.Pool) {}

  private inside(): OpenTransaction | undefined {
    const tx = this.context.getStore();
    return tx?.open ? tx : undefined;
  }

  /** Whether the caller runs inside an open transaction of this store. */
  get inTransaction(): boolean {
    return this.inside() !== undefined;
  }

  /** Inside a transaction: `listener` is called once it has committed or rolled back (answers true). Outside: false. */
  whenTransactionEnds(listener: () => void): boolean {
    const tx = this.inside();
    if (!tx) return false;
    tx.ended.push(listener);
    return true;
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
    const send = async () => {
      try {
        return await this.pool.query<R>(statementOf(text, params));
      } catch (err) {
        if (!(err instanceof Error && STALE_PLAN.test(err.message))) throw err;
        renamed(text);
        return await this.pool.query<R>(statementOf(text, params));
      }
    };
    let call: Promise<pg.QueryResult<R>>;
    if (isPlainRead(text)) {
      call = this.lastWrite.then(send);
      const settled = call.catch(() => undefined).finally(() => this.readsSince.delete(settled));
      this.readsSince.add(settled);
    } else {
      const before = Promise.all([this.lastWrite, ...this.readsSince]);
      call = before.then(send);
      this.lastWrite = call.catch(() => undefined);
      this.readsSince.clear();
    }
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
    let tx: OpenTransaction | null = null;
    try {
      client = await this.pool.connect();
      tx = { client, open: true, savepoints: 0, last: Promise.resolve(), ended: [] };
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
      for (const listener of tx?.ended ?? []) listener();
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
