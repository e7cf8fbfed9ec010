import { describe, expect, it } from 'vitest';
import { NotFound } from '../../../src-main/store/store-errors';
import type { RunCounts } from '../../../src-preload/contract';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'runs'>;

const counts = (fetched: number, created = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0): RunCounts => ({ fetched, created, updated, unchanged, skipped, failed });
const ZERO = counts(0);

/** Sync runs: single-flight per task, counts, the end of a run, runs a dead process left behind, and their items. */
export function describeRunsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: sync runs`, () => {
    const store = freshStore(factory);

    it('starts a run as running with zero counts and no end', async () => {
      const { runs } = store();
      const { run, alreadyRunning } = await runs.start('erp', 'pull-accounts', 'manual', 1_000);
      expect(alreadyRunning).toBe(false);
      expect(run).toEqual({
        id: run.id, connectorId: 'erp', taskId: 'pull-accounts', trigger: 'manual', status: 'running',
        startedAt: 1_000, finishedAt: null, durationMs: null, counts: ZERO, message: null,
      });
      expect(await runs.get(run.id)).toEqual(run);
      expect(await runs.running('erp', 'pull-accounts')).toEqual(run);
      expect(await runs.get(run.id + 1)).toBeNull();
    });

    it('is single-flight per task: a second start answers the run already going, other tasks start their own', async () => {
      const { runs } = store();
      const first = (await runs.start('erp', 'pull', 'manual', 1)).run;
      const second = await runs.start('erp', 'pull', 'schedule', 2);
      expect(second).toEqual({ run: first, alreadyRunning: true });
      const otherTask = await runs.start('erp', 'push', 'schedule', 3);
      const otherConnector = await runs.start('mis', 'pull', 'schedule', 4);
      expect([otherTask.alreadyRunning, otherConnector.alreadyRunning]).toEqual([false, false]);
      expect(new Set([first.id, otherTask.run.id, otherConnector.run.id]).size).toBe(3);
      expect((await runs.recent('erp', 'pull', 10)).map((r) => r.id)).toEqual([first.id]);
    });

    it('is single-flight inside a transaction too, and a rolled-back start leaves no run', async () => {
      const r = store();
      const inside = await r.transaction(async (tx) => [await tx.runs.start('erp', 'pull', 'manual', 1), await tx.runs.start('erp', 'pull', 'manual', 2)]);
      expect(inside.map((s) => s.alreadyRunning)).toEqual([false, true]);
      expect(inside[1]!.run.id).toBe(inside[0]!.run.id);
      await expect(r.transaction(async (tx) => {
        await tx.runs.start('erp', 'push', 'manual', 3);
        throw new Error('undo');
      })).rejects.toThrow('undo');
      expect(await r.runs.running('erp', 'push')).toBeNull();
    });

    it('records progress counts while running, and the end with status, counts, message and duration', async () => {
      const { runs } = store();
      const { run } = await runs.start('erp', 'pull', 'manual', 1_000);
      await runs.progress(run.id, counts(10, 2, 1), 1_500);
      expect(await runs.get(run.id)).toMatchObject({ status: 'running', counts: counts(10, 2, 1), finishedAt: null });
      const done = await runs.finish(run.id, 'partial', counts(20, 5, 3, 10, 1, 1), '1 record failed', 4_000);
      expect(done).toEqual({ ...run, status: 'partial', finishedAt: 4_000, durationMs: 3_000, counts: counts(20, 5, 3, 10, 1, 1), message: '1 record failed' });
      expect(await runs.running('erp', 'pull')).toBeNull();
    });

    it('changes nothing of a finished run: later progress and a second finish are ignored', async () => {
      const { runs } = store();
      const { run } = await runs.start('erp', 'pull', 'manual', 0);
      const done = await runs.finish(run.id, 'success', counts(3, 3), null, 100);
      await runs.progress(run.id, counts(99), 200);
      expect(await runs.finish(run.id, 'failed', counts(1), 'late', 300)).toEqual(done);
      expect(await runs.get(run.id)).toEqual(done);
    });

    it('lets a task start again once its run has finished, and lists its runs newest first', async () => {
      const { runs } = store();
      const a = (await runs.start('erp', 'pull', 'manual', 0)).run;
      await runs.finish(a.id, 'failed', ZERO, 'down', 10);
      const b = await runs.start('erp', 'pull', 'schedule', 20);
      expect(b.alreadyRunning).toBe(false);
      await runs.finish(b.run.id, 'success', ZERO, null, 30);
      const c = (await runs.start('erp', 'pull', 'manual', 40)).run;
      expect((await runs.recent('erp', 'pull', 10)).map((r) => [r.id, r.status])).toEqual([[c.id, 'running'], [b.run.id, 'success'], [a.id, 'failed']]);
      expect((await runs.recent('erp', 'pull', 2)).map((r) => r.id)).toEqual([c.id, b.run.id]);
      expect(await runs.recent('erp', 'other', 10)).toEqual([]);
    });

    it('marks runs whose heartbeat stopped before a time as interrupted, ended at their last heartbeat', async () => {
      const { runs } = store();
      const stale = (await runs.start('erp', 'pull', 'manual', 0)).run;
      await runs.progress(stale.id, counts(4), 500);
      const alive = (await runs.start('erp', 'push', 'manual', 0)).run;
      await runs.progress(alive.id, ZERO, 900);
      expect(await runs.interruptStale(500)).toBe(0);
      expect(await runs.interruptStale(800)).toBe(1);
      expect(await runs.get(stale.id)).toMatchObject({ status: 'interrupted', finishedAt: 500, durationMs: 500, counts: counts(4), message: 'the app stopped during this run' });
      expect((await runs.get(alive.id))!.status).toBe('running');
      expect((await runs.start('erp', 'pull', 'manual', 1_000)).alreadyRunning).toBe(false);
    });

    it('numbers a run\'s items in the order added, across calls, and pages them by number', async () => {
      const { runs } = store();
      const { run } = await runs.start('erp', 'pull', 'manual', 0);
      const other = (await runs.start('mis', 'pull', 'manual', 0)).run;
      await runs.addItems(run.id, [
        { ts: 1, entityType: 'account', entityId: 'A1', action: 'created', message: null },
        { ts: 2, entityType: 'account', entityId: 'A2', action: 'skipped', message: 'no email' },
      ]);
      await runs.addItems(other.id, [{ ts: 1, entityType: 'account', entityId: 'X', action: 'failed', message: 'bad' }]);
      await runs.addItems(run.id, []);
      await runs.addItems(run.id, [{ ts: 3, entityType: 'account', entityId: 'A3', action: 'updated', message: null }]);
      const first = await runs.items(run.id, 0, 2);
      expect(first).toEqual({
        items: [
          { seq: 1, ts: 1, entityType: 'account', entityId: 'A1', action: 'created', message: null },
          { seq: 2, ts: 2, entityType: 'account', entityId: 'A2', action: 'skipped', message: 'no email' },
        ],
        nextCursor: 2,
      });
      expect(await runs.items(run.id, 2, 2)).toEqual({ items: [{ seq: 3, ts: 3, entityType: 'account', entityId: 'A3', action: 'updated', message: null }], nextCursor: null });
      expect((await runs.items(other.id, 0, 10)).items.map((i) => [i.seq, i.entityId])).toEqual([[1, 'X']]);
    });

    it('refuses items for a run that does not exist with NotFound', async () => {
      const { runs } = store();
      await expect(runs.addItems(12345, [{ ts: 1, entityType: 'account', entityId: 'A', action: 'created', message: null }])).rejects.toThrow(NotFound);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeRunsContract);
