import { describe, expect, it } from 'vitest';
import { NotFound } from '../../../src-main/store/store-errors';
import type { RunCounts } from '../../../src-preload/contract';
import { freshStore, sqliteStore, type StoreFactory } from './store-under-test';

const counts = (fetched: number, created = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0): RunCounts => ({ fetched, created, updated, unchanged, skipped, failed });
const ZERO = counts(0);

/** Sync runs: single-flight per task, counts, the end of a run, runs a dead process left behind, and their items. */
export function describeRunsContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: sync runs`, () => {
    const store = freshStore(factory);

    it('starts a run as running with zero counts and no end', () => {
      const { runs } = store();
      const { run, alreadyRunning } = runs.start('erp', 'pull-accounts', 'manual', 1_000);
      expect(alreadyRunning).toBe(false);
      expect(run).toEqual({
        id: run.id, connectorId: 'erp', taskId: 'pull-accounts', trigger: 'manual', status: 'running',
        startedAt: 1_000, finishedAt: null, durationMs: null, counts: ZERO, message: null,
      });
      expect(runs.get(run.id)).toEqual(run);
      expect(runs.running('erp', 'pull-accounts')).toEqual(run);
      expect(runs.get(run.id + 1)).toBeNull();
    });

    it('is single-flight per task: a second start answers the run already going, other tasks start their own', () => {
      const { runs } = store();
      const first = runs.start('erp', 'pull', 'manual', 1).run;
      const second = runs.start('erp', 'pull', 'schedule', 2);
      expect(second).toEqual({ run: first, alreadyRunning: true });
      const otherTask = runs.start('erp', 'push', 'schedule', 3);
      const otherConnector = runs.start('mis', 'pull', 'schedule', 4);
      expect([otherTask.alreadyRunning, otherConnector.alreadyRunning]).toEqual([false, false]);
      expect(new Set([first.id, otherTask.run.id, otherConnector.run.id]).size).toBe(3);
      expect(runs.recent('erp', 'pull', 10).map((r) => r.id)).toEqual([first.id]);
    });

    it('is single-flight inside a transaction too, and a rolled-back start leaves no run', () => {
      const r = store();
      const inside = r.transaction((tx) => [tx.runs.start('erp', 'pull', 'manual', 1), tx.runs.start('erp', 'pull', 'manual', 2)]);
      expect(inside.map((s) => s.alreadyRunning)).toEqual([false, true]);
      expect(inside[1]!.run.id).toBe(inside[0]!.run.id);
      expect(() =>
        r.transaction((tx) => {
          tx.runs.start('erp', 'push', 'manual', 3);
          throw new Error('undo');
        }),
      ).toThrow('undo');
      expect(r.runs.running('erp', 'push')).toBeNull();
    });

    it('records progress counts while running, and the end with status, counts, message and duration', () => {
      const { runs } = store();
      const { run } = runs.start('erp', 'pull', 'manual', 1_000);
      runs.progress(run.id, counts(10, 2, 1), 1_500);
      expect(runs.get(run.id)).toMatchObject({ status: 'running', counts: counts(10, 2, 1), finishedAt: null });
      const done = runs.finish(run.id, 'partial', counts(20, 5, 3, 10, 1, 1), '1 record failed', 4_000);
      expect(done).toEqual({ ...run, status: 'partial', finishedAt: 4_000, durationMs: 3_000, counts: counts(20, 5, 3, 10, 1, 1), message: '1 record failed' });
      expect(runs.running('erp', 'pull')).toBeNull();
    });

    it('changes nothing of a finished run: later progress and a second finish are ignored', () => {
      const { runs } = store();
      const { run } = runs.start('erp', 'pull', 'manual', 0);
      const done = runs.finish(run.id, 'success', counts(3, 3), null, 100);
      runs.progress(run.id, counts(99), 200);
      expect(runs.finish(run.id, 'failed', counts(1), 'late', 300)).toEqual(done);
      expect(runs.get(run.id)).toEqual(done);
    });

    it('lets a task start again once its run has finished, and lists its runs newest first', () => {
      const { runs } = store();
      const a = runs.start('erp', 'pull', 'manual', 0).run;
      runs.finish(a.id, 'failed', ZERO, 'down', 10);
      const b = runs.start('erp', 'pull', 'schedule', 20);
      expect(b.alreadyRunning).toBe(false);
      runs.finish(b.run.id, 'success', ZERO, null, 30);
      const c = runs.start('erp', 'pull', 'manual', 40).run;
      expect(runs.recent('erp', 'pull', 10).map((r) => [r.id, r.status])).toEqual([[c.id, 'running'], [b.run.id, 'success'], [a.id, 'failed']]);
      expect(runs.recent('erp', 'pull', 2).map((r) => r.id)).toEqual([c.id, b.run.id]);
      expect(runs.recent('erp', 'other', 10)).toEqual([]);
    });

    it('marks runs whose heartbeat stopped before a time as interrupted, ended at their last heartbeat', () => {
      const { runs } = store();
      const stale = runs.start('erp', 'pull', 'manual', 0).run;
      runs.progress(stale.id, counts(4), 500);
      const alive = runs.start('erp', 'push', 'manual', 0).run;
      runs.progress(alive.id, ZERO, 900);
      expect(runs.interruptStale(500)).toBe(0);
      expect(runs.interruptStale(800)).toBe(1);
      expect(runs.get(stale.id)).toMatchObject({ status: 'interrupted', finishedAt: 500, durationMs: 500, counts: counts(4), message: 'the app stopped during this run' });
      expect(runs.get(alive.id)!.status).toBe('running');
      expect(runs.start('erp', 'pull', 'manual', 1_000).alreadyRunning).toBe(false);
    });

    it('numbers a run\'s items in the order added, across calls, and pages them by number', () => {
      const { runs } = store();
      const { run } = runs.start('erp', 'pull', 'manual', 0);
      const other = runs.start('mis', 'pull', 'manual', 0).run;
      runs.addItems(run.id, [
        { ts: 1, entityType: 'account', entityId: 'A1', action: 'created', message: null },
        { ts: 2, entityType: 'account', entityId: 'A2', action: 'skipped', message: 'no email' },
      ]);
      runs.addItems(other.id, [{ ts: 1, entityType: 'account', entityId: 'X', action: 'failed', message: 'bad' }]);
      runs.addItems(run.id, []);
      runs.addItems(run.id, [{ ts: 3, entityType: 'account', entityId: 'A3', action: 'updated', message: null }]);
      const first = runs.items(run.id, 0, 2);
      expect(first).toEqual({
        items: [
          { seq: 1, ts: 1, entityType: 'account', entityId: 'A1', action: 'created', message: null },
          { seq: 2, ts: 2, entityType: 'account', entityId: 'A2', action: 'skipped', message: 'no email' },
        ],
        nextCursor: 2,
      });
      expect(runs.items(run.id, 2, 2)).toEqual({ items: [{ seq: 3, ts: 3, entityType: 'account', entityId: 'A3', action: 'updated', message: null }], nextCursor: null });
      expect(runs.items(other.id, 0, 10).items.map((i) => [i.seq, i.entityId])).toEqual([[1, 'X']]);
    });

    it('refuses items for a run that does not exist with NotFound', () => {
      const { runs } = store();
      expect(() => runs.addItems(12345, [{ ts: 1, entityType: 'account', entityId: 'A', action: 'created', message: null }])).toThrow(NotFound);
    });
  });
}

describeRunsContract('SQLite', sqliteStore);
