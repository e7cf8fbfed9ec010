import { markOf, type ExternalIdsRepo } from '../external-ids-repo';
import type { PgSession } from './pg-session';

/** Which remote record a local one is, per connector. */
export function createPgExternalIdsRepo(db: PgSession): ExternalIdsRepo {
  return {
    async link(entityType, entityId, connectorId, externalId, now) {
      await db.query(
        `INSERT INTO external_ids (entity_type, entity_id, connector_id, external_id, linked_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (entity_type, entity_id, connector_id) DO UPDATE SET external_id = excluded.external_id, linked_at = excluded.linked_at`,
        [entityType, entityId, connectorId, externalId, now]);
    },
    get: async (entityType, entityId, connectorId) =>
      (await db.one<{ external_id: string }>(`SELECT external_id FROM external_ids WHERE entity_type = $1 AND entity_id = $2 AND connector_id = $3`,
        [entityType, entityId, connectorId]))?.external_id ?? null,
    find: async (connectorId, entityType, externalId) =>
      (await db.one<{ entity_id: number }>(`SELECT entity_id FROM external_ids WHERE connector_id = $1 AND entity_type = $2 AND external_id = $3`,
        [connectorId, entityType, externalId]))?.entity_id ?? null,
    async findMany(connectorId, entityType, externalIds) {
      const rows = await db.rows<{ external_id: string; entity_id: number }>(
        `SELECT external_id, entity_id FROM external_ids WHERE connector_id = $1 AND entity_type = $2 AND external_id = ANY($3::text[])`,
        [connectorId, entityType, [...new Set(externalIds)]]);
      return new Map(rows.map((r) => [r.external_id, Number(r.entity_id)]));
    },
    async linksMark(connectorId, entityType) {
      const r = (await db.one<{ n: string; latest: string; ids: string }>(
        `SELECT COUNT(*) AS n, COALESCE(MAX(linked_at), 0) AS latest, COALESCE(SUM(entity_id), 0) AS ids FROM external_ids WHERE connector_id = $1 AND entity_type = $2`,
        [connectorId, entityType]))!;
      return markOf(Number(r.n), Number(r.latest), Number(r.ids));
    },
    async of(entityType, entityId) {
      const out: Record<string, string> = {};
      for (const r of await db.rows<{ connector_id: string; external_id: string }>(
        `SELECT connector_id, external_id FROM external_ids WHERE entity_type = $1 AND entity_id = $2`, [entityType, entityId])) out[r.connector_id] = r.external_id;
      return out;
    },
  };
}
