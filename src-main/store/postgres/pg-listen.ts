// A LISTEN on a client of its own that comes back by itself: when the connection drops (a server restart, a
// terminated backend) or cannot be made, it connects again after a pause that grows up to a limit. The live events
// between engines (team-server/event-relay.ts) and each engine's configuration kept in memory (pg-config-cache.ts)
// listen this way.
import pg from 'pg';

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

export function listenWithReconnect(connection: pg.ClientConfig, channel: string, handlers: ListenHandlers, reconnectMs = { first: 250, max: 10_000 }): Listening {
  let client: pg.Client | null = null;
  let closed = false;
  let again = false;
  let pause = reconnectMs.first;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client(connection);
    c.on('notification', (n) => {
      if (n.channel === channel) handlers.notification(n.payload);
    });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    pause = reconnectMs.first;
    handlers.up(again);
    again = false;
  };

  const lost = (c: pg.Client) => {
    if (client !== c || closed) return;
    client = null;
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
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
