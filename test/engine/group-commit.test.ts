// The runner settles attempts in one transaction per tick; a job's record step commits with its completion.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore, peekDb } from '../support/harness';
import { TESTKIT_ID } from '../support/testkit-connector';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function enqueueWidgets(h: Harness, count: number, payload: (i: number) => object) {
  const { repos } = h.services;
  await repos.transaction(async () => {
    for (let i = 0; i < count; i++)
      await repos.jobs.enqueue({ connectorId: TESTKIT_ID, kind: 'create-widget', entityKey: `w-${i}`, idempotencyKey: `gc-${i}`, payload: payload(i) }, Date.now());
  });
  h.services.jobs.kick();
}

function logOf(h: Harness, jobId: number) {
  return peekDb(h.services.paths.database).prepare(`SELECT outcome, attempt, message FROM integration_log WHERE job_id = ? ORDER BY id`).all(jobId) as {
    outcome: string;
    attempt: number;
    message: string;
  }[];
}

describe('settling attempts', () => {
  it('stops an attempt whose record step failed as "recorded failed": its writes rolled back, the remote answer kept, never repeated', async () => {
    h = await startTestCore();
    await enqueueWidgets(h, 3, (i) => ({ name: `w${i}`, recordFailures: i === 1 ? 2 : 0 }));
    await h.services.jobs.whenSettled();
    const jobs = peekDb(h.services.paths.database).prepare(`SELECT id, idempotency_key AS key, status, attempts, result FROM jobs ORDER BY id`).all() as {
      id: number;
      key: string;
      status: string;
      attempts: number;
      result: string;
    }[];
    expect(jobs.map((j) => j.status)).toEqual(['done', 'record_failed', 'done']);
    const flaky = jobs[1]!;
    expect(flaky.attempts).toBe(1);
    expect(logOf(h, flaky.id).map((l) => [l.outcome, l.attempt])).toEqual([['failure', 1]]);
    expect(logOf(h, flaky.id)[0]!.message).toMatch(/^Created widget \S+\. But recording it failed: .*disk said no \(1\).*Not repeated at the remote/);
    // The remote's answer is kept on the job for staff.
    expect(JSON.parse(flaky.result)).toMatchObject({ remote: { name: 'w1' }, message: expect.stringMatching(/^Created widget /) });
    // The failed record rolled back its counter.
    expect(await h.services.repos.settings.get('testkit.recorded.gc-1', 0)).toBe(0);
    // The remote saw the key once and applied it once: nothing was sent again.
    expect(h.sandbox.effectsByKey.get('gc-1')).toBe(1);
    expect(h.sandbox.callsByKey.get('gc-1')).toBe(1);
  });

  it('settles many jobs finishing together with fewer commits than jobs, each with its own log line', async () => {
    h = await startTestCore();
    const db = peekDb(h.services.paths.database);
    // Every write transaction the runner opens goes through repos.transaction; a nested call is a savepoint, not a
    // commit. Another connection's data_version moves when a commit wrote something.
    let commits = 0;
    let depth = 0;
    const version = () => db.pragma('data_version', { simple: true }) as number;
    const original = h.services.repos.transaction;
    h.services.repos.transaction = async <T>(work: Parameters<typeof original<T>>[0]): Promise<T> => {
      if (depth > 0) return await original(work);
      const before = version();
      depth++;
      try {
        return await original(work);
      } finally {
        depth--;
        if (version() !== before) commits++;
      }
    };
    // Answers that take as long come back together, as from a remote under load.
    await h.sandbox.setFaults({ latencyMs: 20 });
    await enqueueWidgets(h, 60, (i) => ({ name: `w${i}` }));
    await h.services.jobs.whenSettled();
    h.services.repos.transaction = original;
    const done = db.prepare(`SELECT COUNT(*) FROM jobs WHERE status = 'done'`).pluck().get();
    expect(done).toBe(60);
    const lines = db.prepare(`SELECT COUNT(*) FROM integration_log WHERE outcome = 'success' AND connector_id = ?`).pluck().get(TESTKIT_ID);
    expect(lines).toBe(60);
    // One at a time this is 60 claims and 60 completions. Answers arriving together settle, and the next jobs are
    // leased, in one commit: fewer commits than jobs (28 on the machine this was written on).
    expect(commits).toBeLessThan(60);
  });
});
