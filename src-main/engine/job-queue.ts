// The queue port: what the engine and its callers need of a durable job queue, whatever implements it. SQLite's jobs
// table implements it on the desktop (below); a PostgreSQL job engine implements it on a team server (see README).
import type { Repositories } from '../store/repositories';
import type { JobRow, NewJob, ReclaimedRow } from '../store/jobs-repo';

export interface ClaimOptions {
  leaseMs: number;
  limit: number;
  newToken: () => string;
  /** Claim only jobs of one connector (its bulkhead), and of one kind (a batchable kind leases its batch). */
  only?: { connectorId: string; kind?: string };
}

export type ReclaimedJob = ReclaimedRow;

/**
 * Two rules every implementation keeps: jobs for one entity (entityKey) run one at a time, in order; jobs of a
 * connection that is paused (credentials refused or unavailable, disabled) wait, and do not burn attempts.
 * Every write that takes `tx` joins that transaction: enqueue commits with the change that causes the job (outbox),
 * and completion commits with the job's record step.
 */
export interface JobQueue {
  /** Returns the job id; an idempotency key already queued keeps its job. */
  enqueue(tx: Repositories, job: NewJob): Promise<number>;
  /** Leases due jobs (one per entity), in a short transaction of its own or the caller's. */
  claim(tx: Repositories, options: ClaimOptions): Promise<JobRow[]>;
  /** Compare-and-set on the lease token: a worker whose lease was taken over completes nothing. */
  complete(tx: Repositories, id: number, token: string, result: unknown): Promise<boolean>;
  /** Failed for good ('failed': not worth retrying; 'dead': out of attempts). */
  fail(tx: Repositories, id: number, token: string, status: 'failed' | 'dead', error: string): Promise<boolean>;
  /**
   * Back to pending at runAt; refundAttempt when the attempt did not count (paused for credentials); inDoubt when the
   * attempt may have reached the remote (the next one reconciles first).
   */
  reschedule(tx: Repositories, id: number, token: string, runAt: number, error: string, refundAttempt?: boolean, inDoubt?: boolean): Promise<boolean>;
  /** The remote took the call but recording its answer failed: kept with the answer, never repeated. */
  recordFailed(tx: Repositories, id: number, token: string, result: unknown, error: string): Promise<boolean>;
  /** Reconciliation could not tell whether the remote took an earlier attempt: it waits for staff. */
  inDoubt(tx: Repositories, id: number, token: string, error: string): Promise<boolean>;
  /** Staff's answers to an in-doubt job: act again, or the remote record they found. */
  raiseAgain(tx: Repositories, id: number): Promise<boolean>;
  adopt(tx: Repositories, id: number, result: unknown): Promise<boolean>;
  extendLease(id: number, token: string, expiresAt: number): Promise<boolean>;
  /** Expired leases (a crash, kill -9) go back to pending, or to dead after too many interrupted attempts. */
  reclaimExpired(): Promise<ReclaimedJob[]>;
  /** Every leased job: call at start-up only, when nothing else can hold a lease (the data-folder lock says so). */
  reclaimAll(): Promise<ReclaimedJob[]>;
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
    async enqueue(tx, job) {
      const id = await tx.jobs.enqueue(job, now());
      wake();
      return id;
    },
    claim: async (tx, o) => await tx.jobs.claim({ now: now(), leaseMs: o.leaseMs, limit: o.limit, newToken: o.newToken, only: o.only }),
    complete: async (tx, id, token, result) => await tx.jobs.complete(id, token, result, now()),
    fail: async (tx, id, token, status, error) => await tx.jobs.finish(id, token, status, error, now()),
    reschedule: async (tx, id, token, runAt, error, refund = false, inDoubt = false) => await tx.jobs.reschedule(id, token, runAt, error, now(), refund, inDoubt),
    recordFailed: async (tx, id, token, result, error) => await tx.jobs.recordFailed(id, token, result, error, now()),
    inDoubt: async (tx, id, token, error) => await tx.jobs.inDoubt(id, token, error, now()),
    raiseAgain: async (tx, id) => await tx.jobs.raiseAgain(id, now()),
    adopt: async (tx, id, result) => await tx.jobs.adopt(id, result, now()),
    extendLease: async (id, token, expiresAt) => await repos.jobs.extendLease(id, token, expiresAt),
    reclaimExpired: async () => await repos.jobs.reclaimExpired(now()),
    reclaimAll: async () => await repos.jobs.reclaimAll(now()),
  };
}
