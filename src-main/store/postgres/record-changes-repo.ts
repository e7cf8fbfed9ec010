import { byRecordKey, paged, type Raw, type RecordChangesRepo } from '../record-changes-repo';
import type { PgSession } from './pg-session';

/** Record keys as two parallel arrays, for an unnest. */
const keys = (records: { entityType: string; entityId: string }[]) => [records.map((r) => r.entityType), records.map((r) => r.entityId)];

/** Field-level diffs on PostgreSQL: a batch of updates is one multi-row insert. */
export function createPgRecordChangesRepo(db: PgSession): RecordChangesRepo {
  return {
    async add(updates) {
      const rows = updates.flatMap((u) => u.changes.map((c) => [u.connectorId, u.entityType, u.entityId, u.runId, u.source, c.field, c.from, c.to, u.at, c.lostEditId ?? null] as const));
      if (rows.length === 0) return 0;
      const col = (k: number) => rows.map((r) => r[k]);
      return await db.changes(
        `INSERT INTO record_changes (connector_id, entity_type, entity_id, run_id, source, field, old_value, new_value, at, lost_edit_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[])`,
        Array.from({ length: 10 }, (_, k) => col(k)));
    },
    ofRun: async (runId, after, limit) =>
      paged(await db.rows<Raw>(`SELECT * FROM record_changes WHERE run_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [runId, after, limit + 1]), limit),
    async ofRunRecords(runId, records) {
      if (records.length === 0) return new Map();
      const rows = await db.rows<Raw>(
        `SELECT * FROM record_changes WHERE run_id = $1
           AND (entity_type, entity_id) IN (SELECT * FROM unnest($2::text[], $3::text[])) ORDER BY id`, [runId, ...keys(records)]);
      return byRecordKey(rows);
    },
    ofRecords: async (records, before, limit) =>
      paged(await db.rows<Raw>(
        `SELECT c.* FROM unnest($1::text[], $2::text[]) AS k (entity_type, entity_id)
         JOIN record_changes c ON c.entity_type = k.entity_type AND c.entity_id = k.entity_id
         WHERE ($3::bigint = 0 OR c.id < $3) ORDER BY c.id DESC LIMIT $4`, [...keys(records), before, limit + 1]), limit),
  };
}
