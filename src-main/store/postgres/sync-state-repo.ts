import { hashRecord, type SyncStateRepo } from '../sync-state-repo';
import type { PgSession } from './pg-session';

const PUT_HASH = `
  INSERT INTO remote_records (connector_id, entity_type, external_id, hash, seen_run_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (connector_id, entity_type, external_id) DO UPDATE SET hash = excluded.hash,
    seen_run_id = excluded.seen_run_id, updated_at = excluded.updated_at`;

export function createPgSyncStateRepo(db: PgSession): SyncStateRepo {
  const hashOf = async (connectorId: string, entityType: string, externalId: string) =>
    (await db.one<{ hash: string }>(`SELECT hash FROM remote_records WHERE connector_id = $1 AND entity_type = $2 AND external_id = $3`,
      [connectorId, entityType, externalId]))?.hash ?? null;
  return {
    async cursor(connectorId, taskId) {
      return (await db.one<{ cursor: string }>(`SELECT cursor FROM sync_cursors WHERE connector_id = $1 AND task_id = $2`, [connectorId, taskId]))?.cursor ?? null;
    },
    async cursorInfo(connectorId, taskId) {
      const r = await db.one<{ cursor: string; updated_at: number }>(
        `SELECT cursor, updated_at FROM sync_cursors WHERE connector_id = $1 AND task_id = $2`, [connectorId, taskId]);
      return r ? { cursor: r.cursor, updatedAt: r.updated_at } : null;
    },
    async clearCursor(connectorId, taskId) {
      return (await db.changes(`DELETE FROM sync_cursors WHERE connector_id = $1 AND task_id = $2`, [connectorId, taskId])) === 1;
    },
    async setCursor(connectorId, taskId, cursor, now) {
      await db.query(
        `INSERT INTO sync_cursors (connector_id, task_id, cursor, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (connector_id, task_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
        [connectorId, taskId, cursor, now]);
    },
    async observe(connectorId, entityType, externalId, value, runId, now) {
      const hash = hashRecord(value);
      // The hash before the write, read in the same statement that writes the new one.
      const r = await db.one<{ prev: string | null }>(
        `WITH prev AS (SELECT hash FROM remote_records WHERE connector_id = $1 AND entity_type = $2 AND external_id = $3)
         , put AS (${PUT_HASH})
         SELECT (SELECT hash FROM prev) AS prev`,
        [connectorId, entityType, externalId, hash, runId, now]);
      const prev = r?.prev ?? null;
      if (prev === null) return 'created';
      return prev === hash ? 'unchanged' : 'updated';
    },
    async observeAll(connectorId, entityType, records, runId, now) {
      if (records.length === 0) return;
      // One statement for the whole page, the ids and hashes as two arrays; an id twice in a page keeps its last value
      // (one statement may not update a row twice).
      const last = new Map(records.map(([id, v]) => [id, v] as const));
      await db.query(
        `INSERT INTO remote_records (connector_id, entity_type, external_id, hash, seen_run_id, updated_at)
         SELECT $1, $2, r.id, r.hash, $3, $4 FROM unnest($5::text[], $6::text[]) AS r (id, hash)
         ON CONFLICT (connector_id, entity_type, external_id) DO UPDATE SET hash = excluded.hash,
           seen_run_id = excluded.seen_run_id, updated_at = excluded.updated_at`,
        [connectorId, entityType, runId, now, [...last.keys()], [...last.values()].map(hashRecord)]);
    },
    async hashesOf(connectorId, entityType) {
      const rows = await db.rows<{ external_id: string; hash: string }>(
        `SELECT external_id, hash FROM remote_records WHERE connector_id = $1 AND entity_type = $2`, [connectorId, entityType]);
      return new Map(rows.map((r) => [r.external_id, r.hash]));
    },
    hashOf,
    position: hashOf,
    async setPosition(connectorId, entityType, externalId, position, now) {
      await db.query(PUT_HASH, [connectorId, entityType, externalId, position, null, now]);
    },
    async count(connectorId, entityType) {
      return (await db.one<{ n: number }>(`SELECT count(*) AS n FROM remote_records WHERE connector_id = $1 AND entity_type = $2`, [connectorId, entityType]))!.n;
    },
  };
}
