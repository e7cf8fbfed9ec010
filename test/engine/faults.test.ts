import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore, until } from '../support/harness';
import { TESTKIT_ID } from '../support/testkit-connector';
import { whenRunAlone, type CoreStore } from '../support/core-store';

type Harness = Awaited<ReturnType<typeof startTestCore>>;

async function configure(h: Harness, values: Record<string, number>) {
  const r = await h.core.dispatch('connections:save', { connectorId: TESTKIT_ID, values, secrets: {} });
  expect(r.ok).toBe(true);
}

async function push(h: Harness) {
  const r = await h.core.dispatch('sync:run', { connectorId: TESTKIT_ID, taskId: 'push-widgets' });
  if (!r.ok) throw new Error(r.error.message);
  const run = await h.services.tasks.wait((r.data as { runId: number }).runId);
  expect(run?.status, `the push run: ${run?.message}`).toBe('success');
  return run!;
}

async function logFor(h: Harness, jobId: number) {
  return await h.sql.all<{ outcome: string; attempt: number }>(`SELECT outcome, attempt FROM integration_log WHERE job_id = ? ORDER BY id`, jobId);
}

async function jobs(h: Harness) {
  return await h.sql.all<{ id: number; key: string; entity: string; status: string; attempts: number }>(
    `SELECT id, idempotency_key AS key, entity_key AS entity, status, attempts FROM jobs ORDER BY id`,
  );
}

