// Configuration kept in memory by each engine of a team server: read once, dropped when any engine commits a change
// (LISTEN/NOTIFY), never filled from a transaction that wrote it, and not kept at all while the listening connection is
// down.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseFieldInput } from '../../../src-main/store/case-fields-repo';
import { startPgConfigCache, type PgConfigCache } from '../../../src-main/store/postgres/pg-config-cache';
import { openPgPool } from '../../../src-main/store/postgres/pool';
import { createPgRepositories, type PgRepositories } from '../../../src-main/store/postgres/repositories';
import { freshDatabase } from './pg-store';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Engine {
  repos: PgRepositories;
  cache: PgConfigCache;
  /** Statements this engine sent outside transactions that read the configuration tables. */
  configReads(): number;
  status: string[];
}

let url = '';

async function engines(n: number): Promise<Engine[]> {
  const db = await freshDatabase();
  url = db.url;
  cleanups.push(db.drop);
  const out: Engine[] = [];
  for (let i = 0; i < n; i++) {
    const pool = openPgPool(db.url, { max: 3 });
    let reads = 0;
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as pg.QueryConfig).text;
      if (/^\s*SELECT\b/i.test(text) && /\b(case_fields|mapping_templates|connections|secrets)\b/.test(text)) reads++;
      return query(...args);
    };
    const status: string[] = [];
    const cache = startPgConfigCache({ connectionString: db.url }, { onStatus: (m) => status.push(m), reconnectMs: { first: 50, max: 400 } });
    await cache.ready;
    cleanups.push(async () => {
      await cache.close();
      await pool.end();
    });
    out.push({ repos: createPgRepositories(pool, { configCache: cache }), cache, configReads: () => reads, status });
  }
  return out;
}

const field = (key: string, position = 0): CaseFieldInput => ({ key, label: key.toUpperCase(), kind: 'text', options: [], required: false, position });

