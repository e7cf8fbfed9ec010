import { toView, type Raw, type TemplateInput, type TemplatesRepo } from '../templates-repo';
import type { PgSession } from './pg-session';

const SELECT = `SELECT t.*, d.name AS reference_name FROM mapping_templates t JOIN reference_defs d ON d.id = t.reference_id`;

const fields = (t: TemplateInput) => [t.name, t.type, t.referenceId, JSON.stringify(t.rows)];

/**
 * Confirm mapping templates on PostgreSQL, read from the database each time (as case fields are: another engine may
 * change them). Names unique and ordered in any case as SQLite's NOCASE has them (lower(name COLLATE "C")).
 */
export function createPgTemplatesRepo(db: PgSession): TemplatesRepo {
  return {
    list: async () => (await db.rows<Raw>(`${SELECT} ORDER BY lower(t.name COLLATE "C")`)).map(toView),
    async get(id) {
      const r = await db.one<Raw>(`${SELECT} WHERE t.id = $1`, [id]);
      return r ? toView(r) : null;
    },
    /** The templates of one type for a Reference, oldest first (incoming ones all apply, in that order). */
    ofReference: async (referenceId, type) =>
      (await db.rows<Raw>(`${SELECT} WHERE t.reference_id = $1 AND t.type = $2 ORDER BY t.id`, [referenceId, type])).map(toView),
    insert: async (t, now) =>
      (await db.one<{ id: number }>(
        `INSERT INTO mapping_templates (name, type, reference_id, rows_json, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
        [...fields(t), now]))!.id,
    update: async (id, t, now) =>
      (await db.changes(`UPDATE mapping_templates SET name = $2, type = $3, reference_id = $4, rows_json = $5, updated_at = $6 WHERE id = $1`,
        [id, ...fields(t), now])) === 1,
    /** Its rules go with it (ON DELETE CASCADE). */
    delete: async (id) => (await db.changes(`DELETE FROM mapping_templates WHERE id = $1`, [id])) === 1,
  };
}
