import { toView, type CaseRulesRepo, type Raw, type RuleInput } from '../case-rules-repo';
import type { PgSession } from './pg-session';

const SELECT = `SELECT r.*, t.name AS template_name FROM case_rules r JOIN mapping_templates t ON t.id = r.template_id`;

const fields = (r: RuleInput) => [r.name, r.trigger, JSON.stringify(r.conditions), r.templateId, r.enabled ? 1 : 0, r.position];

/** The rules that apply templates to cases, on PostgreSQL: in position order, ties in the order they were made. */
export function createPgCaseRulesRepo(db: PgSession): CaseRulesRepo {
  return {
    list: async () => (await db.rows<Raw>(`${SELECT} ORDER BY r.position, r.id`)).map(toView),
    async get(id) {
      const r = await db.one<Raw>(`${SELECT} WHERE r.id = $1`, [id]);
      return r ? toView(r) : null;
    },
    enabledFor: async (trigger) => (await db.rows<Raw>(`${SELECT} WHERE r.enabled = 1 AND r.trigger = $1 ORDER BY r.position, r.id`, [trigger])).map(toView),
    insert: async (r, now) =>
      (await db.one<{ id: number }>(
        `INSERT INTO case_rules (name, trigger, conditions_json, template_id, enabled, position, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, [...fields(r), now]))!.id,
    update: async (id, r, now) =>
      (await db.changes(
        `UPDATE case_rules SET name = $2, trigger = $3, conditions_json = $4, template_id = $5, enabled = $6, position = $7, updated_at = $8
         WHERE id = $1`, [id, ...fields(r), now])) === 1,
    delete: async (id) => (await db.changes(`DELETE FROM case_rules WHERE id = $1`, [id])) === 1,
  };
}
