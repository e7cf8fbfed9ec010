// Several engines on one database: what one engine's bus emits (progress, log lines, alerts) reaches the consoles of
// every other, through PostgreSQL's LISTEN/NOTIFY. A NOTIFY carries at most 8000 bytes, so a larger event goes as
// numbered chunks sent in one statement (one transaction: they arrive together and in order) and is put back
// together on arrival. Events keep their order: arrivals are handled one after another. The listening connection is
// a client of its own; when it drops (a server restart, a terminated backend) the relay connects again, with a
// growing pause, and says so once.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { listenWithReconnect } from '../store/postgres/pg-listen';
import type { EventBus } from '../engine/event-bus';
import { events, isEventName } from '../../src-preload/contract/events';

export const EVENTS_CHANNEL = 'syncdesk_events';
/** Bytes of event a chunk carries: base64 makes them 6,668 ASCII characters, leaving room for the envelope in 8000. */
const CHUNK_BYTES = 5_000;

interface Envelope {
  /** The engine that emitted it (its own are not emitted twice). */
  from: string;
  id: string;
  part: number;
  parts: number;
  /** This chunk of the event's UTF-8 JSON, base64. */
  data: string;
}

export interface EventRelay {
  readonly engineId: string;
  /** Resolves once the relay listens (events emitted before then reach only this engine's consoles). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface EventRelayOptions {
  /** Told when the listening connection drops and when it is back (the diagnostic log). */
  onStatus?: (message: string) => void;
  reconnectMs?: { first: number; max: number };
}

export function createPgEventRelay(pool: pg.Pool, bus: EventBus, connection: pg.ClientConfig, options: EventRelayOptions = {}): EventRelay {
  const engineId = randomUUID();
  const relayed = new WeakSet<object>();
  const partial = new Map<string, string[]>();
  let closed = false;
  let sending: Promise<unknown> = Promise.resolve();
  const arrive = (raw: string | undefined) => {
    if (!raw) return;
    let e: Envelope;
    try {
      e = JSON.parse(raw) as Envelope;
    } catch {
      return;
    }
    if (e.from === engineId) return;
    const parts = partial.get(e.id) ?? new Array<string>(e.parts);
    parts[e.part] = e.data;
    if (parts.filter((p) => p !== undefined).length < e.parts) {
      partial.set(e.id, parts);
      return;
    }
    partial.delete(e.id);
    try {
      const text = Buffer.concat(parts.map((p) => Buffer.from(p, 'base64'))).toString('utf8');
      const { event, payload } = JSON.parse(text) as { event: unknown; payload: unknown };
      // Only events this version knows, in the shape it knows (an engine of another version may share the database).
      if (!isEventName(event)) return;
      const checked = events[event].safeParse(payload);
      if (!checked.success) return;
      relayed.add(checked.data);
      bus.emit(event, checked.data as never);
    } catch {
      // Not an event of this version: ignored.
    }
  };

  const listening = listenWithReconnect(connection, EVENTS_CHANNEL, {
    notification: arrive,
    up(again) {
      if (again) options.onStatus?.('Live events from the other engines are back.');
    },
    down(why, err) {
      partial.clear();
      options.onStatus?.(
        why === 'dropped'
          ? 'Live events from the other engines stopped (the database connection dropped); reconnecting.'
          : `Live events from the other engines are not reaching this one yet: ${err?.message}; retrying.`,
      );
    },
  }, options.reconnectMs);

  const unsubscribe = bus.subscribe((event, payload) => {
    if (closed || (payload && typeof payload === 'object' && relayed.has(payload as object))) return;
    const bytes = Buffer.from(JSON.stringify({ event, payload }), 'utf8');
    const id = randomUUID();
    const parts = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
    const args: string[] = [];
    for (let i = 0; i < parts; i++) {
      const data = bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES).toString('base64');
      args.push(JSON.stringify({ from: engineId, id, part: i, parts, data } satisfies Envelope));
    }
    const sql = `SELECT ${args.map((_, i) => `pg_notify('${EVENTS_CHANNEL}', $${i + 1})`).join(', ')}`;
    // One after another: the other engines see this engine's events in the order it emitted them.
    sending = sending.then(() => pool.query(sql, args)).catch(() => undefined);
  });

  return {
    engineId,
    ready: listening.ready,
    async close() {
      closed = true;
      unsubscribe();
      await sending;
      await listening.close();
    },
  };
}
