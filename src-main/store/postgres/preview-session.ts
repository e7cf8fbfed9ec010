// A preview's store on PostgreSQL: the same repositories as the engine's, made over this session, whose every
// statement goes on one pooled client inside one transaction that is always rolled back. Whatever a task writes in a
// preview is undone by the database itself, not by care in the connector; nothing it writes is seen by any other
// session (READ COMMITTED: the preview reads what is committed, as a real run would), and NOTIFY, were anything to
// send one, is only delivered on commit.
//
// The engine's code expects what the engine's own session gives: a transaction is all-or-nothing, and a statement
// outside one stands alone (a failed insert fails only itself). Inside the one transaction, the work's transactions are
// savepoints, taking turns as on SQLite's single writer (a statement made outside them waits for the open one), and
// each statement outside them runs in a savepoint of its own, so its failure does not abort the preview.
//
// What it holds, until it ends: row locks on the rows the task wrote (its run's row, and with it the task's "running"
// slot), the unique keys it inserted, advisory locks the repositories take, and the tables' ROW EXCLUSIVE locks (which
// only DDL waits for). A session that has to wait on any of them (a real run of the task, a job updating a row the
// preview updated, a migration) makes the preview give way: `watchForWaiters` looks every few hundred milliseconds,
// and the preview then rolls back at once (its statement in flight is cancelled), so real work waits for a preview
// that long at most.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { toStoreErrorPg } from './pg-errors';
import { PgSession, queryInTransaction } from './pg-session';

/** A preview that gave way to other work, or ended: its statements are refused with this. */
export class PreviewGaveWay extends Error {}

interface Scope {
  open: boolean;
  savepoints: number;
}

/** Seconds the preview's transaction may sit idle before the server ends it (an engine that hung or lost its network). */
const IDLE_LIMIT_S = 60;

export class PreviewSession extends PgSession {
  private readonly scopes = new AsyncLocalStorage<Scope>();
  /** The last statement handed to the client: one at a time, in the order they were made. */
  private sent: Promise<unknown> = Promise.resolve();
  /** The work's transactions (and statements outside them) take turns through this. */
  private turns: Promise<void> = Promise.resolve();
  private ended: Error | null = null;
  private inFlight = 0;
  private closing: Promise<void> | null = null;
  private watcher: NodeJS.Timeout | null = null;

  private constructor(pool: pg.Pool, private readonly client: pg.PoolClient, readonly backendPid: number) {
    super(pool);
  }

