// At start-up, work a dead process left under way is taken up at once: its leases (the data-folder lock proves no one
// else holds them), its runs and its downloads, whose partial raw files go.
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createRepositories } from '../../src-main/store/repositories';
import { startTestCore, tempDir, until } from '../support/harness';
import { TESTKIT_ID } from '../support/testkit-connector';

describe('start-up recovery', () => {
  it('takes up leased jobs at once, and fails interrupted downloads, removing their partial files', async () => {
    const dir = tempDir();
    const first = await startTestCore({ dataDir: dir });
    await first.services.jobs.stop();
    await first.close(false);

    // What a process killed mid-work leaves: a job leased for two more minutes, a download under way with its file.
    const db = openDatabase(join(dir, 'syncdesk.db'));
    const repos = createRepositories(db);
    const now = Date.now();
    const jobId = await repos.jobs.enqueue({ connectorId: TESTKIT_ID, kind: 'create-widget', entityKey: 'widget-1', idempotencyKey: 'left-behind', payload: { name: 'left behind' } }, now);
    expect(await repos.jobs.claim({ now, leaseMs: 120_000, limit: 1, newToken: () => 'dead-process' })).toHaveLength(1);
    const downloadId = await repos.downloads.start(TESTKIT_ID, 'widgets', now);
    const partial = join(dir, 'downloads', `partial-${downloadId}.json`);
    writeFileSync(partial, '[{"half":');
    await repos.downloads.progress(downloadId, 500, 1, 9, partial);
    db.close();

    const second = await startTestCore({ dataDir: dir });
    try {
      // Done well inside the lease it was given: nobody waited two minutes.
      await until(async () => (await second.services.repos.jobs.get(jobId))?.status === 'done', 'the job left behind', 20_000);
      const job = (await second.services.repos.jobs.get(jobId))!;
      expect([job.attempts, job.interrupted]).toEqual([1, 1]);
      expect(second.sandbox.effectsByKey.get('left-behind')).toBe(1);
      const lines = (await second.services.repos.log.page({ connectorId: TESTKIT_ID }, null, 50)).entries.filter((l) => l.jobId === jobId).map((l) => l.message);
      expect(lines.some((m) => m.includes('did not finish: the app stopped during it; trying again'))).toBe(true);
      expect(await second.services.repos.downloads.get(downloadId)).toMatchObject({
        status: 'failed',
        rawFile: null,
        message: 'interrupted: the app stopped during this download after 500 records; its partial raw file (9 bytes) was removed',
      });
      expect(existsSync(partial)).toBe(false);
    } finally {
      await second.close();
    }
  });
});