/** The engine under faults, on the store given (both run it: see test/store/postgres/engine-matrix.test.ts). */
export function describeFaults(store: CoreStore): void {
  describe(`engine under faults (${store.name})`, () => {
    let h: Harness | null = null;
    const start = async () => await startTestCore({ store });
    afterEach(async () => {
      await h?.close();
      h = null;
    });

    it('converges with 30% seeded failures (503, resets, timeouts): every job once remotely, in order per entity', async () => {
      h = await start();
      await configure(h, { pushCount: 200, timeoutMs: 400 });
      await h.sandbox.setFaults({ errorRate: 0.3 });
      await push(h);
      await h.services.jobs.whenSettled();

      const all = await jobs(h);
      expect(all).toHaveLength(200);
      const valid = all.filter((j) => j.key !== 'push-1-200');
      expect(valid.every((j) => j.status === 'done')).toBe(true);
      expect(valid.every((j) => j.attempts >= 1 && j.attempts <= 10)).toBe(true);
      expect(valid.some((j) => j.attempts > 1)).toBe(true);
      expect(h.sandbox.faultsInjected).toBeGreaterThan(40);
      // The remote effect happened exactly once per key, retries and timeouts notwithstanding.
      for (const j of valid) expect(h.sandbox.effectsByKey.get(j.key)).toBe(1);
      expect(h.sandbox.created.size).toBe(199);

      // Every attempt is in the log: retrying lines for the failures, one success at the end.
      for (const j of valid) {
        const lines = await logFor(h, j.id);
        expect(lines).toHaveLength(j.attempts);
        expect(lines.at(-1)!.outcome).toBe('success');
        expect(lines.slice(0, -1).every((l) => l.outcome === 'retrying')).toBe(true);
        expect(lines.map((l) => l.attempt)).toEqual(Array.from({ length: j.attempts }, (_, i) => i + 1));
      }

      // Jobs of one entity reached the remote in the order they were queued.
      const order = [...h.sandbox.created.keys()];
      const byEntity = new Map<string, number[]>();
      for (const j of valid) {
        const list = byEntity.get(j.entity) ?? [];
        list.push(order.indexOf(j.key));
        byEntity.set(j.entity, list);
      }
      for (const positions of byEntity.values()) expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });

    it('retries with the same key when answers are lost after the remote applied them: one effect each', async () => {
      h = await start();
      await configure(h, { pushCount: 60, timeoutMs: 400 });
      h.sandbox.lostReplyRate = 0.3;
      await push(h);
      await h.services.jobs.whenSettled();
      const valid = (await jobs(h)).filter((j) => j.key !== 'push-1-60');
      expect(valid.every((j) => j.status === 'done')).toBe(true);
      expect(h.sandbox.lostReplies).toBeGreaterThan(5);
      // The retries came back with the key of the first try, so the store answered instead of creating again.
      expect(h.sandbox.repeatsAnswered).toBeGreaterThan(0);
      for (const j of valid) expect(h.sandbox.effectsByKey.get(j.key)).toBe(1);
      expect(h.sandbox.created.size).toBe(59);
    });

    it('tries a validation failure exactly once', async () => {
      h = await start();
      await configure(h, { pushCount: 3 });
      await push(h);
      await h.services.jobs.whenSettled();
      const invalid = (await jobs(h)).find((j) => j.key === 'push-1-3')!;
      expect(invalid.status).toBe('failed');
      expect(invalid.attempts).toBe(1);
      expect(h.sandbox.callsByKey.get('push-1-3')).toBe(1);
      expect(await logFor(h, invalid.id)).toEqual([{ outcome: 'validation_failure', attempt: 1 }]);
    });

    it('gives a job that always fails up after 10 attempts, with 10 log lines, then Retry queues it again', async () => {
      h = await start();
      await configure(h, { pushCount: 2, timeoutMs: 300 });
      await h.sandbox.setFaults({ errorRate: 1 });
      await push(h);
      await h.services.jobs.whenSettled();
      for (const j of await jobs(h)) {
        expect(j.status).toBe('dead');
        expect(j.attempts).toBe(10);
        expect(await logFor(h, j.id)).toEqual([
          ...Array.from({ length: 9 }, (_, i) => ({ outcome: 'retrying', attempt: i + 1 })),
          { outcome: 'dead', attempt: 10 },
        ]);
      }
      expect(h.sandbox.effectsByKey.size).toBe(0);

      await h.sandbox.setFaults({ errorRate: 0 });
      const deadLine = await h.sql.value<number>(`SELECT id FROM integration_log WHERE outcome = 'dead' AND entity_id = 'widget-1'`);
      const retried = await h.core.dispatch('log:retry', { id: deadLine });
      expect(retried).toMatchObject({ ok: true, data: { retried: true } });
      await h.services.jobs.whenSettled();
      const job = (await jobs(h)).find((j) => j.key === 'push-1-1')!;
      expect(job.status).toBe('done');
      expect(h.sandbox.effectsByKey.get('push-1-1')).toBe(1);
    });

    it('pauses the connection on 401 without burning attempts, and resumes when credentials are saved', async () => {
      h = await start();
      await configure(h, { pushCount: 4 });
      h.sandbox.requiredPassword = 'something-else';
      await push(h);
      await until(async () => (await h!.services.repos.connections.get(TESTKIT_ID))?.state === 'auth_required', 'the pause');
      // The attempts that were under way when the first 401 came back end as well (each refused, each refunded).
      await until(async () => (await jobs(h!)).every((j) => j.status !== 'running'), 'the attempts under way to end');
      const paused = await jobs(h);
      expect(paused.filter((j) => j.status !== 'pending' || j.attempts !== 0)).toEqual([]);
      const view = await h.core.dispatch('connections:list', {});
      expect(view.ok && (view.data as { state: string }[])[0]!.state).toBe('auth_required');
      const calls = h.sandbox.requests;
      await new Promise((r) => setTimeout(r, 200));
      expect(h.sandbox.requests).toBe(calls);

      h.sandbox.requiredPassword = null;
      await configure(h, { pushCount: 4 });
      await h.services.jobs.whenSettled();
      expect((await jobs(h)).filter((j) => j.status === 'done')).toHaveLength(3);
    });

    it('honours Retry-After on 429', async () => {
      h = await start();
      await configure(h, { pushCount: 2 });
      const sandbox = h.sandbox;
      let limited = 0;
      // When each create reached the remote, by idempotency key.
      const asked = new Map<string, number[]>();
      // The first create of the valid widget (key push-<run>-1; the second is invalid on purpose) answers 429 with Retry-After: 1 (second).
      const routes = (sandbox as unknown as { routes: Record<string, unknown> }).routes;
      const create = routes['POST /widgets'] as (req: { headers: Record<string, unknown> }, s: unknown) => unknown;
      routes['POST /widgets'] = (req: { headers: Record<string, unknown> }, s: unknown) => {
        const key = String(req.headers['idempotency-key']);
        asked.set(key, [...(asked.get(key) ?? []), Date.now()]);
        if (key.endsWith('-1') && limited++ === 0) return { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '1' } };
        return create(req, s);
      };
      await push(h);
      await h.services.jobs.whenSettled();
      // The job that met the 429 (engines may start several at once: it is found by its key, not as the first listed).
      const first = (await jobs(h)).find((j) => j.key.endsWith('-1'))!;
      expect(asked.get(first.key)).toHaveLength(2);
      const lines = await h.sql.all<{ outcome: string; message: string }>(`SELECT outcome, message FROM integration_log WHERE job_id = ? ORDER BY id`, first.id);
      expect(lines[0]!.outcome).toBe('retrying');
      expect(lines[0]!.message).toMatch(/429/);
      expect(lines[1]!.outcome).toBe('success');
      // The remote was not asked again before the second it named (the log lines' times are the commits', later).
      const [refused, retried] = asked.get(first.key)!;
      expect(retried! - refused!).toBeGreaterThanOrEqual(1000);
    });
  });
}

whenRunAlone(import.meta.url, describeFaults);
