import {
  countsOf, MAX_ATTEMPTS_KEPT, toAction, toAttempt, toGroup, whereOf, type ErrorsRepo, type RawAttempt, type RawGroup,
} from '../errors-repo';
import type { PgSession } from './pg-session';

/** Positional parameters for PostgreSQL ($1, $2, ...), gathered into `params`. */
const positional = (params: unknown[]) => (value: unknown) => `$${params.push(value)}`;

/** The Errors workspace on PostgreSQL: a record's failures in one group, resolved in one statement per batch. */
export function createPgErrorsRepo(db: PgSession): ErrorsRepo {
  const addAction = async (a: { groupId: number; ts: number; action: string; actor: string; note?: string | null; jobId?: number | null; originalPayload?: string | null; newPayload?: string | null }) => {
    await db.query(
      `INSERT INTO error_actions (group_id, ts, action, actor, note, job_id, original_payload, new_payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [a.groupId, a.ts, a.action, a.actor, a.note ?? null, a.jobId ?? null, a.originalPayload ?? null, a.newPayload ?? null]);
  };
  return {
    async noteFailure(f) {
      const reason = f.reason.slice(0, 2000);
      return await db.transaction(async () => {
        const { id: groupId } = (await db.one<{ id: number }>(
          `INSERT INTO error_groups AS g (connector_id, entity_type, entity_id, source, status, reason, reason_kind, failures,
             first_failed_at, last_failed_at, last_job_id, last_run_id)
           VALUES ($1, $2, $3, $4, 'open', $5, $6, 1, $7, $7, $8, $9)
           ON CONFLICT (connector_id, entity_type, entity_id) DO UPDATE SET
             source = excluded.source, reason = excluded.reason, reason_kind = excluded.reason_kind,
             failures = CASE WHEN g.status = 'resolved' THEN 1 ELSE g.failures + 1 END,
             first_failed_at = CASE WHEN g.status = 'resolved' THEN excluded.first_failed_at ELSE g.first_failed_at END,
             last_failed_at = excluded.last_failed_at,
             last_job_id = COALESCE(excluded.last_job_id, g.last_job_id), last_run_id = COALESCE(excluded.last_run_id, g.last_run_id),
             status = 'open', resolved_at = NULL, resolved_by = NULL, resolution_note = NULL
           RETURNING id`,
          [f.connectorId, f.entityType ?? '', f.entityId, f.source, reason, f.reasonKind, f.ts, f.jobId ?? null, f.runId ?? null]))!;
        const added = (await db.one<{ id: number }>(
          `INSERT INTO error_attempts (group_id, ts, job_id, run_id, attempt, reason) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [groupId, f.ts, f.jobId ?? null, f.runId ?? null, f.attempt ?? null, reason]))!;
        if (added.id % 50 === 0) {
          await db.query(
            `DELETE FROM error_attempts WHERE group_id = $1 AND id <= (
               SELECT id FROM error_attempts WHERE group_id = $1 ORDER BY id DESC LIMIT 1 OFFSET ${MAX_ATTEMPTS_KEPT})`, [groupId]);
        }
        return groupId;
      });
    },
    async resolveRecords(connectorId, records, by, ts) {
      if (records.length === 0) return 0;
      if (!(await db.one(`SELECT 1 FROM error_groups WHERE connector_id = $1 AND status = 'open' LIMIT 1`, [connectorId]))) return 0;
      // The batch's open groups resolved and their history lines written in one statement.
      return await db.changes(
        `WITH resolved AS (
           UPDATE error_groups g SET status = 'resolved', resolved_at = $4, resolved_by = $5, resolution_note = NULL
           FROM unnest($2::text[], $3::text[]) AS k (entity_type, entity_id)
           WHERE g.connector_id = $1 AND g.entity_type = k.entity_type AND g.entity_id = k.entity_id AND g.status = 'open'
           RETURNING g.id)
         INSERT INTO error_actions (group_id, ts, action, actor) SELECT id, $4, 'auto_resolve', $5 FROM resolved ORDER BY id`,
        [connectorId, records.map((r) => r.entityType ?? ''), records.map((r) => r.entityId), ts, by]);
    },
    async resolve(id, actor, note, ts) {
      return await db.transaction(async () => {
        const n = await db.changes(
          `UPDATE error_groups SET status = 'resolved', resolved_at = $2, resolved_by = $3, resolution_note = $4 WHERE id = $1 AND status = 'open'`, [id, ts, actor, note]);
        if (n !== 1) return false;
        await addAction({ groupId: id, ts, action: 'resolve', actor, note });
        return true;
      });
    },
    addAction,
    async get(id) {
      const r = await db.one<RawGroup>(`SELECT * FROM error_groups WHERE id = $1`, [id]);
      return r ? toGroup(r) : null;
    },
    attempts: async (id) =>
      (await db.rows<RawAttempt>(`SELECT id, ts, job_id, run_id, attempt, reason FROM error_attempts WHERE group_id = $1 ORDER BY id DESC LIMIT 100`, [id])).map(toAttempt),
    actions: async (id) => (await db.rows(`SELECT * FROM error_actions WHERE group_id = $1 ORDER BY id DESC LIMIT 100`, [id])).map(toAction),
    async page(filter, cursor, limit, countCap) {
      const params: unknown[] = [];
      const where = whereOf(filter, cursor, positional(params));
      const rows = await db.rows<RawGroup>(`SELECT * FROM error_groups WHERE ${where} ORDER BY last_failed_at DESC, id DESC LIMIT ${Math.floor(limit) + 1}`, params);
      const groups = rows.slice(0, limit).map(toGroup);
      const last = groups[groups.length - 1];
      const countParams: unknown[] = [];
      const all = whereOf(filter, null, positional(countParams));
      const total = (await db.one<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM error_groups WHERE ${all} LIMIT ${Math.floor(countCap)}) s`, countParams))!.n;
      return { groups, nextCursor: rows.length > limit && last ? { ts: last.lastFailedAt, id: last.id } : null, total };
    },
    async idsMatching(filter, limit) {
      const params: unknown[] = [];
      const where = whereOf(filter, null, positional(params));
      return (await db.rows<{ id: number }>(`SELECT id FROM error_groups WHERE ${where} ORDER BY last_failed_at DESC, id DESC LIMIT ${Math.floor(limit)}`, params)).map((r) => r.id);
    },
    counts: async () =>
      countsOf((await db.rows<{ connector_id: string; source: string; n: number }>(
        `SELECT connector_id, source, count(*) AS n FROM error_groups WHERE status = 'open'
         GROUP BY connector_id, source ORDER BY connector_id COLLATE "C", source COLLATE "C"`)).map((r) => ({ connectorId: r.connector_id, source: r.source, open: r.n }))),
  };
}
