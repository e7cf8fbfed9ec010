// The queue port: what the engine and its callers need of a durable job queue, whatever implements it. SQLite's jobs
// table implements it on the desktop (below); a PostgreSQL job engine implements it on a team server (see README).
import type { Repositories } from '../store/repositories';
import type { JobRow, NewJob } from '../store/jobs-repo';

export interface ClaimOptions {
  leaseMs: number;
  limit: number;
  newToken: () => string;
  /** Claim only jobs of one connector and kind (a batchable kind leases its batch). */
  only?: { connectorId: string; kind: string };
}

export interface ReclaimedJob {
  id: number;
  connectorId: string;
  kind: string;
  entityKey: string;
  attempts: number;
  status: 'pending' | 'dead';
}

/**
 * Two rules every implementation keeps: jobs for one entity (entityKey) run one at a time, in order; jobs of a
 * connection that is paused (credentials refused or unavailable, disabled) wait, and do not burn attempts.
 * Every write that takes `tx` joins that transaction: enqueue commits with the change that causes the job (outbox),
 * and completion commits with the job's record step.
 */
export interface JobQueue {
  /** Returns the job id; an idempotency key already queued keeps its job. */
  enqueue(tx: Repositories, job: NewJob): number;
  /** Leases due jobs (one per entity), in a short transaction of its own or the caller's. */
  claim(tx: Repositories, options: ClaimOptions): JobRow[];
  /** Compare-and-set on the lease token: a worker whose lease was taken over completes nothing. */
  complete(tx: Repositories, id: number, token: string, result: unknown): boolean;
  /** Failed for good ('failed': not worth retrying; 'dead': out of attempts). */
  fail(tx: Repositories, id: number, token: string, status: 'failed' | 'dead', error: string): boolean;
  /** Back to pending at runAt; refundAttempt when the attempt did not count (paused for credentials). */
  reschedule(tx: Repositories, id: number, token: string, runAt: number, error: string, refundAttempt?: boolean): boolean;
  extendLease(id: number, token: string, expiresAt: number): boolean;
  /** Expired leases (a crash, kill -9) go back to pending, or to dead after the last attempt. */
  reclaimExpired(): ReclaimedJob[];
}

/** The jobs table as the queue. `onEnqueued` wakes the runner (it finds nothing if the transaction rolled back). */
export function createSqliteJobQueue(repos: Repositories, deps: { now: () => number; onEnqueued?: () => void }): JobQueue {
  const { now } = deps;
  let wakeScheduled = false;
  const wake = () => {
    if (!deps.onEnqueued || wakeScheduled) return;
    wakeScheduled = true;
    // After the caller's transaction commits: the runner then sees the job.
    setImmediate(() => {
      wakeScheduled = false;
      deps.onEnqueued!();
    });
  };
  return {
    enqueue(tx, job) {
      const id = tx.jobs.enqueue(job, now());
      wake();
      return id;
    },
    claim: (tx, o) => tx.jobs.claim({ now: now(), leaseMs: o.leaseMs, limit: o.limit, newToken: o.newToken, only: o.only }),
    complete: (tx, id, token, result) => tx.jobs.complete(id, token, result, now()),
    fail: (tx, id, token, status, error) => tx.jobs.finish(id, token, status, error, now()),
    reschedule: (tx, id, token, runAt, error, refund = false) => tx.jobs.reschedule(id, token, runAt, error, now(), refund),
    extendLease: (id, token, expiresAt) => repos.jobs.extendLease(id, token, expiresAt),
    reclaimExpired: () => repos.jobs.reclaimExpired(now()),
  };
}
