// The pg-boss queue's own SQL over the jobs table (the record) beside pg-boss's job table (the deliveries). Each job
// row that is pending, running or in doubt has exactly one pg-boss job, whose id is made from the row's id, so
// either side finds the other without a column of its own.
import { toJob, type RawJob, type JobRow, type JobStatus } from '../store/jobs-repo';
import type { PgSession } from '../store/postgres/pg-session';

const ID_PREFIX = '5d5c0000-0000-4000-8000-';

/** The pg-boss job id of a job row: a fixed UUID prefix and the row's id in hex (ids sort as the rows do). */
export function deliveryId(jobId: number): string {
  if (!Number.isSafeInteger(jobId) || jobId < 0 || jobId >= 2 ** 48) throw new RangeError(`job id ${jobId} does not fit a delivery id`);
  return ID_PREFIX + jobId.toString(16).padStart(12, '0');
}

export interface RowState {
  id: number;
  connectorId: string;
  status: JobStatus;
  leaseExpiresAt: number | null;
}

export function createPgBossRows(session: PgSession, schema: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RangeError(`"${schema}" is not a plain schema name`);
  return {
    /** Leases the rows pg-boss handed out (only those still pending), in one statement. */
    async lease(ids: number[], tokens: string[], now: number, expires: number): Promise<JobRow[]> {
      const rows = await session.rows<RawJob>(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_token = l.token,
           lease_expires_at = $1, attempt_started_at = $2, updated_at = $2
         FROM unnest($3::bigint[], $4::text[]) AS l (id, token)
         WHERE jobs.id = l.id AND jobs.status = 'pending'
         RETURNING jobs.*`, [expires, now, ids, tokens]);
      return rows.map(toJob);
    },

    async states(ids: number[]): Promise<RowState[]> {
      return (await session.rows<{ id: number; connector_id: string; status: JobStatus; lease_expires_at: number | null }>(
        `SELECT id, connector_id, status, lease_expires_at FROM jobs WHERE id = ANY($1::bigint[])`, [ids]))
        .map((r) => ({ id: r.id, connectorId: r.connector_id, status: r.status, leaseExpiresAt: r.lease_expires_at }));
    },

    /**
     * Pending rows with no pg-boss job: those queued again by staff (a retry from the log or the Errors workspace
     * changes the row only). Oldest first.
     */
    async undelivered(connectorIds: string[], limit: number): Promise<{ id: number; connectorId: string; entityKey: string; nextRunAt: number }[]> {
      return (await session.rows<{ id: number; connector_id: string; entity_key: string; next_run_at: number }>(
        `SELECT j.id, j.connector_id, j.entity_key, j.next_run_at FROM jobs j
         WHERE j.status = 'pending' AND j.connector_id = ANY($1::text[])
           AND NOT EXISTS (SELECT 1 FROM ${schema}.job b WHERE b.name = j.connector_id
                           AND b.id = ('${ID_PREFIX}' || lpad(to_hex(j.id), 12, '0'))::uuid)
         ORDER BY j.id LIMIT $2`, [connectorIds, limit]))
        .map((r) => ({ id: r.id, connectorId: r.connector_id, entityKey: r.entity_key, nextRunAt: r.next_run_at }));
    },
  };
}

export type PgBossRows = ReturnType<typeof createPgBossRows>;
