// The store's port is asynchronous (a PostgreSQL store answers over a socket), while SQLite answers in the same turn.
// One connection means one writer: a transaction whose work awaits keeps SQLite's transaction open across those
// awaits, so every other use of the connection waits its turn, and the transaction's own calls (found through the
// async context, whichever handle they use) go straight through.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './database';
import { toStoreError } from './store-errors';

interface OpenTransaction {
  open: boolean;
  savepoints: number;
}

/** A repository as the port gives it: every method answers a promise (generators become async iterables). */
export type AsyncRepo<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Generator<infer Y>
  ? (...args: A) => AsyncIterable<Y>
  : T[K] extends (...args: infer A) => infer R
  ? (...args: A) => Promise<R>
  : T[K];
};

export class SerialWriter {
  private held = false;
  private readonly waiting: (() => void)[] = [];
  private readonly context = new AsyncLocalStorage<OpenTransaction>();

  private readonly rollbackListeners: (() => void)[] = [];

  constructor(private readonly db: Db) { }

  /** Caches filled inside undone work must forget it: they listen here. */
  afterRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  private onRollback(): void {
    for (const listener of this.rollbackListeners) listener();
  }

  /** Whether the caller runs inside an open transaction (its calls need no turn of their own). */
  private inside(): OpenTransaction | undefined {
    const tx = this.context.getStore();
    return tx?.open ? tx : undefined;
  }

  /** Whether the caller runs inside this connection's open transaction (read from the async context, at once). */
  callerInTransaction(): boolean {
    return this.inside() !== undefined;
  }

  private acquire(): Promise<void> | null {
    if (!this.held && this.waiting.length === 0) {
      this.held = true;
      return null;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }

  /** One statement's worth of work: now when the connection is free (or ours), else after the transactions ahead. */
  call<T>(work: () => T): Promise<T> {
    if (this.inside() || (!this.held && this.waiting.length === 0)) return settle(work);
    if (this.heldElsewhere && this.waiting.length === 0) {
      const read = this.readOnly(work);
      if (read) return read;
    }
    return this.acquire()!.then(() => {
      try {
        return settle(work);
      } finally {
        this.release();
      }
    });
  }

  /** Set while exclusive() holds the turn: this connection has no transaction open, another one is writing. */
  private heldElsewhere = false;

  /**
   * Holds the writer's turn, with no transaction on this connection, while `work` writes through another connection
   * to the same file (retention's thread): nothing here writes meanwhile, and calls that only read go on.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.inside()) throw new Error('exclusive() inside a transaction would wait for itself');
    const wait = this.acquire();
    if (wait) await wait;
    this.heldElsewhere = true;
    try {
      return await work();
    } finally {
      this.heldElsewhere = false;
      this.release();
    }
  }

  /**
   * Runs a call at once while another connection writes, if it only reads: under query_only its first write is
   * refused before anything is written, and the call then waits its turn and runs again from the start. (A write
   * here would otherwise wait on SQLite's lock, in a sleep that holds the whole main thread.)
   */
  private readOnly<T>(work: () => T): Promise<T> | null {
    this.db.pragma('query_only = ON');
    try {
      return Promise.resolve(work());
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_READONLY') return null;
      return Promise.reject(toStoreError(err));
    } finally {
      this.db.pragma('query_only = OFF');
    }
  }

  /** Runs the work in one transaction; nested calls become savepoints of the open one. */
  async transaction<T>(work: () => T | Promise<T>): Promise<T> {
    const open = this.inside();
    if (open) return this.savepoint(open, work);
    const wait = this.acquire();
    if (wait) await wait;
    const tx: OpenTransaction = { open: true, savepoints: 0 };
    try {
      this.db.exec('BEGIN IMMEDIATE');
      let result = this.context.run(tx, work);
      // Work that does not wait commits in the same turn, as SQLite's own transactions do.
      if (isPromiseLike(result)) result = await result;
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      // A BEGIN that failed opened nothing; anything after it (the work, a refused COMMIT) is undone.
      if (this.db.inTransaction) {
        this.db.exec('ROLLBACK');
        this.onRollback();
      }
      throw toStoreError(err);
    } finally {
      tx.open = false;
      this.release();
    }
  }

  private async savepoint<T>(tx: OpenTransaction, work: () => T | Promise<T>): Promise<T> {
    const name = `sp${++tx.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      let result = work();
      if (isPromiseLike(result)) result = await result;
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      this.onRollback();
      throw toStoreError(err);
    }
  }

  /** The repository behind the port: each method takes its turn, and driver errors leave as the store's own. */
  wrap<T extends object>(repo: T): AsyncRepo<T> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(repo)) {
      if (typeof value !== 'function') {
        out[name] = value;
        continue;
      }
      const fn = value as (...args: unknown[]) => unknown;
      if (isGeneratorFunction(fn)) out[name] = (...args: unknown[]) => this.iterate(() => fn.apply(repo, args) as Generator<unknown>);
      else out[name] = (...args: unknown[]) => this.call(() => fn.apply(repo, args));
    }
    return out as AsyncRepo<T>;
  }

  /** A generator read step by step, each step taking its turn (the generators read in keyset chunks). */
  private iterate<Y>(open: () => Generator<Y>): AsyncIterable<Y> {
    const call = <T>(work: () => T) => this.call(work);
    return {
      [Symbol.asyncIterator]() {
        let gen: Generator<Y> | null = null;
        return {
          next: () => call(() => (gen ??= open()).next()),
          return: (value?: unknown) => call(() => gen?.return(value as Y) ?? { done: true as const, value: value as Y }),
        };
      },
    };
  }
}

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function isGeneratorFunction(fn: (...args: unknown[]) => unknown): boolean {
  return fn.constructor?.name === 'GeneratorFunction';
}

function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(toStoreError(err));
  }
}

const writers = new WeakMap<Db, SerialWriter>();

/** The one writer of a connection: the platform's repositories and every connector's share it. */
export function writerOf(db: Db): SerialWriter {
  let writer = writers.get(db);
  if (!writer) {
    writer = new SerialWriter(db);
    writers.set(db, writer);
  }
  return writer;
}
