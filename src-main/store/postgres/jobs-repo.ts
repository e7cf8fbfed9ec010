import { MAX_INTERRUPTED, toJob, toReclaimed, type JobStatus, type JobsRepo, type RawJob, type RawReclaimed } from '../jobs-repo';
import type { PgSession } from './pg-session';

// Runnable: not paused, and no earlier unfinished job of the same connector for the same entity (per-entity order).
// Failed and dead jobs do not hold their successors back: staff see them in the log and may retry them.
const RUNNABLE = `j.status = 'pending'
  AND NOT EXISTS (SELECT 1 FROM connections c WHERE c.connector_id = j.connector_id
                  AND c.state IN ('auth_required', 'credentials_unavailable', 'disabled'))
  AND NOT EXISTS (SELECT 1 FROM jobs p WHERE p.entity_key = j.entity_key AND p.connector_id = j.connector_id
                  AND p.id < j.id AND p.status IN ('pending', 'running', 'in_doubt'))`;

// An attempt whose worker died (crash, kill -9) is counted apart from the remote's failures, with a limit of its own,
// and marked in doubt: it may have reached the remote.
const reclaimSql = (where: string) => `
  UPDATE jobs SET status = CASE WHEN interrupted + 1 >= ${MAX_INTERRUPTED} THEN 'dead' ELSE 'pending' END,
    attempts = attempts - 1, interrupted = interrupted + 1,
    in_doubt_since = COALESCE(in_doubt_since, attempt_started_at),
    lease_token = NULL, lease_expires_at = NULL, updated_at = $1,
    last_error = 'attempt ' || attempts || ' did not finish: the app stopped during it (crash or forced exit)'
  WHERE status = 'running' ${where}
  RETURNING id, connector_id, kind, entity_key, attempts + interrupted AS attempts, interrupted, status`;

const json = (value: unknown) => JSON.stringify(value ?? null);

