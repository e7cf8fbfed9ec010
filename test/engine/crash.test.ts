import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { tempDir } from '../support/harness';
import { WidgetSandbox } from '../support/testkit-connector';
import { bundleChild, runChild } from '../support/crash-child-runner';
import { whenRunAlone, type CoreStore } from '../support/core-store';

const JOBS = 300;

/** kill -9 of a core working jobs, on the store given (both run it: see test/store/postgres/crash-matrix.test.ts). */
export function describeCrash(store: CoreStore): void {
  describe(`crash safety (${store.name})`, () => {
    let sandbox: WidgetSandbox;
    let url: string;
    let script: string;

    beforeAll(async () => {
      script = await bundleChild('test/support/crash-child.ts', `test-child-${store.name.toLowerCase()}`);
      sandbox = new WidgetSandbox(11);
      sandbox.replyDelayMs = 15;
      url = await sandbox.start();
      await sandbox.setFaults({ latencyMs: 5, errorRate: 0.1 });
    }, 120_000);

    afterAll(async () => {
      await sandbox?.stop();
    });

    it('loses no job and repeats no remote effect when killed with SIGKILL at several points', async () => {
      const dataDir = tempDir();
      const opened = await store.open(dataDir);
      try {
        const points = [20, 90, 160, 230];
        for (const p of points) {
          const r = await runChild(script, [dataDir, url, String(JOBS)], (done) => done >= p, opened.env);
          expect(r.stderr).toBe('');
          expect(r.killed, `the child was not killed; it said: ${r.lastLines.join(' | ')}`).toBe(true);
        }
        const last = await runChild(script, [dataDir, url, String(JOBS)], null, opened.env);
        expect(last.stderr).toBe('');
        expect(last.settled).toBe(true);
        expect(last.code).toBe(0);

        const { sql } = opened;
        const jobs = await sql.all<{ key: string; status: string; attempts: number }>(`SELECT idempotency_key AS key, status, attempts FROM jobs`);
        const runs = await sql.value(`SELECT COUNT(*) FROM sync_runs`);
        // Every attempt has its log line, the ones a kill cut short included (counted apart, as interrupted).
        const unlogged = await sql.column(`SELECT j.id FROM jobs j WHERE j.attempts + j.interrupted <> (SELECT COUNT(*) FROM integration_log l WHERE l.job_id = j.id)`);
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
        await opened.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 180_000);
  });
}

whenRunAlone(import.meta.url, describeCrash);
