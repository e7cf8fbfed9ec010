// Live events across engines on one database (LISTEN/NOTIFY): what one engine emits reaches every other engine's bus
// once, in order, never echoed back; events larger than a NOTIFY arrive whole; a dropped listening connection comes
// back by itself.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createEventBus, type EventBus } from '../../../src-main/engine/event-bus';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { createPgEventRelay, type EventRelay } from '../../../src-main/team-server/event-relay';
import type { LogEntry } from '../../../src-preload/contract';
import { freshDatabase } from './pg-store';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Engine {
  bus: EventBus;
  relay: EventRelay;
  seen: { event: string; payload: unknown }[];
  status: string[];
}

/** The database the last engines() share: other test files' engines listen on the same cluster. */
let database = '';

async function engines(n: number): Promise<Engine[]> {
  const db = await freshDatabase('empty');
  database = decodeURIComponent(new URL(db.url).pathname.slice(1));
  cleanups.push(db.drop);
  const out: Engine[] = [];
  for (let i = 0; i < n; i++) {
    const pool = openPgPool(db.url, { max: 2 });
    const bus = createEventBus();
    const seen: Engine['seen'] = [];
    bus.subscribe((event, payload) => seen.push({ event, payload }));
    const status: string[] = [];
    const relay = createPgEventRelay(pool, bus, { connectionString: db.url }, { onStatus: (m) => status.push(m), reconnectMs: { first: 50, max: 400 } });
    await relay.ready;
    cleanups.push(async () => {
      await relay.close();
      await pool.end();
    });
    out.push({ bus, relay, seen, status });
  }
  return out;
}

const line = (id: number, message = `line ${id}`): LogEntry => ({
  id, ts: 1_700_000_000_000 + id, connectorId: 'erp', action: 'sync', entityType: null, entityId: null, outcome: 'success',
  message, attempt: null, jobId: null, runId: 7, dismissed: false, retryable: false,
});

describe('live events between engines', () => {
  it('brings each event emitted on one engine to the others once and in order, and not back to itself', async () => {
    const [a, b, c] = await engines(3);
    for (let i = 1; i <= 50; i++) a!.bus.emit('log:appended', { entries: [line(i)] });
    b!.bus.emit('errors:changed', {});
    await expect.poll(() => [b!.seen.length, c!.seen.length]).toEqual([51, 51]);
    expect(c!.seen.filter((s) => s.event === 'log:appended').map((s) => (s.payload as { entries: LogEntry[] }).entries[0]!.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await expect.poll(() => a!.seen.length).toBe(51);
    expect(a!.seen.filter((s) => s.event === 'log:appended')).toHaveLength(50);
    expect(b!.seen.filter((s) => s.event === 'errors:changed')).toHaveLength(1);
  });

  it('carries an event larger than a NOTIFY (non-ASCII text included) whole', async () => {
    const [a, b] = await engines(2);
    const entries = Array.from({ length: 300 }, (_, i) => line(i + 1, `Überweisung für Kunde ${i} — 注文 ${'x'.repeat(100)}`));
    a!.bus.emit('log:appended', { entries });
    await expect.poll(() => b!.seen.length).toBe(1);
    expect(JSON.stringify(b!.seen[0]!.payload).length).toBeGreaterThan(40_000);
    expect(b!.seen[0]!.payload).toEqual({ entries });
  });

  it('drops what is not an event of this version, and listens again after its connection is cut', async () => {
    const [a, b] = await engines(2);
    // An event name it does not know, and one in the wrong shape, sent as another engine would.
    a!.bus.emit('no:such-event' as never, {} as never);
    a!.bus.emit('log:appended', { entries: [{ id: 'not a number' }] } as never);
    a!.bus.emit('log:appended', { entries: [line(1)] });
    await expect.poll(() => b!.seen.length).toBe(1);
    expect((b!.seen[0]!.payload as { entries: LogEntry[] }).entries[0]!.id).toBe(1);

    // Every backend listening on this database is terminated: each relay must notice and LISTEN again.
    const killer = openPgPool(inject('postgres').url, { max: 1 });
    const { rowCount } = await killer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN syncdesk_events' AND datname = $1`, [database]);
    await killer.end();
    expect(rowCount).toBe(2);
    await expect.poll(() => b!.status.some((s) => /stopped/.test(s)), { timeout: 5_000 }).toBe(true);
    await expect.poll(() => b!.status.some((s) => /are back/.test(s)), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => a!.status.some((s) => /are back/.test(s)), { timeout: 10_000 }).toBe(true);
    a!.bus.emit('log:appended', { entries: [line(2)] });
    await expect.poll(() => b!.seen.length).toBe(2);
  });
});
