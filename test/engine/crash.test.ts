import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { build } from 'vite';
import Database from 'better-sqlite3';
import { tempDir } from '../support/harness';
import { WidgetSandbox } from '../support/testkit-connector';

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'out', 'test-child');
const JOBS = 300;
let sandbox: WidgetSandbox;
let url: string;

beforeAll(async () => {
  // The child runs the core from a real bundle (migrations inlined as in the app), outside vitest.
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      ssr: join(ROOT, 'test/support/crash-child.ts'),
      outDir: OUT,
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: { output: { format: 'esm', entryFileNames: 'crash-child.mjs' } },
    },
  });
  sandbox = new WidgetSandbox(11);
  sandbox.replyDelayMs = 15;
  url = await sandbox.start();
  await sandbox.setFaults({ latencyMs: 5, errorRate: 0.1 });
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
});

/** Runs the child until `killWhen(done)` says so (SIGKILL), or until it settles. */
function runChild(dataDir: string, killWhen: ((done: number) => boolean) | null): Promise<{ killed: boolean; settled: boolean; code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, [join(OUT, 'crash-child.mjs'), dataDir, url, String(JOBS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let killed = false;
    let settled = false;
    let ready = false;
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line === 'READY') ready = true;
        if (line === 'SETTLED') settled = true;
        const m = /^DONE (\d+)$/.exec(line);
        if (m && ready && !killed && killWhen?.(Number(m[1]))) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish; stderr: ${stderr}`));
    }, 90_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolvePromise({ killed, settled, code, stderr });
    });
  });
}

describe('crash safety', () => {
  it('loses no job and repeats no remote effect when killed with SIGKILL at several points', async () => {
    const dataDir = tempDir();
    try {
      const points = [20, 90, 160, 230];
      for (const p of points) {
        const r = await runChild(dataDir, (done) => done >= p);
        expect(r.stderr).toBe('');
        expect(r.killed).toBe(true);
      }
      const last = await runChild(dataDir, null);
      expect(last.stderr).toBe('');
      expect(last.settled).toBe(true);
      expect(last.code).toBe(0);

      const db = new Database(join(dataDir, 'syncdesk.db'), { readonly: true });
      const jobs = db.prepare(`SELECT idempotency_key AS key, status, attempts FROM jobs`).all() as { key: string; status: string; attempts: number }[];
      const runs = db.prepare(`SELECT COUNT(*) FROM sync_runs`).pluck().get();
      // Every attempt has its log line, the ones a kill cut short included.
      const unlogged = db
        .prepare(`SELECT j.id FROM jobs j WHERE j.attempts <> (SELECT COUNT(*) FROM integration_log l WHERE l.job_id = j.id)`)
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
