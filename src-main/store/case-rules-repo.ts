import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { RuleCondition, RuleView } from '../../src-preload/contract';

type Trigger = RuleView['trigger'];

export interface Raw {
  id: number;
  name: string;
  trigger: Trigger;
  conditions_json: string;
  template_id: number;
  template_name: string;
  enabled: number;
  position: number;
}

// Subquery and JS sort instead of JOIN and ORDER BY: cheaper for SQLite on the case-save path (see templates-repo).
const SELECT = `SELECT r.*, (SELECT t.name FROM mapping_templates t WHERE t.id = r.template_id) AS template_name FROM case_rules r`;
const byPosition = (a: Raw, b: Raw) => a.position - b.position || a.id - b.id;

export const toView = (r: Raw): RuleView => ({
  id: r.id,
  name: r.name,
  trigger: r.trigger,
  conditions: JSON.parse(r.conditions_json) as RuleCondition[],
  templateId: r.template_id,
  templateName: r.template_name,
  enabled: r.enabled === 1,
  position: r.position,
});

export type RuleInput = Omit<RuleView, 'id' | 'templateName'>;

export function createCaseRulesRepo(db: Db) {
  const list = db.prepare(`${SELECT} ORDER BY r.position, r.id`);
  const get = db.prepare(`${SELECT} WHERE r.id = ?`);
  const enabledFor = db.prepare(`${SELECT} WHERE r.enabled = 1 AND r.trigger = ?`);
  const insert = db.prepare(`INSERT INTO case_rules (name, trigger, conditions_json, template_id, enabled, position, created_at, updated_at)
    VALUES (@name, @trigger, @conditions, @templateId, @enabled, @position, @now, @now)`);
  const update = db.prepare(`UPDATE case_rules SET name = @name, trigger = @trigger, conditions_json = @conditions, template_id = @templateId,
    enabled = @enabled, position = @position, updated_at = @now WHERE id = @id`);
  const remove = db.prepare(`DELETE FROM case_rules WHERE id = ?`);

  const params = (r: RuleInput, now: number) => ({
    name: r.name,
    trigger: r.trigger,
    conditions: JSON.stringify(r.conditions),
    templateId: r.templateId,
    enabled: r.enabled ? 1 : 0,
    position: r.position,
    now,
  });

  return {
    list: (): RuleView[] => (list.all() as Raw[]).map(toView),
    get(id: number): RuleView | null {
      const r = get.get(id) as Raw | undefined;
      return r ? toView(r) : null;
    },
    enabledFor: (trigger: Trigger): RuleView[] => (enabledFor.all(trigger) as Raw[]).sort(byPosition).map(toView),
    insert: (r: RuleInput, now: number): number => Number(insert.run(params(r, now)).lastInsertRowid),
    update: (id: number, r: RuleInput, now: number): boolean => update.run({ ...params(r, now), id }).changes === 1,
    delete: (id: number): boolean => remove.run(id).changes === 1,
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type CaseRulesRepo = AsyncRepo<ReturnType<typeof createCaseRulesRepo>>;
