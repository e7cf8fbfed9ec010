import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tempDir } from '../support/harness';
import { WidgetSandbox } from '../support/testkit-connector';
import { bundleChild, runChild } from '../support/crash-child-runner';

const JOBS = 300;
let sandbox: WidgetSandbox;
let url: string;
let script: string;

beforeAll(async () => {
  script = await bundleChild('test/support/crash-child.ts', 'test-child');
  sandbox = new WidgetSandbox(11);
  sandbox.replyDelayMs = 15;
  url = await sandbox.start();
  await sandbox.setFaults({ latencyMs: 5, errorRate: 0.1 });
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe('crash safety', () => {
  it('loses no job and repeats no remote effect when killed with SIGKILL at several points', async () => {
    const dataDir = tempDir();
    try {
      const points = [20, 90, 160, 230];
      for (const p of points) {
        const r = await runChild(script, [dataDir, url, String(JOBS)], (done) => done >= p);
        expect(r.stderr).toBe('');
        expect(r.killed).toBe(true);
      }
      const last = await runChild(script, [dataDir, url, String(JOBS)], null);
      expect(last.stderr).toBe('');
      expect(last.settled).toBe(true);
      expect(last.code).toBe(0);

      const db = new Database(join(dataDir, 'syncdesk.db'), { readonly: true });
      const jobs = db.prepare(`SELECT idempotency_key AS key, status, attempts FROM jobs`).all() as { key: string; status: string; attempts: number }[];
      const runs = db.prepare(`SELECT COUNT(*) FROM sync_runs`).pluck().get();
      // Every attempt has its log line, the ones a kill cut short included (counted apart, as interrupted).
      const unlogged = db
        .prepare(`SELECT j.id FROM jobs j WHERE j.attempts + j.interrupted <> (SELECT COUNT(*) FROM integration_log l WHERE l.job_id = j.id)`)
        .pluck()
        .all();
      db.close();
      expect(runs).toBe(1);
      expect(unlogged).toEqual([]);
      expect(jobs).toHaveLength(JOBS);
      const invalid = jobs.filter((j) => j.status === 'failed');
      expect(invalid.map((j) => j.key)).toEqual([`push-1-${JOBS}`]);
      const done = jobs.filter((j) => j.status === 'done');
      expect(done).toHaveLength(JOBS - 1);
      for (const j of done) expect(sandbox.effectsByKey.get(j.key)).toBe(1);
      expect(sandbox.created.size).toBe(JOBS - 1);
      // Some kills landed between the remote effect and the local commit: those creates came again and were answered, not applied.
      expect(sandbox.repeatsAnswered).toBeGreaterThan(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
