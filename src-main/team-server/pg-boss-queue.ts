// The queue port on pg-boss, for a team server on PostgreSQL. The jobs table stays the record (status, attempts,
// result, in doubt, what the Errors workspace and the log read); pg-boss does the delivery: one pg-boss queue per
// connector with the key_strict_fifo policy, one pg-boss job per unfinished row, keyed by the row's entity key.
//
// How each promise is kept (see README, "The queue is a port"):
// - outbox: the row and its pg-boss job are written by one transaction, the caller's (pg-boss's `db` option runs
//   its statements on that transaction's client), so a rolled-back change leaves neither;
// - idempotency: the row's unique key keeps its job; the pg-boss job's id is made from the row's id, so a second
//   send is a no-op;
// - leases: a claim is pg-boss's fetch (FOR UPDATE SKIP LOCKED) and the rows' lease, in one transaction; every
//   settle is a compare-and-set on the row's lease token, and the pg-boss job follows in the same transaction;
// - per-entity order: key_strict_fifo hands out a key's jobs one at a time, in creation order, to every engine;
//   a job waiting for its retry or in doubt keeps the key (pg-boss's retry state holds back its successors);
// - retries: a retry is pg-boss's retry state with start_after set to the runner's backoff (pg-boss's own limit and
//   delay are out of the way); a job that failed for good leaves pg-boss (a failed pg-boss job would hold its key
//   for ever) while its row keeps `failed`/`dead`;
// - a paused connection: its queue is not fetched from, so its jobs wait and burn nothing;
// - in doubt: the pg-boss job waits in retry with a start_after far off; raise again brings it to now, adopt
//   removes it;
// - expired leases (kill -9): every engine's runner looks once a second; the row goes back to pending (counted
//   interrupted, marked in doubt) and its pg-boss job back to retry, in one transaction. pg-boss's own expiry and
//   maintenance stay off: the lease is the row's, renewed by the runner at its own rate.
import { PgBoss, type Db, type Job } from 'pg-boss';
import type { Repositories } from '../store/repositories';
import type { PgRepositories } from '../store/postgres/repositories';
import { sessionOf } from '../store/postgres/repositories';
import { UniqueViolation } from '../store/store-errors';
import type { ClaimOptions, JobQueue, ReclaimedJob } from '../engine/job-queue';
import type { JobRow } from '../store/jobs-repo';
import { createPgBossRows, deliveryId } from './pg-boss-rows';

export interface PgBossQueueOptions {
  /** The store the engine runs on (its transactions are the ones jobs are written in). */
  repos: PgRepositories;
  /** The same database, for pg-boss's own connections (its schema, its queues). */
  url: string;
  /** The connectors whose jobs this engine runs: a pg-boss queue each. */
  connectorIds: string[];
  now: () => number;
  /** Wakes the runner after an enqueue (it finds nothing if the transaction rolled back). */
  onEnqueued?: () => void;
  /** pg-boss's schema; `pgboss` unless said. */
  schema?: string;
  /** Shown in pg_stat_activity for pg-boss's own connections. */
  applicationName?: string;
  /** Where pg-boss's background errors go (the diagnostic log). */
  onError?: (err: unknown) => void;
}

export type PgBossJobQueue = JobQueue & {
  readonly boss: PgBoss;
  /** Stops pg-boss (its connections); the store's pool is the caller's. */
  close(): Promise<void>;
};

const PAUSED = new Set(['auth_required', 'credentials_unavailable', 'disabled']);
/** Where an in-doubt job's pg-boss job waits: until staff answer (raise again brings it back). */
const HELD = new Date('9999-01-01T00:00:00Z');
/** pg-boss's retry limit is out of the way: the runner decides when a job has had its attempts. */
const NO_LIMIT = 2_000_000_000;
/** Pending rows without a pg-boss job that one look hands to pg-boss. */
const RELAY_BATCH = 500;

interface Delivery {
  jobId: number;
}

