import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

/** Which remote record a local one is, per connector. */
export function createExternalIdsRepo(db: Db) {
  const link = db.prepare(`
    INSERT INTO external_ids (entity_type, entity_id, connector_id, external_id, linked_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (entity_type, entity_id, connector_id) DO UPDATE SET external_id = excluded.external_id, linked_at = excluded.linked_at`);
  const get = db.prepare(`SELECT external_id FROM external_ids WHERE entity_type = ? AND entity_id = ? AND connector_id = ?`).pluck();
  const find = db.prepare(`SELECT entity_id FROM external_ids WHERE connector_id = ? AND entity_type = ? AND external_id = ?`).pluck();
  const all = db.prepare(`SELECT connector_id, external_id FROM external_ids WHERE entity_type = ? AND entity_id = ?`);
  return {
    link(entityType: string, entityId: number, connectorId: string, externalId: string, now: number): void {
      link.run(entityType, entityId, connectorId, externalId, now);
    },
    get(entityType: string, entityId: number, connectorId: string): string | null {
      return (get.get(entityType, entityId, connectorId) as string | undefined) ?? null;
    },
    find(connectorId: string, entityType: string, externalId: string): number | null {
      return (find.get(connectorId, entityType, externalId) as number | undefined) ?? null;
    },
    of(entityType: string, entityId: number): Record<string, string> {
      const out: Record<string, string> = {};
      for (const r of all.all(entityType, entityId) as { connector_id: string; external_id: string }[]) out[r.connector_id] = r.external_id;
      return out;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type ExternalIdsRepo = AsyncRepo<ReturnType<typeof createExternalIdsRepo>>;