/** The durable queue on PostgreSQL: the same rules as SQLite's, with claims that several engines can make at once. */
export function createPgJobsRepo(db: PgSession): JobsRepo {
  const one = async (sql: string, params: unknown[]) => (await db.changes(sql, params)) === 1;
  return {
    async enqueue(job, now) {
      const inserted = await db.one<{ id: number }>(
        `INSERT INTO jobs (connector_id, kind, entity_key, idempotency_key, payload, max_attempts, next_run_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [job.connectorId, job.kind, job.entityKey, job.idempotencyKey, json(job.payload), job.maxAttempts ?? 10, job.runAt ?? now, now]);
      if (inserted) return inserted.id;
      return (await db.one<{ id: number }>(`SELECT id FROM jobs WHERE idempotency_key = $1`, [job.idempotencyKey]))!.id;
    },

    // Due jobs are locked as they are picked, skipping those another engine is picking: two engines never lease one
    // job, and neither waits for the other. One per entity: a later job of an entity waits for the earlier one.
    async claim(opts) {
      if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 1000) throw new RangeError(`claim limit ${opts.limit} is not a whole number from 1 to 1000`);
      return await db.transaction(async () => {
        const params: unknown[] = [opts.now, opts.limit];
        let only = '';
        if (opts.only) {
          params.push(opts.only.connectorId);
          only = ` AND j.connector_id = $${params.length}`;
          if (opts.only.kind !== undefined) {
            params.push(opts.only.kind);
            only += ` AND j.kind = $${params.length}`;
          }
        }
        const due = await db.rows<{ id: number; entity_key: string }>(
          `SELECT j.id, j.entity_key FROM jobs j WHERE ${RUNNABLE} AND j.next_run_at <= $1${only}
           ORDER BY j.next_run_at, j.id LIMIT $2 FOR UPDATE OF j SKIP LOCKED`, params);
        const seen = new Set<string>();
        const picked = due.filter((r) => !seen.has(r.entity_key) && seen.add(r.entity_key));
        if (picked.length === 0) return [];
        const tokens = picked.map(() => opts.newToken());
        const leased = await db.rows<RawJob>(
          `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_token = l.token,
             lease_expires_at = $1, attempt_started_at = $2, updated_at = $2
           FROM unnest($3::bigint[], $4::text[]) AS l (id, token)
           WHERE jobs.id = l.id AND jobs.status = 'pending'
           RETURNING jobs.*`, [opts.now + opts.leaseMs, opts.now, picked.map((r) => r.id), tokens]);
        const byId = new Map(leased.map((r) => [r.id, r]));
        return picked.flatMap((r) => (byId.has(r.id) ? [toJob(byId.get(r.id)!)] : []));
      });
    },

    // Compare-and-set on the lease: a worker whose lease was reclaimed cannot complete or regress the job.
    complete: async (id, token, result, now) => await one(
      `UPDATE jobs SET status = 'done', result = $3, last_error = NULL, lease_token = NULL,
         lease_expires_at = NULL, in_doubt_since = NULL, updated_at = $4
       WHERE id = $1 AND status = 'running' AND lease_token = $2`, [id, token, json(result), now]),

    reschedule: async (id, token, runAt, error, now, refundAttempt = false, inDoubt = false) => await one(
      `UPDATE jobs SET status = 'pending', next_run_at = $3, last_error = $4, lease_token = NULL,
         lease_expires_at = NULL, attempts = attempts - $6, updated_at = $5,
         in_doubt_since = CASE WHEN $7 THEN COALESCE(in_doubt_since, attempt_started_at) ELSE in_doubt_since END
       WHERE id = $1 AND status = 'running' AND lease_token = $2`, [id, token, runAt, error, now, refundAttempt ? 1 : 0, inDoubt]),

    recordFailed: async (id, token, result, error, now) => await one(
      `UPDATE jobs SET status = 'record_failed', result = $3, last_error = $4, lease_token = NULL,
         lease_expires_at = NULL, updated_at = $5
       WHERE id = $1 AND status = 'running' AND lease_token = $2`, [id, token, json(result), error, now]),

    inDoubt: async (id, token, error, now) => await one(
      `UPDATE jobs SET status = 'in_doubt', last_error = $3, lease_token = NULL, lease_expires_at = NULL,
         in_doubt_since = COALESCE(in_doubt_since, attempt_started_at), updated_at = $4
       WHERE id = $1 AND status = 'running' AND lease_token = $2`, [id, token, error, now]),

    raiseAgain: async (id, now) => await one(
      `UPDATE jobs SET status = 'pending', in_doubt_since = NULL, next_run_at = $2, last_error = NULL, updated_at = $2
       WHERE id = $1 AND status = 'in_doubt'`, [id, now]),

    adopt: async (id, result, now) => await one(
      `UPDATE jobs SET status = 'done', in_doubt_since = NULL, result = $2, last_error = NULL, updated_at = $3
       WHERE id = $1 AND status = 'in_doubt'`, [id, json(result), now]),

    finish: async (id, token, status, error, now) => await one(
      `UPDATE jobs SET status = $3, last_error = $4, lease_token = NULL, lease_expires_at = NULL, updated_at = $5
       WHERE id = $1 AND status = 'running' AND lease_token = $2`, [id, token, status, error, now]),

    extendLease: async (id, token, expires) => await one(
      `UPDATE jobs SET lease_expires_at = $3 WHERE id = $1 AND status = 'running' AND lease_token = $2`, [id, token, expires]),

    reclaimExpired: async (now) => (await db.rows<RawReclaimed>(reclaimSql('AND lease_expires_at < $1'), [now])).map(toReclaimed),

    reclaimAll: async (now) => (await db.rows<RawReclaimed>(reclaimSql(''), [now])).map(toReclaimed),

    requeue: async (id, now) => await one(
      `UPDATE jobs SET status = 'pending', attempts = 0, interrupted = 0, next_run_at = $2, last_error = NULL, updated_at = $2
       WHERE id = $1 AND status IN ('failed', 'dead', 'dismissed')`, [id, now]),

    requeueWithPayload: async (id, payload, now) => await one(
      `UPDATE jobs SET payload = $2, status = 'pending', attempts = 0, interrupted = 0, next_run_at = $3, last_error = NULL, updated_at = $3
       WHERE id = $1 AND status IN ('failed', 'dead', 'dismissed')`, [id, json(payload), now]),

    dismiss: async (id, now) => await one(
      `UPDATE jobs SET status = 'dismissed', updated_at = $2 WHERE id = $1 AND status IN ('failed', 'dead')`, [id, now]),

    listInDoubt: async () => (await db.rows<RawJob>(`SELECT * FROM jobs WHERE status = 'in_doubt' ORDER BY id LIMIT 500`)).map(toJob),

    async get(id) {
      const r = await db.one<RawJob>(`SELECT * FROM jobs WHERE id = $1`, [id]);
      return r ? toJob(r) : null;
    },

    async counts() {
      const out: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0, dead: 0, dismissed: 0, in_doubt: 0, record_failed: 0 };
      for (const r of await db.rows<{ status: JobStatus; n: number }>(`SELECT status, count(*) AS n FROM jobs GROUP BY status`)) out[r.status] = r.n;
      return out;
    },

    async pausedCount() {
      return (await db.one<{ n: number }>(
        `SELECT count(*) AS n FROM jobs j JOIN connections c ON c.connector_id = j.connector_id
         WHERE j.status = 'pending' AND c.state IN ('auth_required', 'credentials_unavailable', 'disabled')`))!.n;
    },

    async nextDueAt() {
      return (await db.one<{ at: number | null }>(`SELECT min(j.next_run_at) AS at FROM jobs j WHERE ${RUNNABLE}`))?.at ?? null;
    },
  };
}
