// A LISTEN on a client of its own that comes back by itself: when the connection drops (a server restart, a
// terminated backend) or cannot be made, it connects again after a pause that grows up to a limit. The live events
// between engines (team-server/event-relay.ts) and each engine's configuration kept in memory (pg-config-cache.ts)
// listen this way.
import pg from 'pg';

/** How often the listening connection is asked a question, and how long it has to answer. */
const HEARTBEAT = { everyMs: 15_000, limitMs: 5_000 };

export interface ListenHandlers {
  notification(payload: string | undefined): void;
  /** Listening; `again` after a drop or a failed first attempt. */
  up(again: boolean): void;
  /** No longer listening (`dropped`), or the first attempt failed (`failed`, with its error). */
  down(why: 'dropped' | 'failed', err?: Error): void;
}

export interface Listening {
  readonly up: boolean;
  /** Resolves once the first attempt is over, listening or not (it retries meanwhile). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export function listenWithReconnect(
  connection: pg.ClientConfig,
  channel: string,
  handlers: ListenHandlers,
  reconnectMs = { first: 250, max: 10_000 },
  heartbeatMs = HEARTBEAT,
): Listening {
  let client: pg.Client | null = null;
  let closed = false;
  let again = false;
  let pause = reconnectMs.first;
  let timer: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    // TCP keepalive: a connection a NAT or firewall dropped without a word is found out, not trusted for hours.
    const c = new pg.Client({ ...connection, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    c.on('notification', (n) => {
      if (n.channel === channel) handlers.notification(n.payload);
    });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      // Connected but refused LISTEN (a standby in recovery): the backend is given back, not left open per retry.
      await c.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    pause = reconnectMs.first;
    beat(c);
    handlers.up(again);
    again = false;
  };

  // A listener that cannot answer a query within the heartbeat's limit is as good as gone: nothing it should hear
  // would reach it either.
  const beat = (c: pg.Client) => {
    heartbeat = setTimeout(() => {
      heartbeat = null;
      const limit = setTimeout(() => {
        lost(c);
        void c.end().catch(() => undefined);
      }, heartbeatMs.limitMs);
      limit.unref();
      c.query('SELECT 1').then(
        () => {
          clearTimeout(limit);
          if (client === c) beat(c);
        },
        () => {
          clearTimeout(limit);
          lost(c);
        },
      );
    }, heartbeatMs.everyMs);
    heartbeat.unref();
  };

  const lost = (c: pg.Client) => {
    if (client !== c || closed) return;
    client = null;
    if (heartbeat) clearTimeout(heartbeat);
    heartbeat = null;
    again = true;
    handlers.down('dropped');
    retry();
  };

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().catch(() => {
        pause = Math.min(reconnectMs.max, pause * 2);
        retry();
      });
    }, pause);
    timer.unref();
  };

  const ready = connect().catch((err: unknown) => {
    again = true;
    handlers.down('failed', err as Error);
    retry();
  });

  return {
    get up() {
      return client !== null;
    },
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (heartbeat) clearTimeout(heartbeat);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