/** Starts pg-boss on the store's database (installing its schema if needed) and makes a queue per connector. */
export async function createPgBossJobQueue(options: PgBossQueueOptions): Promise<PgBossJobQueue> {
  const { repos, now } = options;
  const schema = options.schema ?? 'pgboss';
  const session = sessionOf(repos);
  const rows = createPgBossRows(session, schema);
  const boss = new PgBoss({
    connectionString: options.url,
    schema,
    max: 3,
    application_name: options.applicationName ?? 'syncdesk pg-boss',
    // Expiry and retention are the rows' (see above); cron schedules are the engine's own scheduler.
    supervise: false,
    schedule: false,
    registerInstance: false,
  });
  // Its background errors (a dropped connection) must not end the engine; the calls that matter reject.
  boss.on('error', (err) => options.onError?.(err));
  await boss.start();

  // Statements on the caller's transaction (found through the store's async context), or the pool outside one.
  // pg-boss reads SQLSTATE codes off its errors, so the store's own errors go back to the driver's.
  const db: Db = {
    async executeSql(text, values) {
      try {
        return { rows: (await session.query(text, values)).rows };
      } catch (err) {
        throw err instanceof UniqueViolation && err.cause ? err.cause : err;
      }
    },
  };

  const queues = new Map<string, Promise<void>>();
  const ensureQueue = (connectorId: string) => {
    let made = queues.get(connectorId);
    if (!made) {
      made = boss.createQueue(connectorId, {
        policy: 'key_strict_fifo',
        retryLimit: NO_LIMIT,
        retryDelay: 0,
        expireInSeconds: 86_400,
        retentionSeconds: NO_LIMIT,
        deleteAfterSeconds: 60,
      });
      made.catch(() => queues.delete(connectorId));
      queues.set(connectorId, made);
    }
    return made;
  };
  for (const id of options.connectorIds) await ensureQueue(id);

  /** Which connector's queue a row's pg-boss job is in: known from its claim, else read from the row. */
  const owners = new Map<number, string>();
  async function ownerOf(id: number): Promise<string | null> {
    const known = owners.get(id);
    if (known) return known;
    return (await rows.states([id]))[0]?.connectorId ?? null;
  }

  async function send(connectorId: string, jobId: number, entityKey: string, runAt: number): Promise<void> {
    await ensureQueue(connectorId);
    await boss.send(connectorId, { jobId } satisfies Delivery, { id: deliveryId(jobId), singletonKey: entityKey, startAfter: new Date(runAt), db });
  }

  /** The row is finished (done, failed, dead, recorded failed): its pg-boss job goes, and its key moves on. */
  async function release(id: number): Promise<void> {
    const connectorId = await ownerOf(id);
    owners.delete(id);
    if (connectorId) await boss.deleteJob(connectorId, deliveryId(id), { db });
  }

  /** Back to pg-boss's retry state (its key stays held), due at `at`. */
  async function retryAt(connectorId: string, id: number, at: Date): Promise<void> {
    await boss.fail(connectorId, deliveryId(id), null, { db });
    await boss.update(connectorId, undefined, { id: deliveryId(id), startAfter: at, db });
  }

  /** pg-boss's fetch in a savepoint: a fetch that lost a key's slot to another engine fails alone, as an empty one. */
  async function fetch(connectorId: string, batchSize: number): Promise<Job<Delivery>[]> {
    try {
      return await session.transaction(async () => await boss.fetch<Delivery>(connectorId, { batchSize, db }));
    } catch (err) {
      if (err instanceof UniqueViolation) return [];
      throw err;
    }
  }

  /** A pg-boss job handed out whose row was not pending (never expected; repaired rather than run). */
  async function straighten(connectorId: string, strays: number[]): Promise<void> {
    const states = new Map((await rows.states(strays)).map((s) => [s.id, s]));
    for (const id of strays) {
      const s = states.get(id);
      if (!s || !['pending', 'running', 'in_doubt'].includes(s.status)) await boss.deleteJob(connectorId, deliveryId(id), { db });
      else if (s.status === 'in_doubt') await retryAt(connectorId, id, HELD);
      else await retryAt(connectorId, id, new Date(s.leaseExpiresAt ?? now()));
    }
  }

  async function claimFrom(tx: Repositories, connectorId: string, o: ClaimOptions, limit: number): Promise<JobRow[]> {
    const connection = await tx.connections.get(connectorId);
    if (connection && PAUSED.has(connection.state)) return [];
    await ensureQueue(connectorId);
    const fetched = await fetch(connectorId, limit);
    if (fetched.length === 0) return [];
    const t = now();
    const ids = fetched.map((j) => j.data.jobId);
    const leased = await rows.lease(ids, ids.map(() => o.newToken()), t, t + o.leaseMs);
    const byId = new Map(leased.map((r) => [r.id, r]));
    const strays = ids.filter((id) => !byId.has(id));
    if (strays.length > 0) await straighten(connectorId, strays);
    for (const r of leased) owners.set(r.id, connectorId);
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  /** Expired leases back to the queue, both sides in one transaction; then rows queued again by staff reach pg-boss. */
  async function reclaim(): Promise<ReclaimedJob[]> {
    return await atomic(async () => {
      const reclaimed = await repos.jobs.reclaimExpired(now());
      for (const r of reclaimed) {
        await ensureQueue(r.connectorId);
        if (r.status === 'dead') await release(r.id);
        else await retryAt(r.connectorId, r.id, new Date(now()));
        owners.delete(r.id);
      }
      for (const u of await rows.undelivered([...queues.keys()], RELAY_BATCH)) await send(u.connectorId, u.id, u.entityKey, u.nextRunAt);
      return reclaimed;
    });
  }

  let wakeScheduled = false;
  const wake = () => {
    if (!options.onEnqueued || wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      options.onEnqueued!();
    });
  };

  /** In the caller's transaction (its failure is the caller's), or in one of its own outside any. */
  const atomic = async <T>(work: () => Promise<T>): Promise<T> => (session.inTransaction ? await work() : await session.transaction(work));

  // Each change below is the row's compare-and-set first; pg-boss follows only when it took, in the same transaction.
  const settle = async (work: () => Promise<boolean>, then: () => Promise<void>): Promise<boolean> =>
    await atomic(async () => {
      if (!(await work())) return false;
      await then();
      return true;
    });

  return {
    boss,
    async enqueue(tx, job) {
      const t = now();
      const id = await atomic(async () => {
        const id = await tx.jobs.enqueue(job, t);
        const row = await tx.jobs.get(id);
        // A key already queued keeps its job: a finished one is not delivered again, an unfinished one has its
        // delivery (sending it again is a no-op on the same pg-boss id).
        if (row && row.status === 'pending') await send(row.connectorId, id, row.entityKey, row.nextRunAt);
        return id;
      });
      wake();
      return id;
    },

    async claim(tx, o) {
      if (!Number.isInteger(o.limit) || o.limit < 1 || o.limit > 1000) throw new RangeError(`claim limit ${o.limit} is not a whole number from 1 to 1000`);
      // pg-boss fetches by queue and key, not by payload: a claim of one kind (a batch's top-up) finds none, and the
      // batch is made of the kind's jobs the connector's claim handed out.
      if (o.only?.kind !== undefined) return [];
      return await atomic(async () => {
        const claimed: JobRow[] = [];
        for (const connectorId of o.only ? [o.only.connectorId] : [...queues.keys()]) {
          if (claimed.length >= o.limit) break;
          claimed.push(...await claimFrom(tx, connectorId, o, o.limit - claimed.length));
        }
        return claimed;
      });
    },

    complete: async (tx, id, token, result) => await settle(async () => await tx.jobs.complete(id, token, result, now()), async () => await release(id)),
    fail: async (tx, id, token, status, error) => await settle(async () => await tx.jobs.finish(id, token, status, error, now()), async () => await release(id)),
    reschedule: async (tx, id, token, runAt, error, refund = false, inDoubt = false) =>
      await settle(async () => await tx.jobs.reschedule(id, token, runAt, error, now(), refund, inDoubt), async () => {
        const connectorId = await ownerOf(id);
        if (connectorId) await retryAt(connectorId, id, new Date(runAt));
      }),
    recordFailed: async (tx, id, token, result, error) => await settle(async () => await tx.jobs.recordFailed(id, token, result, error, now()), async () => await release(id)),
    inDoubt: async (tx, id, token, error) =>
      await settle(async () => await tx.jobs.inDoubt(id, token, error, now()), async () => {
        const connectorId = await ownerOf(id);
        if (connectorId) await retryAt(connectorId, id, HELD);
      }),
    raiseAgain: async (tx, id) =>
      await settle(async () => await tx.jobs.raiseAgain(id, now()), async () => {
        const connectorId = await ownerOf(id);
        if (connectorId) await boss.update(connectorId, undefined, { id: deliveryId(id), startAfter: new Date(now()), db });
      }),
    adopt: async (tx, id, result) => await settle(async () => await tx.jobs.adopt(id, result, now()), async () => await release(id)),
    extendLease: async (id, token, expiresAt) => await repos.jobs.extendLease(id, token, expiresAt),
    reclaimExpired: reclaim,
    // Other engines hold live leases on this database: at start-up only the expired ones are taken back.
    reclaimAll: reclaim,
    async close() {
      await boss.stop({ graceful: false });
    },
  };
}
