import { describe, expect, it } from 'vitest';
import type { NewJob } from '../../../src-main/store/jobs-repo';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'jobs' | 'connections'>;

const job = (key: string, more: Partial<NewJob> = {}): NewJob => ({ connectorId: 'erp', kind: 'push', entityKey: 'customer:1', idempotencyKey: key, payload: null, ...more });

function claimer(r: Store) {
  let n = 0;
  const newToken = () => `lease-${++n}`;
  return async (now: number, limit = 10, leaseMs = 1_000, only?: { connectorId: string; kind: string }) => await r.jobs.claim({ now, leaseMs, limit, newToken, only });
}

/** The durable queue's rules: outbox enqueue, one idempotency key one job, leases, per-entity order, paused connections. */
export function describeJobsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: jobs`, () => {
    const store = freshStore(factory);

    it('gives back an enqueued job as pending, due at once, with no attempt and no lease', async () => {
      const r = store();
      const id = await r.jobs.enqueue(job('k1', { payload: { customerId: 1, fields: ['email'] } }), 100);
      expect(await r.jobs.get(id)).toEqual({
        id, connectorId: 'erp', kind: 'push', entityKey: 'customer:1', idempotencyKey: 'k1', payload: { customerId: 1, fields: ['email'] },
        status: 'pending', attempts: 0, maxAttempts: 10, interrupted: 0, nextRunAt: 100, leaseToken: null, leaseExpiresAt: null, attemptStartedAt: null, inDoubtSince: null, lastError: null, createdAt: 100, updatedAt: 100,
      });
      expect(await r.jobs.get(id + 1000)).toBeNull();
    });

    it('keeps the first job of an idempotency key: a second enqueue answers its id and changes nothing', async () => {
      const r = store();
      const first = await r.jobs.enqueue(job('same', { payload: { v: 1 } }), 0);
      const again = await r.jobs.enqueue(job('same', { payload: { v: 2 }, connectorId: 'mis', kind: 'other', runAt: 500 }), 10);
      expect(again).toBe(first);
      expect(await r.jobs.get(first)).toMatchObject({ connectorId: 'erp', kind: 'push', payload: { v: 1 }, nextRunAt: 0 });
      expect(await r.jobs.counts()).toEqual({ pending: 1, running: 0, done: 0, failed: 0, dead: 0, dismissed: 0, in_doubt: 0, record_failed: 0 });
    });

    it('leases due jobs in due order up to the limit, each with its own token and expiry; jobs due later wait', async () => {
      const r = store();
      const claim = claimer(r);
      const late = await r.jobs.enqueue(job('late', { entityKey: 'a', runAt: 50 }), 0);
      const early = await r.jobs.enqueue(job('early', { entityKey: 'b', runAt: 20 }), 0);
      const third = await r.jobs.enqueue(job('third', { entityKey: 'c', runAt: 30 }), 0);
      await r.jobs.enqueue(job('future', { entityKey: 'd', runAt: 999 }), 0);
      const leased = await claim(40, 2, 500);
      expect(leased.map((j) => [j.id, j.status, j.attempts, j.leaseToken, j.leaseExpiresAt])).toEqual([
        [early, 'running', 1, 'lease-1', 540],
        [third, 'running', 1, 'lease-2', 540],
      ]);
      expect((await claim(40)).map((j) => j.id)).toEqual([]);
      expect((await claim(60)).map((j) => j.id)).toEqual([late]);
      expect(await r.jobs.counts()).toMatchObject({ pending: 1, running: 3 });
    });

    it('leases one job per entity, in the order they were enqueued, while other entities go on', async () => {
      const r = store();
      const claim = claimer(r);
      const a1 = await r.jobs.enqueue(job('a1', { entityKey: 'A' }), 0);
      const a2 = await r.jobs.enqueue(job('a2', { entityKey: 'A' }), 0);
      const b1 = await r.jobs.enqueue(job('b1', { entityKey: 'B' }), 0);
      const first = await claim(0);
      expect(first.map((j) => j.id)).toEqual([a1, b1]);
      // a1 retries later: a2 still waits behind it, though a2 is due now.
      expect(await r.jobs.reschedule(a1, first[0]!.leaseToken!, 100, 'timeout', 0)).toBe(true);
      expect(await claim(50)).toEqual([]);
      const retry = await claim(100);
      expect(retry.map((j) => j.id)).toEqual([a1]);
      await r.jobs.complete(a1, retry[0]!.leaseToken!, null, 100);
      expect((await claim(100)).map((j) => j.id)).toEqual([a2]);
    });

    it('keeps per-entity order within a connector only, and lets a failed job stop holding its successors back', async () => {
      const r = store();
      const claim = claimer(r);
      const mis = await r.jobs.enqueue(job('m1', { connectorId: 'mis', entityKey: 'A' }), 0);
      const a1 = await r.jobs.enqueue(job('a1', { entityKey: 'A', runAt: 100 }), 0);
      const a2 = await r.jobs.enqueue(job('a2', { entityKey: 'A' }), 0);
      expect((await claim(0)).map((j) => j.id)).toEqual([mis]);
      const [lease] = await claim(100);
      expect(lease!.id).toBe(a1);
      expect(await r.jobs.finish(a1, lease!.leaseToken!, 'failed', 'refused: 422', 100)).toBe(true);
      expect((await claim(100)).map((j) => j.id)).toEqual([a2]);
    });

    it('completes, reschedules and finishes only with the current lease token, once', async () => {
      const r = store();
      const claim = claimer(r);
      const id = await r.jobs.enqueue(job('k'), 0);
      const [j] = await claim(0);
      expect(await r.jobs.complete(id, 'not-the-token', 'x', 10)).toBe(false);
      expect(await r.jobs.reschedule(id, 'not-the-token', 50, 'x', 10)).toBe(false);
      expect(await r.jobs.finish(id, 'not-the-token', 'dead', 'x', 10)).toBe(false);
      expect(await r.jobs.get(id)).toMatchObject({ status: 'running', leaseToken: j!.leaseToken });
      expect(await r.jobs.complete(id, j!.leaseToken!, { remoteId: 'R1' }, 20)).toBe(true);
      expect(await r.jobs.get(id)).toMatchObject({ status: 'done', attempts: 1, leaseToken: null, leaseExpiresAt: null, lastError: null, updatedAt: 20 });
      expect(await r.jobs.complete(id, j!.leaseToken!, null, 30)).toBe(false);
      expect(await r.jobs.reschedule(id, j!.leaseToken!, 40, 'late', 30)).toBe(false);
      expect(await r.jobs.finish(id, j!.leaseToken!, 'failed', 'late', 30)).toBe(false);
      expect(await r.jobs.get(id)).toMatchObject({ status: 'done', updatedAt: 20 });
    });

    it('reschedules back to pending with the error, counting the attempt unless it is refunded', async () => {
      const r = store();
      const claim = claimer(r);
      const id = await r.jobs.enqueue(job('k'), 0);
      const [first] = await claim(0);
      await r.jobs.reschedule(id, first!.leaseToken!, 200, 'connection reset', 5);
      expect(await r.jobs.get(id)).toMatchObject({ status: 'pending', attempts: 1, nextRunAt: 200, lastError: 'connection reset', leaseToken: null, leaseExpiresAt: null });
      const [second] = await claim(200);
      expect(second!.attempts).toBe(2);
      await r.jobs.reschedule(id, second!.leaseToken!, 300, '401 Unauthorized', 205, true);
      expect(await r.jobs.get(id)).toMatchObject({ status: 'pending', attempts: 1, nextRunAt: 300, lastError: '401 Unauthorized' });
    });

    it('finishes a job as failed or dead with its reason, and never leases it again', async () => {
      const r = store();
      const claim = claimer(r);
      const f = await r.jobs.enqueue(job('f', { entityKey: 'F' }), 0);
      const d = await r.jobs.enqueue(job('d', { entityKey: 'D' }), 0);
      const [jf, jd] = await claim(0);
      expect(await r.jobs.finish(f, jf!.leaseToken!, 'failed', 'refused: 400', 1)).toBe(true);
      expect(await r.jobs.finish(d, jd!.leaseToken!, 'dead', 'gave up after 10 attempts', 1)).toBe(true);
      expect(await r.jobs.get(f)).toMatchObject({ status: 'failed', lastError: 'refused: 400', leaseToken: null });
      expect(await r.jobs.get(d)).toMatchObject({ status: 'dead', lastError: 'gave up after 10 attempts', leaseToken: null });
      expect(await claim(10_000)).toEqual([]);
    });

    it('does not lease jobs of a paused connection (auth required, credentials unavailable, disabled) until it is ready', async () => {
      const r = store();
      const claim = claimer(r);
      for (const [i, state] of (['auth_required', 'credentials_unavailable', 'disabled'] as const).entries()) {
        await r.jobs.enqueue(job(`p${i}`, { connectorId: `c${i}` }), 0);
        await r.connections.setState(`c${i}`, state, 'paused');
      }
      const open = await r.jobs.enqueue(job('open', { connectorId: 'open' }), 0);
      expect(await r.jobs.pausedCount()).toBe(3);
      expect((await claim(0)).map((j) => j.id)).toEqual([open]);
      await r.connections.setState('c1', 'ready', null);
      expect(await r.jobs.pausedCount()).toBe(2);
      expect((await claim(0)).map((j) => j.connectorId)).toEqual(['c1']);
    });

    it('leases only the connector and kind asked for a batch', async () => {
      const r = store();
      const claim = claimer(r);
      await r.jobs.enqueue(job('push', { entityKey: 'a', kind: 'push' }), 0);
      const pull = await r.jobs.enqueue(job('pull', { entityKey: 'b', kind: 'pull' }), 0);
      await r.jobs.enqueue(job('other', { entityKey: 'c', kind: 'pull', connectorId: 'mis' }), 0);
      expect((await claim(0, 10, 1_000, { connectorId: 'erp', kind: 'pull' })).map((j) => j.id)).toEqual([pull]);
      expect(await r.jobs.counts()).toMatchObject({ pending: 2, running: 1 });
    });

    it('joins the caller\'s transaction when it leases: a rolled-back claim leaves the job pending', async () => {
      const r = store();
      const id = await r.jobs.enqueue(job('k'), 0);
      await expect(r.transaction(async (tx) => {
        expect(await claimer(tx)(0)).toHaveLength(1);
        throw new Error('settle failed');
      })).rejects.toThrow('settle failed');
      expect(await r.jobs.get(id)).toMatchObject({ status: 'pending', attempts: 0, leaseToken: null });
    });

    it('reclaims expired leases: back to pending, the attempt counted apart as interrupted and marked in doubt', async () => {
      const r = store();
      const claim = claimer(r);
      const again = await r.jobs.enqueue(job('again', { entityKey: 'A', maxAttempts: 3 }), 0);
      const last = await r.jobs.enqueue(job('last', { entityKey: 'B', maxAttempts: 1 }), 0);
      const fresh = await r.jobs.enqueue(job('fresh', { entityKey: 'C', runAt: 900 }), 0);
      await claim(0, 10, 1_000);
      await claim(900, 10, 1_000);
      expect(await r.jobs.reclaimExpired(1_000)).toEqual([]);
      const reclaimed = await r.jobs.reclaimExpired(1_001);
      // A crash is not a remote failure: even the job allowed one attempt goes back to pending.
      expect(reclaimed.sort((x, y) => x.id - y.id)).toEqual([
        { id: again, connectorId: 'erp', kind: 'push', entityKey: 'A', attempts: 1, interrupted: 1, status: 'pending' },
        { id: last, connectorId: 'erp', kind: 'push', entityKey: 'B', attempts: 1, interrupted: 1, status: 'pending' },
      ]);
      expect(await r.jobs.get(again)).toMatchObject({
        status: 'pending',
        attempts: 0,
        interrupted: 1,
        inDoubtSince: 0,
        leaseToken: null,
        lastError: 'attempt 1 did not finish: the app stopped during it (crash or forced exit)',
      });
      expect(await r.jobs.get(fresh)).toMatchObject({ status: 'running' });
      expect((await claim(1_001)).map((j) => [j.id, j.attempts])).toEqual([
        [again, 1],
        [last, 1],
      ]);
    });

    it('extends a lease only for its holder, and an extended lease is not reclaimed', async () => {
      const r = store();
      const id = await r.jobs.enqueue(job('k'), 0);
      const [j] = await claimer(r)(0, 1, 100);
      expect(await r.jobs.extendLease(id, 'someone-else', 5_000)).toBe(false);
      expect(await r.jobs.extendLease(id, j!.leaseToken!, 5_000)).toBe(true);
      expect(await r.jobs.reclaimExpired(1_000)).toEqual([]);
      expect(await r.jobs.get(id)).toMatchObject({ status: 'running', leaseExpiresAt: 5_000 });
    });

    it('requeues a failed, dead or dismissed job with a fresh attempt count, and dismisses only failed or dead ones', async () => {
      const r = store();
      const claim = claimer(r);
      const id = await r.jobs.enqueue(job('k'), 0);
      expect(await r.jobs.dismiss(id, 1)).toBe(false);
      expect(await r.jobs.requeue(id, 1)).toBe(false);
      const [j] = await claim(0);
      await r.jobs.finish(id, j!.leaseToken!, 'dead', 'gave up', 2);
      expect(await r.jobs.dismiss(id, 3)).toBe(true);
      expect((await r.jobs.get(id))!.status).toBe('dismissed');
      expect(await r.jobs.requeue(id, 4)).toBe(true);
      expect(await r.jobs.get(id)).toMatchObject({ status: 'pending', attempts: 0, nextRunAt: 4, lastError: null });
      expect((await claim(4)).map((x) => x.id)).toEqual([id]);
    });

    it('says when the next runnable job falls due, leaving out paused and blocked ones', async () => {
      const r = store();
      expect(await r.jobs.nextDueAt()).toBeNull();
      await r.jobs.enqueue(job('a1', { entityKey: 'A', runAt: 300 }), 0);
      await r.jobs.enqueue(job('a2', { entityKey: 'A', runAt: 100 }), 0);
      await r.jobs.enqueue(job('p', { entityKey: 'P', connectorId: 'paused', runAt: 50 }), 0);
      await r.connections.setState('paused', 'auth_required', null);
      expect(await r.jobs.nextDueAt()).toBe(300);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeJobsContract);
