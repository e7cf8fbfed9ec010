// Retention cleanup on a team server's PostgreSQL store: the same batches as on SQLite, through the store's port.
import { describe, expect, it } from 'vitest';
import { createRetention } from '../../../src-main/ops/retention';
import type { Repositories } from '../../../src-main/store/repositories';
import { freshStore } from '../contract/store-under-test';
import { postgresStore } from './pg-store';

const DAY = 86_400_000;

async function seedRun(repos: Repositories, startedAt: number, items: number): Promise<number> {
  const { run } = await repos.runs.start('testkit', 'pull-widgets', 'manual', startedAt);
  await repos.runs.addItems(run.id, Array.from({ length: items }, (_, i) => ({ ts: startedAt, entityType: 'widget', entityId: `w${i}`, action: 'created' as const, message: null })));
  await repos.runs.finish(run.id, 'success', { fetched: items, created: items, updated: 0, unchanged: 0, skipped: 0, failed: 0 }, null, startedAt + 1);
  return run.id;
}

describe('retention cleanup on PostgreSQL', () => {
  const store = freshStore(postgresStore);

  it('deletes the log lines, runs, items and field changes past their retention in batches, and keeps the rest and open errors', async () => {
    const repos = store();
    const now = Date.now();
    const line = (ts: number, action: string, outcome: 'success' | 'failure' = 'success', runId: number | null = null) => ({ ts, connectorId: 'testkit', action, outcome, message: action, runId });
    const oldRun = await seedRun(repos, now - 200 * DAY, 120);
    const keptRun = await seedRun(repos, now - 5 * DAY, 10);
    await repos.log.appendMany([
      ...Array.from({ length: 250 }, (_, i) => line(now - 100 * DAY + i, 'old-line')),
      ...Array.from({ length: 40 }, (_, i) => line(now - 10 * DAY + i, 'recent-line')),
      // An open error of a run: staff have not dismissed it, so it stays whatever its age.
      line(now - 100 * DAY - 1, 'open-error', 'failure', keptRun),
    ]);
    await repos.recordChanges.add([
      { connectorId: 'testkit', entityType: 'widget', entityId: 'w1', runId: oldRun, source: 'pull-widgets', at: now - 200 * DAY, changes: [{ field: 'a', from: '1', to: '2' }] },
      { connectorId: 'testkit', entityType: 'widget', entityId: 'w2', runId: keptRun, source: 'pull-widgets', at: now - 5 * DAY, changes: [{ field: 'a', from: '1', to: '3' }] },
    ]);
    const batches: string[] = [];
    const retention = createRetention({ repos, databaseFile: '/nonexistent/team-server', now: () => now, batchSize: 50, onBatch: (step) => batches.push(step) });
    const result = await retention.run();
    expect(result).toMatchObject({ logDeleted: 250, runItemsDeleted: 120, runsDeleted: 1, fieldChangesDeleted: 1, vacuumedPages: 0 });
    expect(batches.filter((b) => b === 'log').length).toBeGreaterThan(1);
    expect(await repos.runs.get(oldRun)).toBeNull();
    expect(await repos.runs.get(keptRun)).not.toBeNull();
    const left = await repos.maintenance.counts();
    expect(left).toMatchObject({ log: 41, runs: 1 });
    // Done once: a second cleanup finds nothing more.
    expect(await retention.run()).toMatchObject({ logDeleted: 0, runItemsDeleted: 0, runsDeleted: 0, fieldChangesDeleted: 0 });
  });

  it('refuses a file backup in words that name pg_dump', async () => {
    await expect(store().maintenance.backupTo('/tmp/never.db')).rejects.toThrow(/back it up with pg_dump/);
  });
});