  /** A client of the pool, in a transaction that ends only with `end()` (rolled back). */
  static async begin(pool: pg.Pool): Promise<PreviewSession> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL idle_in_transaction_session_timeout = '${IDLE_LIMIT_S}s'`);
      const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      return new PreviewSession(pool, client, pid);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw err;
    }
  }

  private scope(): Scope | undefined {
    const s = this.scopes.getStore();
    return s?.open ? s : undefined;
  }

  override get inTransaction(): boolean {
    return this.scope() !== undefined;
  }

  /** Why the preview's statements are refused now (it gave way, or ended), or null while it runs. */
  get endedBecause(): Error | null {
    return this.ended;
  }

  private take(): Promise<() => void> {
    const before = this.turns;
    let release!: () => void;
    this.turns = new Promise((resolve) => (release = resolve));
    return before.then(() => release);
  }

  /** Steps run on the client after every statement handed to it before. */
  private onClient<T>(steps: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const call = this.sent.then(async () => {
      if (this.ended) throw this.ended;
      this.inFlight++;
      try {
        return await steps(this.client);
      } finally {
        this.inFlight--;
      }
    });
    this.sent = call.catch(() => undefined);
    return call;
  }

  override async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      if (this.scope()) return await this.onClient((c) => queryInTransaction<R>(c, text, params));
      const release = await this.take();
      let call: Promise<pg.QueryResult<R>>;
      try {
        // A statement on its own, as outside a transaction: its failure undoes only itself.
        call = this.onClient(async (c) => {
          await c.query('SAVEPOINT sd_alone');
          try {
            const result = await queryInTransaction<R>(c, text, params);
            await c.query('RELEASE SAVEPOINT sd_alone');
            return result;
          } catch (err) {
            await c.query('ROLLBACK TO SAVEPOINT sd_alone');
            await c.query('RELEASE SAVEPOINT sd_alone');
            throw err;
          }
        });
      } finally {
        // Handed to the client in order: the next transaction's statements go after it.
        release();
      }
      return await call;
    } catch (err) {
      throw toStoreErrorPg(err);
    }
  }

  override async transaction<T>(work: () => T | Promise<T>): Promise<T> {
    const open = this.scope();
    const release = open ? null : await this.take();
    const scope = open ?? { open: true, savepoints: 0 };
    const name = open ? `sp${++scope.savepoints}` : 'sd_tx';
    try {
      await this.onClient((c) => c.query(`SAVEPOINT ${name}`));
      try {
        const result = open ? await work() : await this.scopes.run(scope, work);
        if (!open) scope.open = false;
        // Calls the work left running after it returned are part of it.
        await this.sent;
        await this.onClient((c) => c.query(`RELEASE SAVEPOINT ${name}`));
        return result;
      } catch (err) {
        if (!open) scope.open = false;
        await this.onClient(async (c) => {
          await c.query(`ROLLBACK TO SAVEPOINT ${name}`);
          await c.query(`RELEASE SAVEPOINT ${name}`);
        }).catch(() => undefined);
        throw toStoreErrorPg(err);
      }
    } finally {
      release?.();
    }
  }

  /** Takes the preview's slot (one preview of a task at a time across every engine); false when another holds it. */
  async holdSlot(slot: string): Promise<boolean> {
    const row = await this.one<{ held: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtextextended('syncdesk preview ' || $1, 0)) AS held`, [slot]);
    return row?.held === true;
  }

  /** The newest job's id: the jobs the preview queues come after it. */
  async lastJobId(): Promise<number> {
    return (await this.one<{ id: number }>(`SELECT COALESCE(MAX(id), 0)::bigint AS id FROM jobs`))?.id ?? 0;
  }

  /** Of these jobs, the ones this preview created (after `after`), counted by kind. */
  async jobKinds(ids: number[], after: number): Promise<{ kind: string; count: number }[]> {
    if (ids.length === 0) return [];
    return await this.rows<{ kind: string; count: number }>(
      `SELECT kind, COUNT(*)::bigint AS count FROM jobs WHERE id = ANY($1::bigint[]) AND id > $2 GROUP BY kind ORDER BY kind`, [ids, after]);
  }

  /**
   * Every `everyMs`, asks the server (on the pool, not the preview's client) whether any session waits on a lock the
   * preview holds; if one does, the preview gives way and `onGaveWay` is told.
   */
  watchForWaiters(everyMs: number, onGaveWay: (err: PreviewGaveWay) => void): void {
    let looking = false;
    this.watcher = setInterval(() => {
      if (looking || this.ended) return;
      looking = true;
      this.pool
        .query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [this.backendPid])
        .then(async (r) => {
          if ((r.rows[0]?.n ?? 0) === 0 || this.ended) return;
          const err = new PreviewGaveWay('another session waited on a row the preview held');
          // Told before the rollback lets the waiter go on, so the preview has stopped by the time the real work runs.
          const ending = this.giveWay(err);
          onGaveWay(err);
          await ending;
        })
        .catch(() => undefined)
        .finally(() => (looking = false));
    }, everyMs);
    this.watcher.unref();
  }

  /** Ends the preview now: its statement in flight is cancelled, everything it wrote rolled back. */
  async giveWay(err: PreviewGaveWay): Promise<void> {
    if (this.ended) return;
    this.ended = err;
    if (this.inFlight > 0) await this.pool.query('SELECT pg_cancel_backend($1)', [this.backendPid]).catch(() => undefined);
    await this.end();
  }

  /** Rolls everything back and hands the client back to the pool (closed instead, if the rollback failed). */
  end(): Promise<void> {
    this.ended ??= new PreviewGaveWay('the preview is over');
    if (this.watcher) clearInterval(this.watcher);
    this.closing ??= (async () => {
      await this.sent;
      let broken = false;
      await this.client.query('ROLLBACK').catch(() => (broken = true));
      this.client.release(broken);
    })();
    return this.closing;
  }
}
