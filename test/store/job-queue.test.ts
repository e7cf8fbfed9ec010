import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createRepositories } from '../../src-main/store/repositories';
import { MAX_INTERRUPTED } from '../../src-main/store/jobs-repo';
import { tempDir } from '../support/harness';

function repos() {
  return createRepositories(openDatabase(join(tempDir(), 'q.db')));
}
let n = 0;
const token = () => `t${++n}`;

describe('the durable job queue', () => {
  it('keeps one job per idempotency key', async () => {
    const r = repos();
    const a = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'e', idempotencyKey: 'same', payload: { a: 1 } }, 0);
    const b = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'e', idempotencyKey: 'same', payload: { a: 2 } }, 0);
    expect(b).toBe(a);
    expect((await r.jobs.get(a))!.payload).toEqual({ a: 1 });
  });

  it('writes jobs in the same transaction as the change: a rolled-back change leaves no job', async () => {
    const r = repos();
    await expect(r.transaction(async () => {
      await r.settings.set('x', 1);
      await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'e', idempotencyKey: 'k1', payload: null }, 0);
      throw new Error('change failed');
    })).rejects.toThrow('change failed');
    expect((await r.jobs.counts()).pending).toBe(0);
    expect(await r.settings.has('x')).toBe(false);
  });

  it('completes only with the current lease: an expired worker cannot complete or regress a reclaimed job', async () => {
    const r = repos();
    const id = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'e', idempotencyKey: 'k', payload: null }, 0);
    const [first] = await r.jobs.claim({ now: 0, leaseMs: 1000, limit: 10, newToken: token });
    expect(first!.attempts).toBe(1);
    expect(await r.jobs.reclaimExpired(500)).toHaveLength(0);
    expect(await r.jobs.reclaimExpired(1001)).toMatchObject([{ id, attempts: 1, status: 'pending' }]);
    const [second] = await r.jobs.claim({ now: 1001, leaseMs: 1000, limit: 10, newToken: token });
    expect(second!.id).toBe(id);
    // The attempt the expired worker never finished is counted apart, as interrupted.
    expect([second!.attempts, second!.interrupted]).toEqual([1, 1]);
    expect(await r.jobs.complete(id, first!.leaseToken!, 'late', 1500)).toBe(false);
    expect(await r.jobs.reschedule(id, first!.leaseToken!, 9999, 'late error', 1500)).toBe(false);
    expect(await r.jobs.finish(id, first!.leaseToken!, 'dead', 'late', 1500)).toBe(false);
    expect(await r.jobs.complete(id, second!.leaseToken!, 'ok', 1600)).toBe(true);
    expect((await r.jobs.get(id))!.status).toBe('done');
    expect(await r.jobs.reschedule(id, second!.leaseToken!, 0, 'x', 1700)).toBe(false);
    expect((await r.jobs.get(id))!.status).toBe('done');
  });

  it('counts attempts that died with their worker apart: crashes never use up the remote attempts, but a job that keeps dying ends', async () => {
    const r = repos();
    const id = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'e', idempotencyKey: 'k', payload: null, maxAttempts: 3 }, 0);
    let t = 0;
    for (let crash = 1; crash <= MAX_INTERRUPTED; crash++) {
      expect(await r.jobs.claim({ now: t, leaseMs: 100, limit: 1, newToken: token })).toHaveLength(1);
      t += 101;
      expect(await r.jobs.reclaimExpired(t)).toMatchObject([{ id, attempts: crash, interrupted: crash, status: crash < MAX_INTERRUPTED ? 'pending' : 'dead' }]);
    }
    // More crashes than maxAttempts (3) before it ended: those were not remote failures.
    expect(MAX_INTERRUPTED).toBeGreaterThan(3);
    expect(await r.jobs.get(id)).toMatchObject({ status: 'dead', attempts: 0, interrupted: MAX_INTERRUPTED });
    expect(await r.jobs.claim({ now: t, leaseMs: 100, limit: 1, newToken: token })).toEqual([]);
  });

  it('marks an interrupted attempt in doubt from the moment it began, and reclaims every lease at start-up', async () => {
    const r = repos();
    const a = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'a', idempotencyKey: 'a', payload: null }, 0);
    const b = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'b', idempotencyKey: 'b', payload: null }, 0);
    expect(await r.jobs.claim({ now: 50, leaseMs: 120_000, limit: 2, newToken: token })).toHaveLength(2);
    // Leases run for two minutes; at start-up nothing else can hold them, so they come back at once.
    expect(await r.jobs.reclaimExpired(60)).toEqual([]);
    expect((await r.jobs.reclaimAll(60)).map((j) => j.id).sort()).toEqual([a, b]);
    expect(await r.jobs.get(a)).toMatchObject({ status: 'pending', interrupted: 1, inDoubtSince: 50 });
  });

  it('keeps per-entity order within a connector, not across connectors', async () => {
    const r = repos();
    await r.jobs.enqueue({ connectorId: 'a', kind: 'k', entityKey: 'customer-1', idempotencyKey: 'a1', payload: null }, 0);
    await r.jobs.enqueue({ connectorId: 'b', kind: 'k', entityKey: 'customer-1', idempotencyKey: 'b1', payload: null }, 0);
    await r.connections.setState('a', 'auth_required', 'paused');
    expect((await r.jobs.claim({ now: 0, leaseMs: 100, limit: 5, newToken: token })).map((j) => j.connectorId)).toEqual(['b']);
  });

  it('does not count paused or blocked jobs as due, so the runner sleeps instead of spinning', async () => {
    const r = repos();
    await r.jobs.enqueue({ connectorId: 'a', kind: 'k', entityKey: 'e', idempotencyKey: 'p1', payload: null }, 0);
    await r.connections.setState('a', 'auth_required', 'paused');
    expect(await r.jobs.nextDueAt()).toBeNull();
    await r.connections.setState('a', 'ready', null);
    expect(await r.jobs.nextDueAt()).toBe(0);
    await r.jobs.enqueue({ connectorId: 'a', kind: 'k', entityKey: 'e', idempotencyKey: 'p2', payload: null, runAt: 0 }, 0);
    await r.jobs.claim({ now: 0, leaseMs: 100, limit: 1, newToken: token });
    // p1 runs; p2 waits behind it for the same entity and is not "due".
    expect(await r.jobs.nextDueAt()).toBeNull();
  });

  it('runs the jobs of one entity in order, one at a time, while other entities go on', async () => {
    const r = repos();
    const a1 = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'A', idempotencyKey: 'a1', payload: null }, 0);
    const a2 = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'A', idempotencyKey: 'a2', payload: null }, 0);
    const b1 = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'B', idempotencyKey: 'b1', payload: null }, 0);
    let claimed = await r.jobs.claim({ now: 0, leaseMs: 1000, limit: 10, newToken: token });
    expect(claimed.map((j) => j.id)).toEqual([a1, b1]);
    // a1 waits for a retry later: a2 must still wait behind it.
    await r.jobs.reschedule(a1, claimed[0]!.leaseToken!, 500, 'boom', 0);
    claimed = await r.jobs.claim({ now: 100, leaseMs: 1000, limit: 10, newToken: token });
    expect(claimed).toEqual([]);
    claimed = await r.jobs.claim({ now: 600, leaseMs: 1000, limit: 10, newToken: token });
    expect(claimed.map((j) => j.id)).toEqual([a1]);
    await r.jobs.complete(a1, claimed[0]!.leaseToken!, null, 600);
    expect((await r.jobs.claim({ now: 600, leaseMs: 1000, limit: 10, newToken: token })).map((j) => j.id)).toEqual([a2]);
  });

  it('holds back jobs of a paused connection, and refunds the attempt that found it paused', async () => {
    const r = repos();
    const id = await r.jobs.enqueue({ connectorId: 'c', kind: 'k', entityKey: 'e', idempotencyKey: 'k', payload: null }, 0);
    const [j] = await r.jobs.claim({ now: 0, leaseMs: 1000, limit: 1, newToken: token });
    await r.jobs.reschedule(id, j!.leaseToken!, 0, '401', 0, true);
    await r.connections.setState('c', 'auth_required', 'bad password');
    expect((await r.jobs.get(id))!.attempts).toBe(0);
    expect(await r.jobs.pausedCount()).toBe(1);
    expect(await r.jobs.claim({ now: 10, leaseMs: 1000, limit: 1, newToken: token })).toEqual([]);
    await r.connections.setState('c', 'ready', null);
    expect(await r.jobs.claim({ now: 10, leaseMs: 1000, limit: 1, newToken: token })).toHaveLength(1);
  });

  it('claims only the kind asked for a batch, in due order, and refuses a limit or kind it cannot write into its SQL', async () => {
    const r = repos();
    const ids = await Promise.all([0, 1, 2, 3].map(async (i) =>
      await r.jobs.enqueue({ connectorId: 'c', kind: i % 2 ? 'pull' : 'push', entityKey: `e${i}`, idempotencyKey: `b${i}`, payload: null }, 10 - i),
    ));
    const pulls = await r.jobs.claim({ now: 100, leaseMs: 1000, limit: 5, newToken: token, only: { connectorId: 'c', kind: 'pull' } });
    expect(pulls.map((j) => j.id)).toEqual([ids[3], ids[1]]);
    await expect(r.jobs.claim({ now: 100, leaseMs: 1000, limit: 0, newToken: token })).rejects.toThrow(RangeError);
    await expect(r.jobs.claim({ now: 100, leaseMs: 1000, limit: 2.5, newToken: token })).rejects.toThrow(RangeError);
    await expect(r.jobs.claim({ now: 100, leaseMs: 1000, limit: 1, newToken: token, only: { connectorId: "c' OR 1=1 --", kind: 'pull' } })).rejects.toThrow(RangeError);
    expect((await r.jobs.counts()).pending).toBe(2);
  });
});
