// Configuration rows (case fields, mapping templates with their Reference's name, connections and their sealed secrets)
// are read several times on every raise, every job and every incoming update, and change only when staff edit them. On one desktop the store keeps them in memory until
// it writes them (config-cache.ts). On a team server another engine may write them, so each engine drops its copy when
// any engine commits a change: a statement trigger on each table sends a NOTIFY at commit (migration 0010), and every
// engine listens on a connection of its own.
//
// - While that connection is not up (starting, dropped, reconnecting), nothing is kept: every read goes to the database.
// - A read that was under way when a change was heard of is not kept (the generation moved during it).
// - While a transaction of this engine that wrote configuration is open, nothing is kept or served: it must read its
//   own rows, and the others the committed ones. When it ends the copy is dropped again, before its NOTIFY comes back.
// - A write outside a transaction drops the copy before its statement is sent and again once it is done.
import type pg from 'pg';
import { deepFreeze } from '../config-cache';
import type { PgSession } from './pg-session';
import { listenWithReconnect } from './pg-listen';

export const CONFIG_CHANNEL = 'syncdesk_config';

export interface PgConfigCache {
  /** The value under `key`, from memory when it may be, else loaded (and kept when nothing changed meanwhile). Frozen. */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  /**
   * A repository's write of configuration through `session` (in a transaction or not): the cache hears of it before
   * its statement is sent, since a read made after the write must not be served the rows it replaces.
   */
  write<T>(session: PgSession, statement: () => Promise<T>): Promise<T>;
  /** Whether values are kept now (the listening connection is up). */
  readonly keeping: boolean;
  /** Resolves once the listening connection is up, or its first attempt failed (it keeps retrying). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface PgConfigCacheOptions {
  reconnectMs?: { first: number; max: number };
  /** How often the listening connection must answer a query, and within how long (tests shorten them). */
  heartbeatMs?: { everyMs: number; limitMs: number };
  /** Told when the listening connection drops and when it is back (the diagnostic log). */
  onStatus?: (message: string) => void;
}

/** Reads straight through, keeping nothing: for stores without a listening connection (tools, previews, tests). */
export const NO_CONFIG_CACHE: PgConfigCache = {
  get: async (_key, load) => deepFreeze(await load()),
  write: async (_session, statement) => await statement(),
  keeping: false,
  ready: Promise.resolve(),
  close: async () => undefined,
};

export function startPgConfigCache(connection: pg.ClientConfig, options: PgConfigCacheOptions = {}): PgConfigCache {
  const entries = new Map<string, unknown>();
  let generation = 0;
  let writersOpen = 0;

  const forget = () => {
    generation++;
    entries.clear();
  };

  const listening = listenWithReconnect(connection, CONFIG_CHANNEL, {
    notification: forget,
    up(again) {
      // Changes made while nobody here listened were never heard of.
      forget();
      if (again) options.onStatus?.('Configuration changes from other engines are heard again; configuration is kept in memory again.');
    },
    down(why, err) {
      forget();
      options.onStatus?.(
        why === 'dropped'
          ? 'The connection that hears of configuration changes dropped: configuration is read from the database each time until it is back.'
          : `Configuration changes from other engines cannot be heard yet (${err?.message}): configuration is read from the database each time; retrying.`,
      );
    },
  }, options.reconnectMs, options.heartbeatMs);

  const keeping = () => listening.up && writersOpen === 0;

  return {
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (keeping() && entries.has(key)) return entries.get(key) as T;
      const before = generation;
      const value = deepFreeze(await load());
      if (keeping() && generation === before) entries.set(key, value);
      return value;
    },
    async write(session, statement) {
      forget();
      if (
        session.whenTransactionEnds(() => {
          writersOpen--;
          forget();
        })
      )
        writersOpen++;
      try {
        return await statement();
      } finally {
        // Again once it is done: a read inside another transaction (which does not wait for writes made outside it)
        // may have read the old rows meanwhile and kept them.
        forget();
      }
    },
    get keeping() {
      return keeping();
    },
    ready: listening.ready,
    async close() {
      await listening.close();
      forget();
    },
  };
}
