// A running run says it is alive while it waits on a slow remote, not only as it makes progress: on a team server
// another engine takes a run over once its heartbeat has stopped for STALE_RUN_MS, so a slow answer must not look
// like a dead engine.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HEARTBEAT_EVERY_MS } from '../../src-main/engine/task-runner';
import { STALE_RUN_MS } from '../../src-main/engine/recovery';
import { peekDb, startTestCore, until } from '../support/harness';
import { TESTKIT_ID } from '../support/testkit-connector';

let h: Awaited<ReturnType<typeof startTestCore>> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a run waiting on a slow remote', () => {
  it('beats every few seconds while no answer comes, and stops beating once it ends', async () => {
    h = await startTestCore({ widgets: 5 });
    // The first page answers after two beats and more (inside the request's 5 s timeout): no progress meanwhile.
    await h.sandbox.setFaults({ latencyMs: HEARTBEAT_EVERY_MS * 2.2 });
    const r = await h.core.dispatch('sync:run', { connectorId: TESTKIT_ID, taskId: 'pull-widgets' });
    if (!r.ok) throw new Error(r.error.message);
    const runId = (r.data as { runId: number }).runId;
    const sql = peekDb(h.services.paths.database);
    const beatOf = () => sql.prepare(`SELECT started_at, heartbeat_at, status FROM sync_runs WHERE id = ?`).get(runId) as { started_at: number; heartbeat_at: number; status: string };
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_EVERY_MS * 1.8));
    const waiting = beatOf();
    expect(waiting.status).toBe('running');
    expect((await h.services.repos.runs.get(runId))?.counts.fetched).toBe(0);
    expect(waiting.heartbeat_at - waiting.started_at).toBeGreaterThanOrEqual(HEARTBEAT_EVERY_MS);
    // Far inside the window another engine waits before it takes a quiet run for dead.
    expect(Date.now() - waiting.heartbeat_at).toBeLessThan(STALE_RUN_MS / 10);
    await h.sandbox.setFaults({ latencyMs: 0 });
    await until(async () => (await h!.services.repos.runs.get(runId))?.finishedAt, 'the run to finish', 30_000);
    const ended = beatOf();
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_EVERY_MS * 1.5));
    expect(beatOf().heartbeat_at).toBe(ended.heartbeat_at);
  });
});

describe("a run's end", () => {
  it('commits with its log line: when the line cannot be written, the run is not left recorded as a success without it', async () => {
    h = await startTestCore({ widgets: 5 });
    const sql = new Database(h.services.paths.database);
    // The store refuses the run's closing log line (as a full disk would refuse the write).
    sql.exec(`CREATE TRIGGER refuse_run_line BEFORE INSERT ON integration_log WHEN new.action = 'run:pull-widgets' BEGIN SELECT RAISE(ABORT, 'no space left'); END`);
    const r = await h.core.dispatch('sync:run', { connectorId: TESTKIT_ID, taskId: 'pull-widgets' });
    if (!r.ok) throw new Error(r.error.message);
    const runId = (r.data as { runId: number }).runId;
    await until(async () => (await h!.services.repos.runs.get(runId))?.finishedAt, 'the run to end', 30_000);
    const run = (await h.services.repos.runs.get(runId))!;
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/could not be recorded/);
    sql.exec(`DROP TRIGGER refuse_run_line`);
    expect(sql.prepare(`SELECT COUNT(*) FROM integration_log WHERE run_id = ?`).pluck().get(runId)).toBe(0);
    sql.close();
  });
});
