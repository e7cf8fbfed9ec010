import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

/**
 * What `linksMark` answers: it changes with every link made, moved or dropped (a new or moved link has a later link
 * time; a dropped one changes the count; a move under a clock set back changes the sum), so a task can tell in one
 * statement that the links it last read in full still stand.
 */
export function markOf(count: number, latestLinkedAt: number, entitySum: number): LinksMark {
  return { count, mark: `${count}:${latestLinkedAt}:${entitySum}` };
}

export interface LinksMark {
  count: number;
  mark: string;
}

/** Which remote record a local one is, per connector. */
export function createExternalIdsRepo(db: Db) {
  const link = db.prepare(`
    INSERT INTO external_ids (entity_type, entity_id, connector_id, external_id, linked_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (entity_type, entity_id, connector_id) DO UPDATE SET external_id = excluded.external_id, linked_at = excluded.linked_at`);
  const get = db.prepare(`SELECT external_id FROM external_ids WHERE entity_type = ? AND entity_id = ? AND connector_id = ?`).pluck();
  const find = db.prepare(`SELECT entity_id FROM external_ids WHERE connector_id = ? AND entity_type = ? AND external_id = ?`).pluck();
  const all = db.prepare(`SELECT connector_id, external_id FROM external_ids WHERE entity_type = ? AND entity_id = ?`);
  const findMany = db.prepare(`SELECT x.external_id, x.entity_id FROM json_each(?) j
    CROSS JOIN external_ids x ON x.connector_id = ? AND x.entity_type = ? AND x.external_id = j.value`);
  const mark = db.prepare(`SELECT COUNT(*) AS n, COALESCE(MAX(linked_at), 0) AS latest, COALESCE(SUM(entity_id), 0) AS ids
    FROM external_ids WHERE connector_id = ? AND entity_type = ?`);
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
    /** The local entities of these remote ids (one statement; ids with no link are left out). */
    findMany(connectorId: string, entityType: string, externalIds: readonly string[]): Map<string, number> {
      const rows = findMany.all(JSON.stringify([...new Set(externalIds)]), connectorId, entityType) as { external_id: string; entity_id: number }[];
      return new Map(rows.map((r) => [r.external_id, r.entity_id]));
    },
    /** A connector's links of one entity type in a few words (how many, the latest link time, the sum of the entities). */
    linksMark(connectorId: string, entityType: string): LinksMark {
      const r = mark.get(connectorId, entityType) as { n: number; latest: number; ids: number };
      return markOf(r.n, r.latest, r.ids);
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
