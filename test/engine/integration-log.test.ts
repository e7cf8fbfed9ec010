// The integration log's write path on a real SQLite file: lines outside a transaction share one commit, lines inside
// one commit (or roll back) with the change they are about.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createRepositories } from '../../src-main/store/repositories';
import { createIntegrationLog, type IndexPacing } from '../../src-main/engine/integration-log';
import { createEventBus } from '../../src-main/engine/event-bus';
import { createRedactor } from '../../src-main/engine/redactor';
import type { LogRepo } from '../../src-main/store/log-repo';
import { tempDir } from '../support/harness';

function setUp(pacing?: IndexPacing) {
  const file = join(tempDir(), 'log.db');
  const db = openDatabase(file);
  const repos = createRepositories(db);
  const batches: number[] = [];
  // The real repository, with its group commits counted.
  const indexPasses: number[] = [];
  const repo: LogRepo = {
    ...repos.log,
    appendBatch: (rows) => (batches.push(rows.length), repos.log.appendBatch(rows)),
    indexPending: (limit) => (indexPasses.push(performance.now()), repos.log.indexPending(limit)),
  };
  const log = createIntegrationLog(repo, createEventBus(), createRedactor(), Date.now, undefined, pacing);
  const lines = () => db.prepare(`SELECT id, message FROM integration_log ORDER BY id`).all() as { id: number; message: string }[];
  return { db, file, repos, log, batches, lines, indexPasses };
}

const line = (message: string) => ({ connectorId: 'confirm', action: 'crm-agent', outcome: 'success' as const, message });

describe('writing the integration log', () => {
  it('gives writers that come together one commit, each answered with its own row once it is stored', async () => {
    const { log, batches, lines, file } = setUp();
    const written = await Promise.all(Array.from({ length: 50 }, (_, i) => log.write(line(`update ${i}`))));
    expect(batches).toEqual([50]);
    expect(written.map((e) => e.message)).toEqual(Array.from({ length: 50 }, (_, i) => `update ${i}`));
    // Stored and visible to another connection once answered.
    const other = openDatabase(file);
    expect((other.prepare(`SELECT id, message FROM integration_log ORDER BY id`).all() as { id: number }[]).map((r) => r.id)).toEqual(written.map((e) => e.id));
    other.close();
    expect(lines()).toHaveLength(50);
    const next = await log.write(line('alone'));
    expect(batches).toEqual([50, 1]);
    expect(next.id).toBe(written[49]!.id + 1);
  });

  it('writes a line inside a transaction with that transaction: kept when it commits, gone when it rolls back', async () => {
    const { log, repos, batches, lines } = setUp();
    await repos.transaction(async () => {
      await log.write(line('committed with its change'));
    });
    await expect(
      repos.transaction(async () => {
        await log.write(line('undone with its change'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(batches).toEqual([]);
    expect(lines().map((l) => l.message)).toEqual(['committed with its change']);
  });

  it('waits behind an open transaction and then commits its group on its own', async () => {
    const { log, repos, lines } = setUp();
    let release!: () => void;
    const held = repos.transaction(() => new Promise<void>((r) => (release = r)));
    const outside = Promise.all([log.write(line('a')), log.write(line('b'))]);
    await new Promise((r) => setTimeout(r, 20));
    expect(lines()).toEqual([]);
    release();
    await held;
    expect((await outside).map((e) => e.message)).toEqual(['a', 'b']);
    expect(lines().map((l) => l.message)).toEqual(['a', 'b']);
  });

  it('commits the lines still waiting for their group before the store closes', async () => {
    const { log, db, file } = setUp();
    const writes = [log.write(line('late 1')), log.write(line('late 2'))];
    await log.settled();
    db.close();
    expect((await Promise.all(writes)).map((e) => e.message)).toEqual(['late 1', 'late 2']);
    const other = openDatabase(file);
    expect(other.prepare(`SELECT COUNT(*) FROM integration_log`).pluck().get()).toBe(2);
    other.close();
  });

  it('answers a store error to every writer of the group', async () => {
    const { log, db } = setUp();
    db.close();
    const results = await Promise.allSettled([log.write(line('x')), log.write(line('y'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the search index behind the writers', () => {
  it('takes no turn from writers that keep writing until the oldest line has waited its longest, then indexes while they go on', async () => {
    // Margins for a busy machine: a stall of the event loop longer than the quiet time would count as a pause.
    const { log, repos, indexPasses } = setUp({ quietMs: 250, maxDeferMs: 600 });
    const started = performance.now();
    let written = 0;
    // A burst far longer than the longest wait: a line every 5 ms for 2.5 s.
    while (performance.now() - started < 2_500) {
      await log.write(line(`burst ${written++}`));
      await sleep(5);
    }
    const ended = performance.now();
    expect(indexPasses.length).toBeGreaterThan(0);
    // Timers never fire early: nothing was indexed before the oldest line had waited the longest wait.
    expect(indexPasses[0]! - started).toBeGreaterThanOrEqual(600);
    // ...and the index did not wait for the burst to end.
    expect(indexPasses[0]!).toBeLessThan(ended);
    for (let i = 0; i < 100 && (await repos.log.unindexed()) > 0; i++) await sleep(20);
    expect(await repos.log.unindexed()).toBe(0);
  });

  it('waits no more once stopped (before its store closes), and a new start indexes what was left', async () => {
    const { log, repos, indexPasses, db } = setUp({ quietMs: 30, maxDeferMs: 60 });
    await log.write(line('left for the next start'));
    log.stop();
    await sleep(150);
    expect(indexPasses).toEqual([]);
    expect(await repos.log.unindexed()).toBe(1);
    const again = createIntegrationLog(repos.log, createEventBus(), createRedactor(), Date.now, undefined, { quietMs: 30, maxDeferMs: 60 });
    for (let i = 0; i < 100 && (await repos.log.unindexed()) > 0; i++) await sleep(20);
    expect(await repos.log.unindexed()).toBe(0);
    again.stop();
    db.close();
  });

  it('indexes once the writers pause, and not while one pause is shorter than the quiet time', async () => {
    const { log, repos, indexPasses } = setUp({ quietMs: 80, maxDeferMs: 60_000 });
    await log.write(line('first'));
    const first = performance.now();
    await sleep(20);
    await log.write(line('second, within the quiet time'));
    const second = performance.now();
    expect(await repos.log.unindexed()).toBe(2);
    for (let i = 0; i < 100 && (await repos.log.unindexed()) > 0; i++) await sleep(20);
    expect(await repos.log.unindexed()).toBe(0);
    // The pause that counted began at the second line, not the first.
    expect(indexPasses[0]! - second).toBeGreaterThanOrEqual(80);
    expect(indexPasses[0]! - first).toBeGreaterThanOrEqual(100);
  });
});
