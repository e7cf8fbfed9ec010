import { toView, type Raw, type TemplateInput, type TemplatesRepo } from '../templates-repo';
import type { PgSession } from './pg-session';
import { NO_CONFIG_CACHE, type PgConfigCache } from './pg-config-cache';

const SELECT = `SELECT t.*, d.name AS reference_name FROM mapping_templates t JOIN reference_defs d ON d.id = t.reference_id`;

const fields = (t: TemplateInput) => [t.name, t.type, t.referenceId, JSON.stringify(t.rows)];

/**
 * Confirm mapping templates on PostgreSQL. Every template by id is kept in memory (`cache`: dropped when any engine
 * changes one). Names unique and ordered in any case as SQLite's NOCASE has them (lower(name COLLATE "C")).
 */
export function createPgTemplatesRepo(db: PgSession, cache: PgConfigCache = NO_CONFIG_CACHE): TemplatesRepo {
  const byId = () => cache.get('templates', async () => new Map((await db.rows<Raw>(SELECT)).map((r) => [r.id, toView(r)])));
  return {
    list: async () => (await db.rows<Raw>(`${SELECT} ORDER BY lower(t.name COLLATE "C")`)).map(toView),
    /** Frozen: shared by every reader until a template changes. */
    get: async (id) => (await byId()).get(id) ?? null,
    /** The templates of one type for a Reference, oldest first (incoming ones all apply, in that order). Frozen. */
    ofReference: async (referenceId, type) =>
      [...(await byId()).values()].filter((t) => t.referenceId === referenceId && t.type === type).sort((a, b) => a.id - b.id),
    insert: async (t, now) =>
      (await cache.write(db, () => db.one<{ id: number }>(
        `INSERT INTO mapping_templates (name, type, reference_id, rows_json, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
        [...fields(t), now])))!.id,
    update: async (id, t, now) =>
      (await cache.write(db, () => db.changes(`UPDATE mapping_templates SET name = $2, type = $3, reference_id = $4, rows_json = $5, updated_at = $6 WHERE id = $1`,
        [id, ...fields(t), now]))) === 1,
    /** Its rules go with it (ON DELETE CASCADE). */
    delete: async (id) => (await cache.write(db, () => db.changes(`DELETE FROM mapping_templates WHERE id = $1`, [id]))) === 1,
  };
}