describe('configuration kept in memory on a team server', () => {
  it('reads the configuration once, and again only after any engine commits a change to it', async () => {
    const [a, b] = await engines(2);
    expect(a!.cache.keeping).toBe(true);
    const ref = await b!.repos.references.insert('Enquiry', true, 0);
    const t = await b!.repos.templates.insert({ name: 'Raise', type: 'create_enquiry', referenceId: ref, rows: [] }, 0);
    await b!.repos.caseFields.insert(field('priority'), 0);
    await expect.poll(async () => (await a!.repos.caseFields.list()).map((f) => f.key)).toEqual(['priority']);
    await expect.poll(async () => (await a!.repos.templates.get(t))?.name).toBe('Raise');

    // Once the NOTIFYs of those inserts have all come (each drops the copy, once more), reads are served from memory.
    await expect.poll(async () => {
      const n = a!.configReads();
      await a!.repos.caseFields.list();
      await a!.repos.templates.get(t);
      return a!.configReads() - n;
    }).toBe(0);
    const before = a!.configReads();
    for (let i = 0; i < 20; i++) {
      await a!.repos.caseFields.list();
      await a!.repos.templates.get(t);
      await a!.repos.templates.ofReference(ref, 'create_enquiry');
    }
    expect(a!.configReads() - before).toBe(0);
    expect(Object.isFrozen(await a!.repos.templates.get(t))).toBe(true);

    // Another engine's change reaches this one's reads, each kind of it.
    await b!.repos.caseFields.insert(field('area', 1), 0);
    await expect.poll(async () => (await a!.repos.caseFields.list()).map((f) => f.key)).toEqual(['priority', 'area']);
    await b!.repos.templates.update(t, { name: 'Raise pothole', type: 'create_enquiry', referenceId: ref, rows: [] }, 1);
    await expect.poll(async () => (await a!.repos.templates.get(t))?.name).toBe('Raise pothole');
    // A Reference renamed shows in the template views kept.
    await b!.repos.references.update(ref, 'Enquiry number', true);
    await expect.poll(async () => (await a!.repos.templates.get(t))?.referenceName).toBe('Enquiry number');
    // A change made by hand (no engine's repository) is heard of too.
    const admin = openPgPool(url, { max: 1 });
    await admin.query(`UPDATE case_fields SET label = 'Where' WHERE key = 'area'`);
    await admin.end();
    await expect.poll(async () => (await a!.repos.caseFields.list()).find((f) => f.key === 'area')?.label).toBe('Where');
    await b!.repos.templates.delete(t);
    await expect.poll(async () => await a!.repos.templates.get(t)).toBeNull();
  });

  it('keeps connections and their sealed secrets, giving each caller a copy of a connection it may change', async () => {
    const [a, b] = await engines(2);
    await b!.repos.connections.save({ connectorId: 'confirm', values: { url: 'https://one' }, secretsSet: ['password'], state: 'ready', stateMessage: null }, 0);
    await b!.repos.secrets.put('confirm/password', 'v1.sealed-1', 0);
    await expect.poll(async () => (await a!.repos.connections.get('confirm'))?.values).toEqual({ url: 'https://one' });
    await expect.poll(async () => await a!.repos.secrets.get('confirm/password')).toBe('v1.sealed-1');
    await expect.poll(async () => {
      const n = a!.configReads();
      await a!.repos.connections.get('confirm');
      await a!.repos.secrets.get('confirm/password');
      return a!.configReads() - n;
    }).toBe(0);
    const mine = (await a!.repos.connections.get('confirm'))!;
    (mine.values as Record<string, unknown>).url = 'changed by the caller';
    expect((await a!.repos.connections.get('confirm'))!.values).toEqual({ url: 'https://one' });
    // Paused by another engine (its credentials refused): this engine's jobs see it.
    await b!.repos.connections.setState('confirm', 'auth_required', 'refused');
    await expect.poll(async () => (await a!.repos.connections.get('confirm'))?.state).toBe('auth_required');
    await b!.repos.secrets.replace('confirm/password', 'v1.sealed-1', 'v1.sealed-2', 1);
    await expect.poll(async () => await a!.repos.secrets.get('confirm/password')).toBe('v1.sealed-2');
    await b!.repos.secrets.delete('confirm/password');
    await expect.poll(async () => await a!.repos.secrets.get('confirm/password')).toBeNull();
  });

  it('shows an engine its own change at once, and keeps nothing a transaction wrote until it commits', async () => {
    const [a] = await engines(1);
    const ref = await a!.repos.references.insert('Enquiry', true, 0);
    const t = await a!.repos.templates.insert({ name: 'Raise', type: 'create_enquiry', referenceId: ref, rows: [] }, 0);
    expect((await a!.repos.templates.get(t))?.name).toBe('Raise');
    // Read after a write outside a transaction: never the old rows, not even before its NOTIFY comes back.
    await a!.repos.templates.update(t, { name: 'Raise 2', type: 'create_enquiry', referenceId: ref, rows: [] }, 1);
    expect((await a!.repos.templates.get(t))?.name).toBe('Raise 2');

    // A read made from outside the transaction while it is open (its continuation belongs to the caller's context).
    let startOutside!: () => void;
    const outsideRead = new Promise<void>((resolve) => (startOutside = resolve)).then(async () => (await a!.repos.templates.get(t))?.name);
    let outside: string | undefined;
    await expect(a!.repos.transaction(async (tx) => {
      await tx.templates.update(t, { name: 'Undone', type: 'create_enquiry', referenceId: ref, rows: [] }, 2);
      await tx.caseFields.insert(field('undone'), 2);
      expect((await tx.templates.get(t))?.name).toBe('Undone');
      expect((await tx.caseFields.list()).map((f) => f.key)).toEqual(['undone']);
      // Meanwhile a read outside the transaction sees what is committed, and is not kept.
      startOutside();
      outside = await outsideRead;
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(outside).toBe('Raise 2');
    expect((await a!.repos.templates.get(t))?.name).toBe('Raise 2');
    expect(await a!.repos.caseFields.list()).toEqual([]);

    await a!.repos.transaction(async (tx) => {
      await tx.caseFields.insert(field('kept'), 3);
    });
    expect((await a!.repos.caseFields.list()).map((f) => f.key)).toEqual(['kept']);
    const before = a!.configReads();
    await a!.repos.caseFields.list();
    await a!.repos.caseFields.list();
    expect(a!.configReads() - before).toBeLessThanOrEqual(1);
  });

  it('never serves the rows a write replaced, even to a read another transaction made while that write waited', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    // This engine hears nothing of its own database (it listens on another), so only its own bookkeeping protects it.
    const elsewhere = await freshDatabase('empty');
    cleanups.push(elsewhere.drop);
    const pool = openPgPool(db.url, { max: 4 });
    const cache = startPgConfigCache({ connectionString: elsewhere.url });
    await cache.ready;
    cleanups.push(async () => {
      await cache.close();
      await pool.end();
    });
    expect(cache.keeping).toBe(true);
    const repos = createPgRepositories(pool, { configCache: cache });
    const id = await repos.caseFields.insert(field('area'), 0);
    expect((await repos.caseFields.list())[0]!.label).toBe('AREA');
    // Staff's save waits on a row lock another session holds.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    cleanups.push(async () => await admin.end());
    await admin.query('BEGIN');
    await admin.query('SELECT * FROM case_fields WHERE id = $1 FOR UPDATE', [id]);
    const save = repos.caseFields.update(id, { label: 'Where', kind: 'text', options: [], required: false, position: 0 });
    // Meanwhile a job's transaction reads the fields: the old ones, committed, and keeps them.
    expect((await repos.transaction(async (tx) => await tx.caseFields.list()))[0]!.label).toBe('AREA');
    await admin.query('COMMIT');
    expect(await save).toBe(true);
    expect((await repos.caseFields.list())[0]!.label).toBe('Where');
  });

  it('finds out a listening connection that stopped answering without a word, and keeps nothing until one listens again', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const pool = openPgPool(db.url, { max: 2 });
    const status: string[] = [];
    const cache = startPgConfigCache({ connectionString: db.url, application_name: 'config-heartbeat-test' }, {
      onStatus: (m) => status.push(m), reconnectMs: { first: 50, max: 200 }, heartbeatMs: { everyMs: 100, limitMs: 300 },
    });
    await cache.ready;
    cleanups.push(async () => {
      await cache.close();
      await pool.end();
    });
    const admin = openPgPool(db.url, { max: 1 });
    cleanups.push(async () => await admin.end());
    const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'config-heartbeat-test'`);
    expect(rows).toHaveLength(1);
    const pid = rows[0]!.pid;
    // The server's process for that connection stops (as a connection a firewall dropped): no error, no close, no NOTIFY.
    process.kill(pid, 'SIGSTOP');
    cleanups.push(async () => void process.kill(pid, 'SIGCONT'));
    await expect.poll(() => cache.keeping, { timeout: 5_000 }).toBe(false);
    expect(status.join(' ')).toMatch(/dropped/);
    const repos = createPgRepositories(pool, { configCache: cache });
    await repos.caseFields.insert(field('while-stopped'), 0);
    expect((await repos.caseFields.list()).map((f) => f.key)).toEqual(['while-stopped']);
    await expect.poll(() => cache.keeping, { timeout: 5_000 }).toBe(true);
  });

  it('keeps nothing while the listening connection is down, and keeps again once it is back', async () => {
    const [a, b] = await engines(2);
    await a!.repos.caseFields.list();
    const admin = openPgPool(url, { max: 1 });
    cleanups.push(async () => await admin.end());
    const database = decodeURIComponent(new URL(url).pathname.slice(1));
    // Only `a`'s listener: `b` keeps listening.
    const { rowCount } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN syncdesk_config' AND datname = $1 AND pid = (
         SELECT min(pid) FROM pg_stat_activity WHERE query = 'LISTEN syncdesk_config' AND datname = $1)`, [database]);
    expect(rowCount).toBe(1);
    await expect.poll(() => [a!.cache.keeping, b!.cache.keeping].filter(Boolean).length).toBe(1);
    const down = [a!, b!].find((e) => !e.cache.keeping)!;
    const up = down === a ? b! : a!;
    expect(down.status.join(' ')).toMatch(/dropped/);
    // While it is down, a change by the other engine is seen at the very next read: nothing is kept.
    await up.repos.caseFields.insert(field('while-down'), 0);
    expect((await down.repos.caseFields.list()).map((f) => f.key)).toEqual(['while-down']);
    await expect.poll(() => down.cache.keeping, { timeout: 5_000 }).toBe(true);
    expect(down.status.at(-1)).toMatch(/heard again/);
    await down.repos.caseFields.list();
    const before = down.configReads();
    await down.repos.caseFields.list();
    expect(down.configReads() - before).toBe(0);
  });
});
