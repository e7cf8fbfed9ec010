import { afterEach, describe, expect, it } from 'vitest';
import { statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { peekDb, startTestCore, tempDir } from '../support/harness';
import { migrate, openDatabase } from '../../src-main/store/database';
import type { CleanupResult } from '../../src-preload/contract';

const DAY = 86_400_000;
type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const padding = 'lorem ipsum dolor sit amet '.repeat(20);

async function seedLog(x: Harness, count: number, ts: number, tag: string): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, (_, k) => ({ ts: ts + i + k, connectorId: 'testkit', action: tag, outcome: 'success' as const, message: `${tag} ${i + k} ${padding}` }));
    await x.services.repos.log.appendMany(batch);
  }
}

async function seedRun(x: Harness, startedAt: number, items: number): Promise<number> {
  const { run } = await x.services.repos.runs.start('testkit', 'pull-widgets', 'manual', startedAt);
  await x.services.repos.runs.addItems(run.id, Array.from({ length: items }, (_, i) => ({ ts: startedAt, entityType: 'widget', entityId: `w${i}`, action: 'created' as const, message: padding })));
  await x.services.repos.runs.finish(run.id, 'success', { fetched: items, created: items, updated: 0, unchanged: 0, skipped: 0, failed: 0 }, null, startedAt + 1);
  return run.id;
}

describe('retention cleanup', () => {
  it('deletes only the rows older than their retention, in batches, while contract calls go on, and the file shrinks', async () => {
    h = await startTestCore({ core: { retentionBatchSize: 100 } });
    const x = h;
    const now = Date.now();
    await seedLog(x, 3_000, now - 100 * DAY, 'old-line');
    await seedLog(x, 1_000, now - 10 * DAY, 'recent-line');
    const oldRuns = [await seedRun(x, now - 200 * DAY, 400), await seedRun(x, now - 190 * DAY, 400)];
    const recentRun = await seedRun(x, now - 5 * DAY, 50);
    // Field changes go with the run history: the old runs' (and a run's whose row an earlier cleanup removed), and
    // pushes' (no run) older than 180 days.
    const change = (runId: number | null, at: number, n: number, tag: string) => ({
      connectorId: 'testkit', entityType: 'widget', entityId: tag, runId, source: runId === null ? 'push' : 'pull-widgets', at,
      changes: Array.from({ length: n }, (_, i) => ({ field: `f${i}`, from: 'a', to: tag })),
    });
    await x.services.repos.recordChanges.add([
      change(oldRuns[0]! - 1, now - 300 * DAY, 5, 'gone-run'), change(oldRuns[0]!, now - 200 * DAY, 300, 'old-run'), change(oldRuns[1]!, now - 190 * DAY, 300, 'old-run'),
      change(null, now - 181 * DAY, 250, 'old-push'), change(recentRun, now - 5 * DAY, 40, 'recent-run'), change(null, now - 179 * DAY, 30, 'recent-push'),
    ]);
    const sql = peekDb(x.services.paths.database);
    const oldLeft = () => sql.prepare(`SELECT COUNT(*) FROM integration_log WHERE action = 'old-line'`).pluck().get() as number;
    const before = statSync(x.services.paths.database).size + statSync(`${x.services.paths.database}-wal`).size;

    // Contract calls made all through the cleanup: each one that completes while old lines are half gone got its
    // turn between two batches. Jobs and runs go on writing the log meanwhile: none of their lines is lost.
    let done = false;
    const writes: Promise<unknown>[] = [];
    const cleanup = x.core.dispatch('ops:cleanup', {}).finally(() => (done = true));
    const seenMidway: number[] = [];
    while (!done) {
      // Calls arrive from outside (IPC, HTTP): each in a turn of the event loop of its own.
      await new Promise((resolve) => setImmediate(resolve));
      const r = await x.core.dispatch('log:page', { limit: 5 });
      expect(r.ok).toBe(true);
      writes.push(x.services.log.write({ connectorId: 'testkit', action: 'during-cleanup', outcome: 'success', message: `written during cleanup ${writes.length}` }));
      const left = oldLeft();
      if (!done && left > 0 && left < 3_000) seenMidway.push(writes.length);
    }
    const r = await cleanup;
    expect(r.ok).toBe(true);
    const result = (r as { data: CleanupResult }).data;
    expect(seenMidway.length).toBeGreaterThan(0);
    await Promise.all(writes);
    // Lines were written while old lines were half gone (seenMidway holds how many had been written by then).
    expect(seenMidway.some((n) => n > 0)).toBe(true);
    expect(sql.prepare(`SELECT COUNT(*) FROM integration_log WHERE action = 'during-cleanup'`).pluck().get()).toBe(writes.length);
    const written = await x.core.dispatch('log:page', { q: 'written during cleanup', limit: 1 });
    expect(written).toMatchObject({ ok: true, data: { entries: [{ message: `written during cleanup ${writes.length - 1}` }] } });

    expect(result.logDeleted).toBe(3_000);
    expect(result.runItemsDeleted).toBe(800);
    expect(result.runsDeleted).toBe(2);
    expect(result.fieldChangesDeleted).toBe(5 + 600 + 250);
    expect(sql.prepare(`SELECT entity_id, COUNT(*) AS n FROM record_changes GROUP BY entity_id ORDER BY entity_id`).all()).toEqual([
      { entity_id: 'recent-push', n: 30 },
      { entity_id: 'recent-run', n: 40 },
    ]);
    expect(result.batches).toBeGreaterThanOrEqual(30 + 8 + 9);
    expect(oldLeft()).toBe(0);
    expect(sql.prepare(`SELECT COUNT(*) FROM integration_log WHERE action = 'recent-line'`).pluck().get()).toBe(1_000);
    for (const id of oldRuns) expect(await x.services.repos.runs.get(id)).toBeNull();
    expect((await x.services.repos.runs.items(recentRun, 0, 100)).items).toHaveLength(50);
    // The search index let go of the deleted lines too.
    const found = await x.core.dispatch('log:page', { q: 'old-line', limit: 10 });
    expect(found).toMatchObject({ ok: true, data: { entries: [] } });
    // Its segments were merged by cleanup's own steps, and its own merging is on again (FTS5's defaults).
    expect(sql.prepare(`SELECT k, v FROM integration_log_fts_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k`).all()).toEqual([
      { k: 'automerge', v: 4 },
      { k: 'crisismerge', v: 16 },
    ]);
    const recent = await x.core.dispatch('log:page', { q: 'recent-line', limit: 500 });
    expect(recent).toMatchObject({ ok: true });
    expect((recent as { data: { entries: unknown[] } }).data.entries).toHaveLength(500);

    expect(sql.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(result.vacuumedPages).toBeGreaterThan(0);
    const after = statSync(x.services.paths.database).size + (existsSync(`${x.services.paths.database}-wal`) ? statSync(`${x.services.paths.database}-wal`).size : 0);
    expect(after).toBeLessThan(before);
    expect(result.bytesAfter).toBeLessThan(result.bytesBefore);

    const view = await x.core.dispatch('ops:retention', {});
    expect(view).toMatchObject({ ok: true, data: { settings: { logDays: 90, runDays: 180 }, running: false, lastCleanup: { logDeleted: 3_000 } } });
  });

  it('spares the old lines of open errors (a job that can still be retried, a failed run), and deletes the rest', async () => {
    h = await startTestCore({ core: { retentionBatchSize: 3 } });
    const repos = h.services.repos;
    const sql = new Database(h.services.paths.database);
    sql.pragma('busy_timeout = 5000');
    const old = Date.now() - 100 * DAY;
    const job = async (status: string) => {
      const id = await repos.jobs.enqueue({ connectorId: 'testkit', kind: 'create-widget', entityKey: `w-${status}`, idempotencyKey: `ret-${status}`, payload: {} }, old);
      sql.prepare(`UPDATE jobs SET status = ? WHERE id = ?`).run(status, id);
      return id;
    };
    const lines: { tag: string; outcome: 'success' | 'failure' | 'validation_failure' | 'dead' | 'retrying'; jobId?: number; runId?: number; dismiss?: boolean }[] = [
      { tag: 'keep-dead-job', outcome: 'dead', jobId: await job('dead') },
      { tag: 'keep-failed-job', outcome: 'validation_failure', jobId: await job('failed') },
      { tag: 'keep-in-doubt-job', outcome: 'failure', jobId: await job('in_doubt') },
      { tag: 'keep-failed-run', outcome: 'failure', runId: 7 },
      { tag: 'drop-done-job', outcome: 'dead', jobId: await job('done') },
      { tag: 'drop-dismissed-job', outcome: 'dead', jobId: await job('dismissed') },
      { tag: 'drop-dismissed-line', outcome: 'failure', runId: 8, dismiss: true },
      { tag: 'drop-success', outcome: 'success', runId: 9 },
      { tag: 'drop-retrying', outcome: 'retrying', jobId: await job('pending') },
      { tag: 'drop-plain-failure', outcome: 'failure' },
    ];
    // Spread over several batches, kept lines between deleted ones, several on one timestamp.
    for (let round = 0; round < 3; round++)
      await repos.log.appendMany(lines.map((l, i) => ({ ts: old + round * 10 + (i % 4), connectorId: 'testkit', action: l.tag, outcome: l.outcome, message: `${l.tag} ${round}`, jobId: l.jobId ?? null, runId: l.runId ?? null })));
    for (const l of lines.filter((x) => x.dismiss)) sql.prepare(`UPDATE integration_log SET dismissed = 1 WHERE action = ?`).run(l.tag);
    await repos.log.appendMany([{ ts: Date.now(), connectorId: 'testkit', action: 'drop-recent', outcome: 'success', message: 'recent' }]);

    const r = await h.core.dispatch('ops:cleanup', {});
    expect(r).toMatchObject({ ok: true, data: { logDeleted: 18 } });
    const left = sql.prepare(`SELECT action, COUNT(*) AS n FROM integration_log WHERE action LIKE 'keep-%' OR action LIKE 'drop-%' GROUP BY action ORDER BY action`).all();
    expect(left).toEqual([
      { action: 'drop-recent', n: 1 },
      { action: 'keep-dead-job', n: 3 },
      { action: 'keep-failed-job', n: 3 },
      { action: 'keep-failed-run', n: 3 },
      { action: 'keep-in-doubt-job', n: 3 },
    ]);
    // A second cleanup finds the spared lines again and still keeps them.
    expect(await h.core.dispatch('ops:cleanup', {})).toMatchObject({ ok: true, data: { logDeleted: 0 } });
    sql.close();
  });

  it('keeps the newest N raw downloads per kind, then removes the oldest files over the size cap', async () => {
    h = await startTestCore();
    const x = h;
    const repos = x.services.repos;
    const ids: number[] = [];
    const files: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await repos.downloads.start('testkit', 'widgets', Date.now());
      const file = join(x.services.paths.downloads, `widgets-${id}.json`);
      writeFileSync(file, 'x'.repeat(600 * 1024));
      await repos.downloads.progress(id, 10, 1, 600 * 1024, file);
      await repos.downloads.finish(id, 'complete', null, Date.now());
      ids.push(id);
      files.push(file);
    }
    const other = await repos.downloads.start('testkit', 'gadgets', Date.now());
    await repos.downloads.finish(other, 'complete', null, Date.now());

    expect(await x.core.dispatch('ops:save-retention', { downloadsPerKind: 3 })).toMatchObject({ ok: true, data: { settings: { downloadsPerKind: 3, logDays: 90 } } });
    const first = (await x.core.dispatch('ops:cleanup', {})) as { ok: true; data: CleanupResult };
    expect(first.data).toMatchObject({ downloadsDeleted: 2, rawFilesRemoved: 2 });
    expect(await repos.downloads.get(ids[0]!)).toBeNull();
    expect(await repos.downloads.get(ids[1]!)).toBeNull();
    expect(files.map((f) => existsSync(f))).toEqual([false, false, true, true, true]);
    expect(await repos.downloads.get(other)).not.toBeNull();

    // 3 × 600 KiB kept, cap 1 MiB: the two oldest files go, their rows stay (saying so); the newest always stays.
    await x.core.dispatch('ops:save-retention', { downloadsMaxMegabytes: 1 });
    const second = (await x.core.dispatch('ops:cleanup', {})) as { ok: true; data: CleanupResult };
    expect(second.data).toMatchObject({ downloadsDeleted: 0, rawFilesRemoved: 2 });
    expect(files.map((f) => existsSync(f))).toEqual([false, false, false, false, true]);
    expect(await repos.downloads.get(ids[2]!)).toMatchObject({ rawFile: null, message: expect.stringContaining('size cap') });
    expect(await repos.downloads.get(ids[4]!)).toMatchObject({ rawFile: files[4] });
  });

  it('puts the search index\'s own merging back at the next start when a cleanup was cut short', async () => {
    h = await startTestCore();
    await h.services.repos.maintenance.pauseIndexMerges();
    const dataDir = h.services.paths.root;
    const config = () => {
      const db = new Database(join(dataDir, 'syncdesk.db'), { readonly: true });
      try {
        return db.prepare(`SELECT k, v FROM integration_log_fts_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k`).all();
      } finally {
        db.close();
      }
    };
    expect(config()).toEqual([{ k: 'automerge', v: 0 }, { k: 'crisismerge', v: 200 }]);
    await h.close(false);
    h = await startTestCore({ dataDir });
    await expect.poll(config).toEqual([{ k: 'automerge', v: 4 }, { k: 'crisismerge', v: 16 }]);
  });

  it('refuses settings out of range in plain words', async () => {
    h = await startTestCore();
    const r = await h.core.dispatch('ops:save-retention', { logDays: 0 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'logDays' }] } });
    expect(await h.core.dispatch('ops:retention', {})).toMatchObject({ ok: true, data: { settings: { logDays: 90 } } });
  });
});

describe('incremental vacuum on an existing database', () => {
  it('is switched on once at start-up (one VACUUM), and the data stays', () => {
    const dir = tempDir();
    const file = join(dir, 'syncdesk.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    migrate(old);
    old.prepare(`INSERT INTO app_settings (key, value) VALUES ('kept', '"yes"')`).run();
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    old.close();

    const db = openDatabase(file);
    try {
      expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
      expect(db.prepare(`SELECT value FROM app_settings WHERE key = 'kept'`).pluck().get()).toBe('"yes"');
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
